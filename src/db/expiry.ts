/**
 * Expiry without TTL indexes (FerretDB v1 has none): each expiring collection keeps an
 * `expiresAt` date that readers check themselves, and a periodic purge deletes what has expired.
 * Works the same on MongoDB.
 */
import type { AnyModel } from './index.js';
import type { Logger } from '../log.js';
import { runPeriodically } from '../periodic.js';

export interface Purge {
  model: AnyModel;
  /** The date field after which a document is dead. */
  field: string;
}

export function isExpired(expiresAt: Date | undefined | null, now = new Date()): boolean {
  return expiresAt != null && expiresAt.getTime() <= now.getTime();
}

export async function purgeExpired({ model, field }: Purge, now = new Date()): Promise<number> {
  const result = await model.deleteMany({ [field]: { $lte: now } });
  return result.deletedCount;
}

/** Runs every purge now and then every `intervalMs`; returns the function that stops it. */
export function schedulePurges(purges: readonly Purge[], intervalMs: number, log: Logger): () => void {
  return runPeriodically(
    async () => {
      for (const purge of purges) {
        const deleted = await purgeExpired(purge);
        if (deleted > 0) log.debug({ collection: purge.model.collection.name, deleted }, 'purged expired documents');
      }
    },
    intervalMs,
    log,
    'purge of expired documents failed; will retry',
  );
}
