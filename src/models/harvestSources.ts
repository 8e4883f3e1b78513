/**
 * Named queries over harvest sources and their runs, as the admin pages need them: records come
 * out as the domain's `HarvestSource` and `HarvestRun`, with string ids. (The harvester itself
 * still reads the documents of ./harvest.ts directly.)
 */
import type { HarvestRun, HarvestSource, HarvestSourceSettings } from '../domain/harvest.js';
import { HarvestRunModel, HarvestSourceModel, type HarvestRunRecord, type HarvestSourceRecord } from './harvest.js';
import { isDatabaseId, toDatabaseId } from './ids.js';

export const toHarvestSource = (record: HarvestSourceRecord): HarvestSource => {
  const { _id, orgId, ownerId, activeRunId, runIds, ...rest } = record;
  return {
    ...rest,
    id: _id.toHexString(),
    orgId: orgId.toHexString(),
    ownerId: ownerId.toHexString(),
    activeRunId: activeRunId?.toHexString() ?? null,
    runIds: runIds.map((id) => id.toHexString()),
  };
};

export const toHarvestRun = ({ _id, sourceId, ...rest }: HarvestRunRecord): HarvestRun => ({
  ...rest,
  id: _id.toHexString(),
  sourceId: sourceId.toHexString(),
});

/** Every source; a handful per province, so reading them all is cheap. */
export async function allHarvestSources(): Promise<HarvestSource[]> {
  return (await HarvestSourceModel.find({}).lean<HarvestSourceRecord[]>()).map(toHarvestSource);
}

export async function findHarvestSource(id: string): Promise<HarvestSource | null> {
  const record = isDatabaseId(id) ? await HarvestSourceModel.findById(id).lean<HarvestSourceRecord>() : null;
  return record ? toHarvestSource(record) : null;
}

/** A new source, due at once when it runs on a schedule. */
export async function insertHarvestSource(ownerId: string, settings: HarvestSourceSettings): Promise<HarvestSource> {
  const now = new Date();
  const record = await HarvestSourceModel.create({
    ...settings,
    orgId: toDatabaseId(settings.orgId),
    ownerId: toDatabaseId(ownerId),
    nextRunAt: settings.intervalHours > 0 ? now : null,
    createdAt: now,
    modifiedAt: now,
  });
  return toHarvestSource(record.toObject());
}

export async function updateHarvestSourceSettings(
  id: string,
  settings: HarvestSourceSettings,
): Promise<HarvestSource | null> {
  const record = await HarvestSourceModel.findOneAndUpdate(
    { _id: toDatabaseId(id) },
    { $set: { ...settings, orgId: toDatabaseId(settings.orgId), modifiedAt: new Date() } },
    { returnDocument: 'after' },
  ).lean<HarvestSourceRecord>();
  return record ? toHarvestSource(record) : null;
}

/** Due now: the scheduler (of whichever instance gets the lease) takes it up. */
export async function markHarvestDue(id: string): Promise<void> {
  await HarvestSourceModel.updateOne({ _id: toDatabaseId(id) }, { $set: { nextRunAt: new Date() } });
}

export async function findHarvestRun(id: string): Promise<HarvestRun | null> {
  const record = isDatabaseId(id) ? await HarvestRunModel.findById(id).lean<HarvestRunRecord>() : null;
  return record ? toHarvestRun(record) : null;
}

/** These runs, each read by `_id`, in the order given; runs no longer kept are left out. */
export async function harvestRunsById(ids: readonly string[]): Promise<HarvestRun[]> {
  const runs = await Promise.all(ids.map(findHarvestRun));
  return runs.filter((r): r is HarvestRun => r !== null);
}
