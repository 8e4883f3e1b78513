/**
 * The union catalogue of a province for bench:union, written in bulk: `titles` printed titles (the
 * same words, levels and subjects as bench:search's catalogue, so that the same queries find as
 * much) and `copies` copies spread over the schools as a province holds them: a textbook (one title
 * in fifty) at nearly every school, any other title at one to a few, most copies on textbooks; a
 * share of the copies on loan, lost or damaged. Copies go in with insertCopies in batches, never
 * through the API.
 */
import { Types } from 'mongoose';
import type { Copy, CopyStatus } from '../../src/domain/copy.js';
import type { PrintEdition } from '../../src/domain/printEdition.js';
import { insertCopies } from '../../src/models/copy.js';
import { SCHEMA_VERSION } from '../../src/models/schemaVersion.js';
import { storedCopy } from '../../test/support/storedCopy.js';
import { insertResources, random } from './generate.js';

export interface UnionCounts {
  schools: number;
  titles: number;
  copies: number;
}

/** One title in fifty is a textbook. */
export const isTextbook = (titleIndex: number): boolean => titleIndex % 50 === 0;

const TEXTBOOK_HOLDING_SHARE = 0.95;
/** Of the copies left once every holding has one, the share that goes to textbook holdings. */
const TEXTBOOK_EXTRA_SHARE = 0.75;
const COPY_BATCH = 5000;

function isbn13(n: number): string {
  const digits = `978604${String(n).padStart(6, '0')}`;
  const sum = [...digits].reduce((s, d, i) => s + Number(d) * (i % 2 ? 3 : 1), 0);
  return `${digits}${(10 - (sum % 10)) % 10}`;
}

function printEditionOf(i: number): PrintEdition {
  return {
    isbns: [{ value: isbn13(i), qualifier: null, invalid: false }],
    edition: isTextbook(i) ? 'Tái bản lần thứ 2' : null,
    place: 'Hà Nội',
    pages: 80 + (i % 300),
    dimensions: '24 cm',
    seriesStatement: null,
    classification: { scheme: 'ddc', number: String(100 + (i % 900)) },
    authorMark: 'NG-A',
    callNumberOverride: null,
    subjectHeadings: [],
    notes: null,
  };
}

/** Returns the titles' ids by index (given here, so that nothing has to read them back in order). */
export async function insertPrintedTitles(
  count: number,
  schoolIds: Types.ObjectId[],
  onProgress: (done: number) => void,
): Promise<string[]> {
  const ids = Array.from({ length: count }, () => new Types.ObjectId());
  await insertResources({
    count,
    schoolIds,
    ownerId: new Types.ObjectId(),
    // The province's catalogue is open to all: anyone may look a printed title up.
    publicShare: 1,
    onProgress,
    decorate: (resource, i) => {
      (resource.metadata as { type: string }).type = isTextbook(i) ? 'sgk-in' : 'sach-in';
      resource.print = printEditionOf(i);
      resource._id = ids[i];
      // Written lean, so without the model's default: as this release writes it (copies get it from insertCopies).
      resource.schemaVersion = SCHEMA_VERSION;
    },
  });
  return ids.map((id) => id.toHexString());
}

/** Which schools hold which title (as indexes) and how many copies each: the plan the copies follow. */
export interface HoldingsPlan {
  title: Int32Array;
  school: Int32Array;
  copies: Uint16Array;
}

export function planHoldings(counts: UnionCounts, seed = 11): HoldingsPlan {
  const rnd = random(seed);
  const titles: number[] = [];
  const schools: number[] = [];
  for (let t = 0; t < counts.titles; t++) {
    if (isTextbook(t)) {
      for (let s = 0; s < counts.schools; s++) {
        if (rnd() < TEXTBOOK_HOLDING_SHARE) (titles.push(t), schools.push(s));
      }
      continue;
    }
    // One school mostly, a few sometimes: 1 + a geometric number, at most every school.
    const holders = Math.min(counts.schools, 1 + Math.floor(-Math.log(1 - rnd()) * 1.2));
    const first = Math.floor(rnd() * counts.schools);
    for (let k = 0; k < holders; k++) (titles.push(t), schools.push((first + k * 7) % counts.schools));
  }
  const size = Math.min(titles.length, counts.copies);
  const plan = { title: Int32Array.from(titles.slice(0, size)), school: Int32Array.from(schools.slice(0, size)) };
  const copies = new Uint16Array(size).fill(1);
  const textbookHoldings = [...plan.title.keys()].filter((h) => isTextbook(plan.title[h]!));
  const otherHoldings = [...plan.title.keys()].filter((h) => !isTextbook(plan.title[h]!));
  for (let extra = counts.copies - size; extra > 0; extra--) {
    const pool = rnd() < TEXTBOOK_EXTRA_SHARE && textbookHoldings.length ? textbookHoldings : otherHoldings;
    copies[pool[Math.floor(rnd() * pool.length)]!]!++;
  }
  return { ...plan, copies };
}

/** Mostly on the shelf; some lent, a few lost or damaged (withdrawn ones would need withdrawal records). */
function statusDraw(rnd: () => number): CopyStatus {
  const draw = rnd();
  return draw < 0.08 ? 'on_loan' : draw < 0.09 ? 'lost' : draw < 0.1 ? 'damaged' : 'available';
}

/** The copies of the plan, `COPY_BATCH` at a time, numbered per school and collection. */
export async function insertPlannedCopies(
  plan: HoldingsPlan,
  titleIds: string[],
  schoolIds: string[],
  onProgress: (done: number) => void,
): Promise<Record<CopyStatus, number>> {
  const rnd = random(13);
  const counters = new Map<string, number>();
  const statuses: Partial<Record<CopyStatus, number>> = {};
  const batchId = new Types.ObjectId().toHexString();
  const now = new Date();
  let batch: Copy[] = [];
  let done = 0;
  for (let h = 0; h < plan.title.length; h++) {
    const collectionCode = isTextbook(plan.title[h]!) ? 'SGK' : 'TK';
    const orgId = schoolIds[plan.school[h]!]!;
    for (let c = 0; c < plan.copies[h]!; c++) {
      const key = `${orgId}:${collectionCode}`;
      const n = (counters.get(key) ?? 0) + 1;
      counters.set(key, n);
      const accessionNumber = `${collectionCode}-${String(n).padStart(5, '0')}`;
      const resourceId = titleIds[plan.title[h]!]!;
      const copy = storedCopy(
        { orgId, resourceId, batchId, accessionNumber, barcode: accessionNumber, collectionCode },
        now,
      );
      copy.status = statusDraw(rnd);
      statuses[copy.status] = (statuses[copy.status] ?? 0) + 1;
      batch.push(copy);
      if (batch.length === COPY_BATCH) {
        await insertCopies(batch);
        onProgress((done += batch.length));
        batch = [];
      }
    }
  }
  if (batch.length) {
    await insertCopies(batch);
    onProgress(done + batch.length);
  }
  return statuses as Record<CopyStatus, number>;
}
