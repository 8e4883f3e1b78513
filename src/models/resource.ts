import { Types } from 'mongoose';
import { insertNew } from '../db/insertNew.js';
import { Schema, model } from 'mongoose';
import type {
  AuditEntry,
  ExternalOrigin,
  OaiState,
  Resource,
  ResourceFile,
  ResourceMetadata,
  ResourceStatus,
  SharingScope,
} from '../domain/resource.js';
import type { PrintEdition } from '../domain/printEdition.js';
import { SCHEMA_VERSION, schemaVersionField } from './schemaVersion.js';

export interface ResourceRecord {
  _id: Types.ObjectId;
  orgId: Types.ObjectId;
  ownerId: Types.ObjectId;
  status: ResourceStatus;
  scope: SharingScope;
  metadata: ResourceMetadata;
  /** Absent from resources stored before printed titles existed: read as null. */
  print?: PrintEdition | null;
  files: ResourceFile[];
  external: ExternalOrigin | null;
  version: number;
  createdAt: Date;
  modifiedAt: Date;
  publishedAt: Date | null;
  oai: OaiState;
  audit: (Omit<AuditEntry, 'actorId'> & { actorId: Types.ObjectId | null })[];
}

const nullableString = { type: String, default: null };

const metadataSchema = new Schema<ResourceMetadata>(
  {
    title: { type: String, required: true },
    creators: { type: [String], default: [] },
    contributors: { type: [String], default: [] },
    publisher: nullableString,
    description: nullableString,
    date: nullableString,
    language: { type: String, required: true },
    source: nullableString,
    relation: nullableString,
    coverage: nullableString,
    level: nullableString,
    grades: { type: [Number], default: [] },
    subject: nullableString,
    series: nullableString,
    lesson: nullableString,
    type: { type: String, required: true },
    audience: { type: [String], default: [] },
    licence: { type: String, required: true },
    isbn: nullableString,
    keywords: { type: [String], default: [] },
  },
  { _id: false },
);

const printSchema = new Schema<PrintEdition>(
  {
    isbns: {
      type: [
        new Schema(
          {
            value: { type: String, required: true },
            qualifier: nullableString,
            invalid: { type: Boolean, default: false },
          },
          { _id: false },
        ),
      ],
      default: [],
    },
    edition: nullableString,
    place: nullableString,
    pages: { type: Number, default: null },
    dimensions: nullableString,
    seriesStatement: nullableString,
    classification: {
      type: new Schema({ scheme: String, number: String }, { _id: false }),
      default: null,
    },
    authorMark: nullableString,
    callNumberOverride: nullableString,
    subjectHeadings: { type: [String], default: [] },
    notes: nullableString,
  },
  { _id: false },
);

const fileSchema = new Schema<ResourceFile>(
  {
    id: { type: String, required: true },
    name: { type: String, required: true },
    size: { type: Number, required: true },
    mediaType: { type: String, required: true },
    kind: { type: String, required: true },
    sha256: { type: String, required: true },
    duplicateOf: nullableString,
    text: { type: String, required: true },
    uploadedAt: { type: Date, required: true },
  },
  { _id: false },
);

const schema = new Schema<ResourceRecord>(
  {
    ...schemaVersionField,
    orgId: { type: Schema.Types.ObjectId, required: true, index: true },
    ownerId: { type: Schema.Types.ObjectId, required: true },
    status: { type: String, required: true },
    scope: { type: String, required: true },
    metadata: { type: metadataSchema, required: true },
    print: { type: printSchema, default: null },
    files: { type: [fileSchema], default: [] },
    external: {
      type: new Schema<ExternalOrigin>(
        { sourceId: String, identifier: String, url: nullableString, reexpose: Boolean },
        { _id: false },
      ),
      default: null,
    },
    version: { type: Number, required: true },
    createdAt: { type: Date, required: true },
    modifiedAt: { type: Date, required: true },
    publishedAt: { type: Date, default: null },
    oai: {
      type: new Schema<OaiState>(
        { state: { type: String, required: true }, datestamp: { type: Date, default: null } },
        { _id: false },
      ),
      required: true,
    },
    audit: {
      type: [
        new Schema(
          {
            at: Date,
            actorId: { type: Schema.Types.ObjectId, default: null },
            action: String,
            note: nullableString,
            fields: [String],
          },
          { _id: false },
        ),
      ],
      default: [],
    },
  },
  { versionKey: false, collection: 'resources' },
);

// OAI-PMH lists from the database (when a search engine holds the catalogue): keyset pages in (datestamp, id) order.
schema.index({ 'oai.datestamp': 1, _id: 1 });
// Imports and copy cataloguing find a printed title by its ISBN.
schema.index({ 'print.isbns.value': 1 });

export const ResourceModel = model<ResourceRecord>('Resource', schema);

/** How many resources there are, about (for a progress bar). */
export function countResources(): Promise<number> {
  return ResourceModel.estimatedDocumentCount();
}

