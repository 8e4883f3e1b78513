/**
 * Named queries over harvest sources, their runs and their leases, as the admin pages and the
 * harvester need them: records come out as the domain's `HarvestSource` and `HarvestRun`, with
 * string ids. (The record map's bulk queries are beside its model in ./harvest.ts.)
 */
import { insertedFirst } from '../db/errors.js';
import type {
  HarvestCounts,
  HarvestRun,
  HarvestRunProblem,
  HarvestSource,
  HarvestSourceSettings,
} from '../domain/harvest.js';
import {
  HarvestLeaseModel,
  HarvestRunModel,
  HarvestSourceModel,
  type HarvestRunRecord,
  type HarvestSourceRecord,
} from './harvest.js';
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

/** A new run, made the source's active one and put first in its log (which keeps `keepRuns`). */
export async function startHarvestRun(source: HarvestSource, from: Date | null, keepRuns: number): Promise<HarvestRun> {
  const now = new Date();
  const sourceId = toDatabaseId(source.id);
  const run = await HarvestRunModel.create({ sourceId, status: 'running', startedAt: now, from });
  const runIds = [run._id, ...source.runIds.map(toDatabaseId)].slice(0, keepRuns);
  await HarvestSourceModel.updateOne({ _id: sourceId }, { $set: { activeRunId: run._id, runIds, modifiedAt: now } });
  return toHarvestRun(run.toObject());
}

/** An interrupted run taken up again. */
export async function countHarvestRunResumed(runId: string): Promise<void> {
  await HarvestRunModel.updateOne({ _id: toDatabaseId(runId) }, { $inc: { resumed: 1 } });
}

/** A page fully imported: where to continue, and what it did. */
export async function recordHarvestPage(
  runId: string,
  page: { resumptionToken: string | null; sourceDate: Date | null; counts: HarvestCounts },
): Promise<void> {
  await HarvestRunModel.updateOne(
    { _id: toDatabaseId(runId) },
    {
      $set: { resumptionToken: page.resumptionToken, sourceDate: page.sourceDate },
      $inc: { pages: 1, ...page.counts },
    },
  );
}

/** The run succeeded: the source is harvested up to `harvestedUntil` and next due at `nextRunAt`. */
export async function finishHarvestRun(
  run: HarvestRun,
  end: { finishedAt: Date; harvestedUntil: Date; nextRunAt: Date | null },
): Promise<void> {
  await HarvestRunModel.updateOne(
    { _id: toDatabaseId(run.id) },
    { $set: { status: 'succeeded', finishedAt: end.finishedAt, resumptionToken: null } },
  );
  const { harvestedUntil, nextRunAt, finishedAt } = end;
  await HarvestSourceModel.updateOne(
    { _id: toDatabaseId(run.sourceId) },
    { $set: { activeRunId: null, harvestedUntil, nextRunAt, modifiedAt: finishedAt } },
  );
}

/** The run failed with `problem`: logged on the run; the source is next due at `nextRunAt`. */
export async function failHarvestRun(
  run: HarvestRun,
  problem: HarvestRunProblem,
  nextRunAt: Date | null,
): Promise<void> {
  await HarvestRunModel.updateOne(
    { _id: toDatabaseId(run.id) },
    { $set: { status: 'failed', finishedAt: problem.at }, $push: { problems: problem } },
  );
  await HarvestSourceModel.updateOne(
    { _id: toDatabaseId(run.sourceId) },
    { $set: { activeRunId: null, nextRunAt, modifiedAt: problem.at } },
  );
}

/** Takes or renews the source's lease for `holder`; false while another holder's lease is unexpired. */
export function claimHarvestLease(sourceId: string, holder: string, leaseMs: number): Promise<boolean> {
  const now = new Date();
  // A small collection (one document per source): the filter beyond `_id` costs nothing here.
  return insertedFirst(() =>
    HarvestLeaseModel.updateOne(
      { _id: sourceId, $or: [{ expiresAt: { $lte: now } }, { holder }] },
      { $set: { holder, expiresAt: new Date(now.getTime() + leaseMs) } },
      { upsert: true },
    ),
  );
}

export async function releaseHarvestLease(sourceId: string, holder: string): Promise<void> {
  await HarvestLeaseModel.deleteOne({ _id: sourceId, holder });
}
