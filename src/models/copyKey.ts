/**
 * The accession numbers and barcodes in use, one small document each whose `_id` is the number's
 * key within its school. Claiming a number is an insert that exactly one writer wins, on MongoDB
 * and on the embedded database alike (no reliance on secondary unique indexes), and finding the
 * copy behind a scanned barcode is a lookup by `_id`. Accession numbers are never released once a
 * copy holds them; a barcode is released when its copy is relabelled.
 */
import type { Collection } from 'mongodb';
import { Schema, Types, model } from 'mongoose';
import { accessionKey, normaliseLabel } from '../domain/accession.js';
import { deleteIfUnchanged } from '../db/versioned.js';

export type CopyKeyKind = 'accession' | 'barcode';

/** A number or barcode held by a copy. */
export interface CopyKey {
  id: string;
  copyId: string;
  orgId: string;
  kind: CopyKeyKind;
  /** The number or barcode as the copy carries it. */
  text: string;
  claimedAt: Date;
}

interface CopyKeyRecord {
  _id: string;
  copyId: Types.ObjectId;
  orgId: Types.ObjectId;
  kind: CopyKeyKind;
  text: string;
  claimedAt: Date;
}

export const CopyKeyModel = model<CopyKeyRecord>(
  'CopyKey',
  new Schema<CopyKeyRecord>(
    {
      _id: { type: String, required: true },
      copyId: { type: Schema.Types.ObjectId, required: true },
      orgId: { type: Schema.Types.ObjectId, required: true },
      kind: { type: String, required: true },
      text: { type: String, required: true },
      claimedAt: { type: Date, required: true },
    },
    { versionKey: false, collection: 'copykeys' },
  ),
);

export const accessionKeyId = (orgId: string, text: string) => `a|${orgId}|${accessionKey(text)}`;
export const barcodeKeyId = (orgId: string, barcode: string) => `b|${orgId}|${normaliseLabel(barcode)}`;

export function copyKey(kind: CopyKeyKind, orgId: string, text: string, copyId: string): CopyKey {
  return {
    id: kind === 'accession' ? accessionKeyId(orgId, text) : barcodeKeyId(orgId, text),
    copyId,
    orgId,
    kind,
    text,
    claimedAt: new Date(),
  };
}

const toRecord = ({ id, copyId, orgId, ...k }: CopyKey): CopyKeyRecord => ({
  ...k,
  _id: id,
  copyId: new Types.ObjectId(copyId),
  orgId: new Types.ObjectId(orgId),
});

interface WriteErrorLike {
  index: number;
  code?: number;
}

/**
 * Inserts every key in one unordered call. Returns the ids that were taken already; the others
 * are now claimed. Any other failure releases what was claimed and is thrown.
 */
export async function claimKeys(keys: readonly CopyKey[]): Promise<string[]> {
  if (!keys.length) return [];
  try {
    // The driver's own call: it reports every refused key of an unordered insert, where mongoose would wrap it.
    await (CopyKeyModel.collection as unknown as Collection<CopyKeyRecord>).insertMany(keys.map(toRecord), {
      ordered: false,
    });
    return [];
  } catch (err) {
    const raw = (err as { writeErrors?: WriteErrorLike | WriteErrorLike[] }).writeErrors;
    const errors = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
    const failed = new Set(errors.map((e) => e.index));
    if (!errors.length || errors.some((e) => e.code !== 11000)) {
      await releaseKeys(keys.filter((_, i) => !failed.has(i)));
      throw err;
    }
    return errors.map((e) => keys[e.index]!.id);
  }
}

export async function keyById(id: string): Promise<CopyKey | null> {
  const r = await CopyKeyModel.findById(id).lean<CopyKeyRecord>();
  return r
    ? {
        id: r._id,
        copyId: r.copyId.toHexString(),
        orgId: r.orgId.toHexString(),
        kind: r.kind,
        text: r.text,
        claimedAt: r.claimedAt,
      }
    : null;
}

/**
 * The keys claimed for a copy: after a crash in the middle of adding it, what the copy holds or
 * left behind. A scan of the keys (no index on copyId): only a repair after a crash asks.
 */
export async function keysOfCopy(copyId: string): Promise<Pick<CopyKey, 'id' | 'copyId'>[]> {
  const records = await CopyKeyModel.find({ copyId: new Types.ObjectId(copyId) }, { _id: 1 }).lean<
    Pick<CopyKeyRecord, '_id'>[]
  >();
  return records.map((r) => ({ id: r._id, copyId }));
}

/** Releases keys, each only if it still belongs to the copy it was claimed for. */
export async function releaseKeys(keys: readonly Pick<CopyKey, 'id' | 'copyId'>[]): Promise<void> {
  await Promise.all(keys.map((k) => deleteIfUnchanged(CopyKeyModel, k.id, { copyId: new Types.ObjectId(k.copyId) })));
}
