/**
 * A copy as stored, for tests and benchmarks that insert many at once (insertCopies) rather than
 * through the service: an available copy added in an intake batch, with no history.
 */
import type { AcquisitionSource, Copy } from '../../src/domain/copy.js';
import { newDatabaseId } from '../../src/models/ids.js';

export interface StoredCopyOf {
  orgId: string;
  resourceId: string;
  batchId: string;
  accessionNumber: string;
  barcode: string;
  collectionCode?: string;
  location?: string;
  /** The intake day (yyyy-mm-dd). */
  date?: string;
  source?: AcquisitionSource;
  price?: number;
}

export function storedCopy(of: StoredCopyOf, now: Date): Copy {
  return {
    id: newDatabaseId(),
    orgId: of.orgId,
    holdingOrgId: of.orgId,
    resourceId: of.resourceId,
    collectionCode: of.collectionCode ?? 'TK',
    location: of.location ?? 'KHO',
    accessionNumber: of.accessionNumber,
    barcode: of.barcode,
    volume: null,
    acquisition: {
      date: of.date ?? '2025-09-05',
      batchId: of.batchId,
      source: of.source ?? 'purchase',
      price: of.price ?? 30000,
      supplier: null,
      documentNumber: null,
    },
    status: 'available',
    statusSince: now,
    withdrawal: null,
    note: null,
    lastSeenAt: null,
    history: [],
    version: 1,
    createdAt: now,
    modifiedAt: now,
  };
}
