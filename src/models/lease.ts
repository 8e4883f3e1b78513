/**
 * A lease one instance at a time holds, kept as the document `_id` 'lease' of a model's own
 * collection (the usage fold's, the counted figures'): taken when free or expired, renewed by its
 * holder, released by its holder. Two instances asking at once: one inserts it, the other meets the
 * duplicate key and is told no.
 */
import type { Model } from 'mongoose';
import { serialisedOnEmbedded } from '../db/documentLocks.js';
import { insertedFirst } from '../db/errors.js';

interface LeaseFields {
  _id: string;
  holder?: string;
  expiresAt?: Date;
}

export interface Lease {
  /** Takes (or renews, for its holder) the lease for `ms`; false while another holds an unexpired one. */
  take(holder: string, ms: number): Promise<boolean>;
  release(holder: string): Promise<unknown>;
}

export function leaseIn<T extends LeaseFields>(collection: Model<T>): Lease {
  const store = collection as unknown as Model<LeaseFields>;
  const key = `${collection.collection.collectionName}:lease`;
  return {
    take(holder, ms) {
      const now = new Date();
      return serialisedOnEmbedded(key, () =>
        insertedFirst(() =>
          store.updateOne(
            { _id: 'lease', $or: [{ expiresAt: { $lte: now } }, { holder }] },
            { $set: { holder, expiresAt: new Date(now.getTime() + ms) } },
            { upsert: true },
          ),
        ),
      );
    },
    release: (holder) => serialisedOnEmbedded(key, () => store.deleteOne({ _id: 'lease', holder })),
  };
}
