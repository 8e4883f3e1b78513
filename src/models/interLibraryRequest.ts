/**
 * Inter-library requests. A school's incoming and outgoing lists and a reader's own requests are
 * read by indexed fields; each step is one conditional write on the request's version, so of two
 * librarians sending at once exactly one moves it.
 */
import { Schema, Types, model } from 'mongoose';
import {
  interLibraryStatuses,
  type InterLibraryEvent,
  type InterLibraryRequest,
  type InterLibraryStatus,
  type RequestCursor,
  type RequestPage,
} from '../domain/interLibrary.js';
import { updateIfVersion } from '../db/versioned.js';
import { isDatabaseId, toDatabaseId, toDatabaseIdOrNull } from './ids.js';
import { schemaVersionField } from './schemaVersion.js';

interface EventRecord extends Omit<InterLibraryEvent, 'actorId'> {
  actorId: Types.ObjectId | null;
}

interface RequestRecord {
  _id: Types.ObjectId;
  resourceId: Types.ObjectId;
  requesterId: Types.ObjectId;
  borrowingOrgId: Types.ObjectId;
  lendingOrgId: Types.ObjectId;
  status: InterLibraryStatus;
  copyId: Types.ObjectId | null;
  reason: string | null;
  note: string | null;
  history: EventRecord[];
  createdAt: Date;
  modifiedAt: Date;
  version: number;
}

const nullableString = { type: String, default: null };

const schema = new Schema<RequestRecord>(
  {
    resourceId: { type: Schema.Types.ObjectId, required: true },
    requesterId: { type: Schema.Types.ObjectId, required: true },
    borrowingOrgId: { type: Schema.Types.ObjectId, required: true },
    lendingOrgId: { type: Schema.Types.ObjectId, required: true },
    status: { type: String, required: true },
    copyId: { type: Schema.Types.ObjectId, default: null },
    reason: nullableString,
    note: nullableString,
    history: {
      type: [
        new Schema(
          { at: Date, status: String, actorId: { type: Schema.Types.ObjectId, default: null }, reason: nullableString },
          { _id: false },
        ),
      ],
      default: [],
    },
    createdAt: { type: Date, required: true },
    modifiedAt: { type: Date, required: true },
    version: { type: Number, required: true },
    ...schemaVersionField,
  },
  { versionKey: false, collection: 'interlibraryrequests' },
);
schema.index({ lendingOrgId: 1, createdAt: -1 });
schema.index({ borrowingOrgId: 1, createdAt: -1 });
schema.index({ requesterId: 1, createdAt: -1 });

export const InterLibraryRequestModel = model<RequestRecord>('InterLibraryRequest', schema);

const toRequest = (r: RequestRecord): InterLibraryRequest => ({
  id: r._id.toHexString(),
  resourceId: r.resourceId.toHexString(),
  requesterId: r.requesterId.toHexString(),
  borrowingOrgId: r.borrowingOrgId.toHexString(),
  lendingOrgId: r.lendingOrgId.toHexString(),
  status: r.status,
  copyId: r.copyId?.toHexString() ?? null,
  reason: r.reason ?? null,
  note: r.note ?? null,
  history: (r.history ?? []).map((e) => ({
    at: e.at,
    status: e.status,
    actorId: e.actorId?.toHexString() ?? null,
    reason: e.reason ?? null,
  })),
  createdAt: r.createdAt,
  modifiedAt: r.modifiedAt,
  version: r.version,
});

const eventRecord = (e: InterLibraryEvent): EventRecord => ({ ...e, actorId: toDatabaseIdOrNull(e.actorId) });

export const newInterLibraryRequestId = () => new Types.ObjectId().toHexString();

export async function insertInterLibraryRequest(request: InterLibraryRequest): Promise<void> {
  await InterLibraryRequestModel.create({
    ...request,
    _id: toDatabaseId(request.id),
    resourceId: toDatabaseId(request.resourceId),
    requesterId: toDatabaseId(request.requesterId),
    borrowingOrgId: toDatabaseId(request.borrowingOrgId),
    lendingOrgId: toDatabaseId(request.lendingOrgId),
    copyId: toDatabaseIdOrNull(request.copyId),
    history: request.history.map(eventRecord),
  });
}

