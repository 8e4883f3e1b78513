/**
 * The page baselines of bench:union: digital resources (e-lectures, no holdings) with bench:search's
 * words, so that "today's search page" and "today's item page" are the same pages as the union
 * catalogue's, without the holdings lines. Added once to a generated data set (one in ten titles, at
 * least 200), written in bulk and announced on the change feed, so that an app that kept its
 * search index in a snapshot indexes them when it catches up; their ids are kept in `digital.json`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Types } from 'mongoose';
import type { Logger } from '../../src/log.js';
import { SCHEMA_VERSION } from '../../src/models/schemaVersion.js';
import { ChangeFeed } from '../../src/services/changeFeed.js';
import { insertResources } from './generate.js';

/** The type of every baseline resource: the search page's filter that finds them alone. */
export const DIGITAL_TYPE = 'bai-giang';
const FILE = 'digital.json';
const MIN_DIGITAL = 200;

/** The ids of the data set's digital resources, added now if it has none yet. */
export async function ensureDigitalResources(
  dataDir: string,
  titles: number,
  schoolIds: Types.ObjectId[],
  log: Logger,
): Promise<string[]> {
  const file = path.join(dataDir, FILE);
  if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8')) as string[];
  const ids = Array.from({ length: Math.max(MIN_DIGITAL, Math.round(titles / 10)) }, () => new Types.ObjectId());
  await insertResources({
    count: ids.length,
    schoolIds,
    ownerId: new Types.ObjectId(),
    seed: 97,
    publicShare: 1,
    decorate: (resource, i) => {
      (resource.metadata as { type: string }).type = DIGITAL_TYPE;
      resource._id = ids[i];
      resource.schemaVersion = SCHEMA_VERSION;
    },
  });
  const hex = ids.map((id) => id.toHexString());
  await new ChangeFeed(log).publishMany('resource', hex);
  fs.writeFileSync(file, JSON.stringify(hex));
  return hex;
}
