/**
 * The harvester's documents, each read and written by `_id`: sources registered by admins, runs
 * (the harvest log, with the progress that lets an interrupted run resume), the lease that lets
 * one app instance at a time harvest a source, and the record map that makes imports idempotent.
 */
import { createHash } from 'node:crypto';
import { Schema, model, Types } from 'mongoose';
import { insertNew } from '../db/insertNew.js';
import { readAll } from '../db/readAll.js';
import { updateEachById } from '../db/updateEach.js';
import type { HarvestRun, HarvestRunProblem, HarvestRunStatus, HarvestSource } from '../domain/harvest.js';
import { schemaVersionField } from './schemaVersion.js';

/** A source as stored (src/domain/harvest.ts): database ids where the domain has strings. */
export interface HarvestSourceRecord extends Omit<
  HarvestSource,
  'id' | 'orgId' | 'ownerId' | 'activeRunId' | 'runIds'
> {
  _id: Types.ObjectId;
  orgId: Types.ObjectId;
  ownerId: Types.ObjectId;
  activeRunId: Types.ObjectId | null;
  /** Recent runs, newest first: the harvest log without a query on the runs collection. */
  runIds: Types.ObjectId[];
}

export const HarvestSourceModel = model<HarvestSourceRecord>(
  'HarvestSource',
  new Schema<HarvestSourceRecord>(
    {
      ...schemaVersionField,
      name: { type: String, required: true },
      kind: { type: String, required: true },
      baseUrl: { type: String, required: true },
      metadataPrefix: { type: String, required: true },
      set: { type: String, default: null },
      intervalHours: { type: Number, required: true },
      orgId: { type: Schema.Types.ObjectId, required: true },
      ownerId: { type: Schema.Types.ObjectId, required: true },
      reexpose: { type: Boolean, required: true },
      harvestedUntil: { type: Date, default: null },
      nextRunAt: { type: Date, default: null },
      activeRunId: { type: Schema.Types.ObjectId, default: null },
      runIds: { type: [Schema.Types.ObjectId], default: [] },
      createdAt: { type: Date, required: true },
      modifiedAt: { type: Date, required: true },
    },
    { versionKey: false, collection: 'harvestsources' },
  ),
);

export type { HarvestRunStatus };
export type HarvestRunError = HarvestRunProblem;

/** A run as stored (src/domain/harvest.ts), with database ids. */
export interface HarvestRunRecord extends Omit<HarvestRun, 'id' | 'sourceId'> {
  _id: Types.ObjectId;
  sourceId: Types.ObjectId;
}

export const HarvestRunModel = model<HarvestRunRecord>(
  'HarvestRun',
  new Schema<HarvestRunRecord>(
    {
      sourceId: { type: Schema.Types.ObjectId, required: true },
      status: { type: String, required: true },
      startedAt: { type: Date, required: true },
      finishedAt: { type: Date, default: null },
      from: { type: Date, default: null },
      resumptionToken: { type: String, default: null },
      sourceDate: { type: Date, default: null },
      pages: { type: Number, default: 0 },
      added: { type: Number, default: 0 },
      updated: { type: Number, default: 0 },
      deleted: { type: Number, default: 0 },
      unchanged: { type: Number, default: 0 },
      problems: {
        type: [
          new Schema<HarvestRunError>(
            { at: Date, url: { type: String, default: null }, message: String },
            { _id: false },
          ),
        ],
        default: [],
      },
      resumed: { type: Number, default: 0 },
    },
    { versionKey: false, collection: 'harvestruns' },
  ),
);

/** `_id` = source id: whoever holds an unexpired lease harvests that source. */
export interface HarvestLeaseRecord {
  _id: string;
  holder: string;
  expiresAt: Date;
}

export const HarvestLeaseModel = model<HarvestLeaseRecord>(
  'HarvestLease',
  new Schema<HarvestLeaseRecord>(
    {
      _id: { type: String, required: true },
      holder: { type: String, required: true },
      expiresAt: { type: Date, required: true },
    },
    { versionKey: false, collection: 'harvestleases' },
  ),
);

/** `_id` = `${sourceId}|${identifier}`: the resource a source's record became, so it is never imported twice. */
export interface HarvestedItemRecord {
  _id: string;
  resourceId: Types.ObjectId;
  datestamp: string;
  deleted: boolean;
}

export const HarvestedItemModel = model<HarvestedItemRecord>(
  'HarvestedItem',
  new Schema<HarvestedItemRecord>(
    {
      _id: { type: String, required: true },
      resourceId: { type: Schema.Types.ObjectId, required: true },
      datestamp: { type: String, default: '' },
      deleted: { type: Boolean, required: true },
    },
    { versionKey: false, collection: 'harvesteditems' },
  ),
);

export const harvestedItemId = (sourceId: string, identifier: string) => `${sourceId}|${identifier}`;

/**
 * The id a record's resource gets when it is first imported, worked out from (source, identifier):
 * an import cut short after writing the resource finds it again (its insert is refused as a
 * duplicate) without an entry written beforehand. Entries written before this existed keep theirs.
 */
export const resourceIdFor = (sourceId: string, identifier: string): string =>
  new Types.ObjectId(
    createHash('sha256').update(harvestedItemId(sourceId, identifier)).digest().subarray(0, 12),
  ).toHexString();

/** An entry of the record map as the harvester reads it: the resource's id as a string. */
export interface HarvestedItem {
  key: string;
  resourceId: string;
  datestamp: string;
  deleted: boolean;
}

const toHarvestedItem = ({ _id, resourceId, datestamp, deleted }: HarvestedItemRecord): HarvestedItem => ({
  key: _id,
  resourceId: resourceId.toHexString(),
  datestamp,
  deleted,
});

/** The record map's entries for these keys, a few reads at once; keys never imported are absent. */
export async function harvestedItems(keys: readonly string[]): Promise<Map<string, HarvestedItem>> {
  const found = await readAll(keys, (key) => HarvestedItemModel.findById(key).lean<HarvestedItemRecord>());
  return new Map(found.flatMap(({ key, record }) => (record ? [[key, toHarvestedItem(record)] as const] : [])));
}

/** New entries in one insert; returns the keys already taken (a page imported again after a crash). */
export async function insertHarvestedItems(items: readonly HarvestedItem[]): Promise<string[]> {
  const records = items.map(({ key, resourceId, datestamp, deleted }) => ({
    _id: key,
    resourceId: new Types.ObjectId(resourceId),
    datestamp,
    deleted,
  }));
  return (await insertNew(HarvestedItemModel, records)).map(String);
}

/** What a page's import changed in the record map, in one bulk write by `_id`. */
export async function markHarvestedItems(marks: readonly { key: string; datestamp: string; deleted: boolean }[]) {
  await updateEachById(
    HarvestedItemModel,
    marks.map((m) => ({ id: m.key, update: { $set: { datestamp: m.datestamp, deleted: m.deleted } } })),
  );
}
