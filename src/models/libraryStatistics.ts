/**
 * Named queries for a school library's statistics, for several schools at once (the department
 * overview asks for all its schools in one pass). Inside what FerretDB v1 computes: `$match`, then
 * one `$group` with one `$sum` (it computes only the first accumulator and knows no date operator),
 * on fields indexed on MongoDB. The month of a loan cannot be a group key without date operators,
 * so the period's loans are read once with a small projection and folded by the caller.
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

export interface CopyGroup {
  orgId: string;
  collectionCode: string;
  resourceId: string;
  copies: number;
}

/** Copies not withdrawn, by school, collection and title. */
export async function copyGroupsOfSchools(orgIds: readonly string[]): Promise<CopyGroup[]> {
  const rows = await CopyModel.aggregate<{
    _id: { orgId: Types.ObjectId; collectionCode: string; resourceId: Types.ObjectId };
    copies: number;
  }>([
    { $match: { orgId: inSchools(orgIds), status: { $ne: 'withdrawn' } } },
    {
      $group: {
        _id: { orgId: '$orgId', collectionCode: '$collectionCode', resourceId: '$resourceId' },
        copies: { $sum: 1 },
      },
    },
  ]);
  return rows.map(({ _id, copies }) => ({
    orgId: String(_id.orgId),
    collectionCode: _id.collectionCode,
    resourceId: String(_id.resourceId),
    copies,
  }));
}

export interface DayCount {
  orgId: string;
  day: string;
  count: number;
}

async function copiesPerDay(match: Record<string, unknown>, dayField: string): Promise<DayCount[]> {
  const rows = await CopyModel.aggregate<{ _id: { orgId: Types.ObjectId; day: string }; count: number }>([
    { $match: match },
    { $group: { _id: { orgId: '$orgId', day: `$${dayField}` }, count: { $sum: 1 } } },
  ]);
  return rows.map(({ _id, count }) => ({ orgId: String(_id.orgId), day: _id.day, count }));
}

/** Copies acquired per school and day (their intake batch's date) between two local days, inclusive. */
export function acquisitionsPerDay(orgIds: readonly string[], firstDay: string, lastDay: string) {
  return copiesPerDay(
    { orgId: inSchools(orgIds), 'acquisition.date': { $gte: firstDay, $lte: lastDay } },
    'acquisition.date',
  );
}

/** Copies withdrawn per school and day (their withdrawal record's date) between two local days, inclusive. */
export function withdrawalsPerDay(orgIds: readonly string[], firstDay: string, lastDay: string) {
  return copiesPerDay(
    { orgId: inSchools(orgIds), status: 'withdrawn', 'withdrawal.date': { $gte: firstDay, $lte: lastDay } },
    'withdrawal.date',
  );
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
