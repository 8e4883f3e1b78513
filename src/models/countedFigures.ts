/**
 * A school library's figures for a school year as last counted (`libraryfigures`, `_id`
 * `{orgId}|{year}`), so that every instance shows the figures one instance counted: the periodic
 * warm-up (src/services/library/figuresWarmer.ts) writes them, the dashboards read them. The
 * document `_id` 'lease' lets one instance at a time count (a lease like the usage fold's): it saves
 * work, correctness does not depend on it (two counts write the same kind of figures).
 */
import { Schema, model } from 'mongoose';
import type { SchoolLibraryFigures } from '../domain/libraryStatistics.js';
import { leaseIn } from './lease.js';

interface CountedFiguresRecord {
  _id: string;
  countedAt?: Date;
  /**
   * The figures as counted, `copiesByTitle` as an object (a Map is no document, and FerretDB v1
   * stores no nested arrays).
   */
  figures?: Omit<SchoolLibraryFigures, 'copiesByTitle'> & { copiesByTitle: Record<string, number> };
  holder?: string;
  expiresAt?: Date;
}

export const CountedFiguresModel = model<CountedFiguresRecord>(
  'CountedFigures',
  new Schema<CountedFiguresRecord>(
    {
      _id: { type: String, required: true },
      countedAt: Date,
      figures: Schema.Types.Mixed,
      holder: String,
      expiresAt: Date,
    },
    { versionKey: false, collection: 'libraryfigures', minimize: false },
  ),
);

const figuresId = (orgId: string, year: string) => `${orgId}|${year}`;

/** Stores figures just counted, replacing those counted before. */
export async function saveCountedFigures(counted: readonly SchoolLibraryFigures[]): Promise<void> {
  if (!counted.length) return;
  await CountedFiguresModel.bulkWrite(
    counted.map((f) => ({
      replaceOne: {
        filter: { _id: figuresId(f.orgId, f.year.label) },
        replacement: {
          _id: figuresId(f.orgId, f.year.label),
          countedAt: f.computedAt,
          figures: { ...f, copiesByTitle: Object.fromEntries(f.copiesByTitle) },
        },
        upsert: true,
      },
    })),
  );
}

/** The figures of these schools for a year counted since `since`, by school. */
export async function countedFiguresOf(
  orgIds: readonly string[],
  year: string,
  since: Date,
): Promise<Map<string, SchoolLibraryFigures>> {
  const records = await CountedFiguresModel.find({
    _id: { $in: orgIds.map((id) => figuresId(id, year)) },
    countedAt: { $gte: since },
  }).lean<CountedFiguresRecord[]>();
  const byOrg = new Map<string, SchoolLibraryFigures>();
  for (const { figures: f } of records)
    if (f)
      byOrg.set(f.orgId, {
        ...f,
        computedAt: new Date(f.computedAt),
        copiesByTitle: new Map(Object.entries(f.copiesByTitle)),
      });
  return byOrg;
}

const figuresLease = leaseIn(CountedFiguresModel);

/** Takes (or renews, for its holder) the lease to count everyone's figures for `ms`; false while another holds it. */
export const takeFiguresLease = (holder: string, ms: number) => figuresLease.take(holder, ms);
export const releaseFiguresLease = (holder: string) => figuresLease.release(holder);
