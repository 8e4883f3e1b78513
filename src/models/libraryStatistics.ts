/**
 * Named queries for a school library's statistics, for several schools at once (the department
 * overview asks for all its schools in one pass). Inside what FerretDB v1 computes: `$match`, then
 * one `$group` with one `$sum` and few groups (it computes only the first accumulator, knows no date
 * operator, and finds a document's group by a linear search). Where the groups would be many (titles)
 * or need a date operator (the month of a loan), the documents are read once with a small projection
 * and folded by the caller: one scan, as the embedded database does for any filter.
 */
import type { PatronType } from '../domain/loanRules.js';
import type { Membership } from '../domain/person.js';
import { readAll } from '../db/readAll.js';
import { CopyModel } from './copy.js';
import { toDatabaseId } from './ids.js';
import { CurrentLoanModel, LoanModel } from './loan.js';
import { PersonModel } from './person.js';
import { ResourceModel } from './resource.js';
import type { Types } from 'mongoose';

const inSchools = (orgIds: readonly string[]) => ({ $in: orgIds.map(toDatabaseId) });

export interface CopyFact {
  orgId: string;
  collectionCode: string;
  resourceId: string;
  withdrawn: boolean;
  acquired: string;
  withdrawnOn: string | null;
}

/**
 * Every copy of the schools, six fields each, streamed: the collection, acquisitions and withdrawals
 * are folded from this one read. Not a `$group` by title: FerretDB v1 looks each document's group up
 * in a list (types.CompareForAggregation over every group so far), so grouping 50,000 copies by
 * 2,000 titles costs 100 million comparisons; a scan it does anyway.
 */
export async function* copyFactsOfSchools(orgIds: readonly string[]) {
  const cursor = CopyModel.find(
    { orgId: inSchools(orgIds) },
    { orgId: 1, collectionCode: 1, resourceId: 1, status: 1, 'acquisition.date': 1, 'withdrawal.date': 1 },
  )
    .lean<
      {
        orgId: Types.ObjectId;
        collectionCode: string;
        resourceId: Types.ObjectId;
        status: string;
        acquisition?: { date?: string };
        withdrawal?: { date?: string } | null;
      }[]
    >()
    .cursor({ batchSize: 2000 });
  for await (const r of cursor) {
    yield {
      orgId: String(r.orgId),
      collectionCode: r.collectionCode,
      resourceId: String(r.resourceId),
      withdrawn: r.status === 'withdrawn',
      acquired: r.acquisition?.date ?? '',
      withdrawnOn: r.withdrawal?.date ?? null,
    } satisfies CopyFact;
  }
}

export interface LoanMoment {
  orgId: string;
  issuedAt: Date;
  patronId: string;
  patronType: PatronType;
  resourceId: string;
}

/** The loans schools made in `[from, to)`, five fields each, streamed (the `{orgId, issuedAt}` index on MongoDB). */
export async function* loanMomentsOfSchools(orgIds: readonly string[], from: Date, to: Date) {
  const cursor = LoanModel.find(
    { orgId: inSchools(orgIds), issuedAt: { $gte: from, $lt: to } },
    { orgId: 1, issuedAt: 1, patronId: 1, patronType: 1, resourceId: 1 },
  )
    .lean<
      {
        orgId: Types.ObjectId;
        issuedAt: Date;
        patronId: Types.ObjectId;
        patronType: PatronType;
        resourceId: Types.ObjectId;
      }[]
    >()
    .cursor({ batchSize: 2000 });
  for await (const r of cursor) {
    yield {
      orgId: String(r.orgId),
      issuedAt: r.issuedAt,
      patronId: String(r.patronId),
      patronType: r.patronType,
      resourceId: String(r.resourceId),
    } satisfies LoanMoment;
  }
}

/** Copies out now whose due day is before `today`, per school. */
export async function overdueCountsOfSchools(orgIds: readonly string[], today: string): Promise<Map<string, number>> {
  const rows = await CurrentLoanModel.aggregate<{ _id: Types.ObjectId; count: number }>([
    { $match: { orgId: inSchools(orgIds), dueDate: { $lt: today } } },
    { $group: { _id: '$orgId', count: { $sum: 1 } } },
  ]);
  return new Map(rows.map((r) => [String(r._id), r.count]));
}

/** The memberships of everyone who belongs to one of the schools (enabled people only), streamed. */
export async function* membershipsInSchools(orgIds: readonly string[]) {
  const cursor = PersonModel.find(
    { 'memberships.orgId': inSchools(orgIds), disabled: { $ne: true } },
    { memberships: 1 },
  )
    .lean<{ _id: Types.ObjectId; memberships: { orgId: Types.ObjectId; role: Membership['role'] }[] }[]>()
    .cursor({ batchSize: 2000 });
  for await (const r of cursor) {
    yield {
      personId: String(r._id),
      memberships: r.memberships.map((m) => ({ orgId: String(m.orgId), role: m.role })),
    };
  }
}

export interface TitleFacts {
  id: string;
  title: string;
  classNumber: string | null;
  grades: number[];
}

/** A few fields of each title, read by `_id` (an `$in` would scan every resource on the embedded database). */
export async function titleFactsByIds(ids: readonly string[]): Promise<Map<string, TitleFacts>> {
  const found = await readAll(ids, (id) =>
    ResourceModel.findById(toDatabaseId(id), {
      'metadata.title': 1,
      'metadata.grades': 1,
      'print.classification': 1,
    }).lean<{
      metadata?: { title?: string; grades?: number[] };
      print?: { classification?: { number?: string } | null } | null;
    }>(),
  );
  const facts = new Map<string, TitleFacts>();
  for (const { key, record } of found) {
    if (!record) continue;
    facts.set(key, {
      id: key,
      title: record.metadata?.title ?? '',
      classNumber: record.print?.classification?.number ?? null,
      grades: record.metadata?.grades ?? [],
    });
  }
  return facts;
}
