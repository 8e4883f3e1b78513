import type { Types } from 'mongoose';
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
import { schemaVersionField } from './schemaVersion.js';

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

// Imports and copy cataloguing find a printed title by its ISBN.
schema.index({ 'print.isbns.value': 1 });

export const ResourceModel = model<ResourceRecord>('Resource', schema);

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