/** Every resource without its audit trail, a batch at a time (loading a search index). */
export async function* allResourceBatches(size: number): AsyncGenerator<Omit<ResourceRecord, 'audit'>[]> {
  let batch: Omit<ResourceRecord, 'audit'>[] = [];
  for await (const record of ResourceModel.find({}, { audit: 0 }).lean().cursor({ batchSize: size })) {
    batch.push(record);
    if (batch.length === size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}

export function toResource(r: ResourceRecord): Resource {
  return {
    id: r._id.toHexString(),
    orgId: r.orgId.toHexString(),
    ownerId: r.ownerId.toHexString(),
    status: r.status,
    scope: r.scope,
    metadata: r.metadata,
    print: r.print ?? null,
    files: r.files,
    external: r.external ?? null,
    version: r.version,
    createdAt: r.createdAt,
    modifiedAt: r.modifiedAt,
    publishedAt: r.publishedAt,
    oai: r.oai,
    audit: r.audit.map((a) => ({ ...a, actorId: a.actorId ? a.actorId.toHexString() : null })),
  };
}

/**
 * New resources written in one insert (a harvested page), their ids chosen by the caller; returns the ids already
 * taken.
 */
export async function insertResources(documents: readonly { _id: Types.ObjectId }[]): Promise<string[]> {
  // Inserted as they are (no mongoose defaults): the shape version is set here.
  const versioned = documents.map((d) => ({ ...d, schemaVersion: SCHEMA_VERSION }));
  return (await insertNew(ResourceModel, versioned)).map(String);
}

/** Full text extracted from one file of a resource; `_id` is `{resourceId}:{fileId}`. */
export interface ResourceTextRecord {
  _id: string;
  resourceId: Types.ObjectId;
  text: string;
  extractedAt: Date;
}

export const textId = (resourceId: string, fileId: string) => `${resourceId}:${fileId}`;

export const ResourceTextModel = model<ResourceTextRecord>(
  'ResourceText',
  new Schema<ResourceTextRecord>(
    {
      _id: { type: String, required: true },
      resourceId: { type: Schema.Types.ObjectId, required: true, index: true },
      text: { type: String, required: true },
      extractedAt: { type: Date, required: true },
    },
    { versionKey: false, collection: 'resourcetexts' },
  ),
);

/** Which listed records an OAI-PMH list selects, as the database can filter them. */
export interface OaiRecordFilter {
  from: Date | null;
  until: Date | null;
  /** Records of these organisations only. */
  orgIds: string[] | null;
  /** A vocabulary set: the code (or any code, when null) of one field. */
  vocabulary: { field: 'level' | 'subject' | 'type'; code: string | null } | null;
}

function oaiQuery(filter: OaiRecordFilter, after: { datestamp: Date; id: string } | null): Record<string, unknown> {
  const datestamp: Record<string, Date> = {};
  if (filter.from) datestamp.$gte = filter.from;
  if (filter.until) datestamp.$lte = filter.until;
  const and: Record<string, unknown>[] = [{ 'oai.state': { $in: ['exposed', 'deleted'] } }];
  if (Object.keys(datestamp).length) and.push({ 'oai.datestamp': datestamp });
  if (filter.orgIds) and.push({ orgId: { $in: filter.orgIds.map((id) => new Types.ObjectId(id)) } });
  if (filter.vocabulary) {
    const field = `metadata.${filter.vocabulary.field}`;
    and.push({ [field]: filter.vocabulary.code ?? { $ne: null } });
  }
  if (after)
    and.push({
      $or: [
        { 'oai.datestamp': { $gt: after.datestamp } },
        { 'oai.datestamp': after.datestamp, _id: { $gt: new Types.ObjectId(after.id) } },
      ],
    });
  return { $and: and };
}

/**
 * Listed records (exposed, and tombstones) in (datestamp, id) order, after a position; through the (datestamp, _id)
 * index.
 */
export function oaiRecordsAfter(
  filter: OaiRecordFilter,
  after: { datestamp: Date; id: string } | null,
  limit: number,
): Promise<Omit<ResourceRecord, 'audit'>[]> {
  return ResourceModel.find(oaiQuery(filter, after), { audit: 0 })
    .sort({ 'oai.datestamp': 1, _id: 1 })
    .limit(limit)
    .lean();
}

export function countOaiRecords(filter: OaiRecordFilter): Promise<number> {
  return ResourceModel.countDocuments(oaiQuery(filter, null));
}

export async function earliestOaiDatestamp(): Promise<Date | null> {
  const first = await ResourceModel.findOne(
    oaiQuery({ from: null, until: null, orgIds: null, vocabulary: null }, null),
    {
      oai: 1,
    },
  )
    .sort({ 'oai.datestamp': 1, _id: 1 })
    .lean();
  return first?.oai.datestamp ?? null;
}

export function resourceWithoutAudit(id: string): Promise<Omit<ResourceRecord, 'audit'> | null> {
  return Types.ObjectId.isValid(id) ? ResourceModel.findById(id, { audit: 0 }).lean() : Promise.resolve(null);
}