export async function interLibraryRequestById(id: string): Promise<InterLibraryRequest | null> {
  if (!isDatabaseId(id)) return null;
  const r = await InterLibraryRequestModel.findById(toDatabaseId(id)).lean<RequestRecord>();
  return r ? toRequest(r) : null;
}

const schoolField = (side: 'lending' | 'borrowing') => (side === 'lending' ? 'lendingOrgId' : 'borrowingOrgId');

/** Requests a school receives (it lends) or sends (its readers borrow), newest first; in one status if given. */
export async function interLibraryRequestsOfSchool(
  orgId: string,
  side: 'lending' | 'borrowing',
  limit = 200,
  status?: InterLibraryStatus,
): Promise<InterLibraryRequest[]> {
  const records = await InterLibraryRequestModel.find({
    [schoolField(side)]: toDatabaseId(orgId),
    ...(status ? { status } : {}),
  })
    .sort({ createdAt: -1 })
    .limit(limit)
    .lean<RequestRecord[]>();
  return records.map(toRequest);
}

/**
 * One page of a school's requests (one side, in one status if given), newest first, after (older
 * than) or before (newer than) a cursor on {createdAt, _id}: steady however many there are.
 */
export async function interLibraryRequestsPage(
  orgId: string,
  side: 'lending' | 'borrowing',
  options: { status?: InterLibraryStatus; after?: RequestCursor; before?: RequestCursor; size: number },
): Promise<RequestPage> {
  const cursor = options.before ?? options.after;
  const newer = Boolean(options.before);
  const op = newer ? '$gt' : '$lt';
  const order = newer ? 1 : -1;
  const records = await InterLibraryRequestModel.find({
    [schoolField(side)]: toDatabaseId(orgId),
    ...(options.status ? { status: options.status } : {}),
    ...(cursor
      ? {
          $or: [{ createdAt: { [op]: cursor.at } }, { createdAt: cursor.at, _id: { [op]: toDatabaseId(cursor.id) } }],
        }
      : {}),
  })
    .sort({ createdAt: order, _id: order })
    .limit(options.size + 1)
    .lean<RequestRecord[]>();
  const more = records.length > options.size;
  const shown = records.slice(0, options.size).map(toRequest);
  return newer
    ? { requests: shown.reverse(), hasNewer: more, hasOlder: true }
    : { requests: shown, hasOlder: more, hasNewer: Boolean(cursor) };
}

/** How many of a school's requests (one side) are in each status: one indexed count per status. */
export async function interLibraryCountsOfSchool(
  orgId: string,
  side: 'lending' | 'borrowing',
): Promise<Record<InterLibraryStatus, number>> {
  const counts = await Promise.all(
    interLibraryStatuses.map(
      async (status) =>
        [
          status,
          await InterLibraryRequestModel.countDocuments({ [schoolField(side)]: toDatabaseId(orgId), status }),
        ] as const,
    ),
  );
  return Object.fromEntries(counts) as Record<InterLibraryStatus, number>;
}

/** A reader's requests, newest first (their page, the union catalogue, a title's page). */
export async function interLibraryRequestsOfRequester(personId: string, limit = 200): Promise<InterLibraryRequest[]> {
  const records = await InterLibraryRequestModel.find({ requesterId: toDatabaseId(personId) })
    .sort({ createdAt: -1 })
    .limit(limit)
    .lean<RequestRecord[]>();
  return records.map(toRequest);
}

/** One step of a request, written only on `expected` version: its fields, the version bumped, the event kept. */
export async function updateInterLibraryRequestIfVersion(
  id: string,
  expected: number,
  set: { status: InterLibraryStatus; copyId?: string | null; reason?: string | null },
  event: InterLibraryEvent,
): Promise<InterLibraryRequest | null> {
  const fields: Record<string, unknown> = { status: set.status, modifiedAt: event.at };
  if (set.copyId !== undefined) fields.copyId = toDatabaseIdOrNull(set.copyId);
  if (set.reason !== undefined) fields.reason = set.reason;
  const r = await updateIfVersion<RequestRecord>(InterLibraryRequestModel, toDatabaseId(id), expected, {
    $set: fields,
    $inc: { version: 1 },
    $push: { history: eventRecord(event) },
  });
  return r ? toRequest(r) : null;
}
