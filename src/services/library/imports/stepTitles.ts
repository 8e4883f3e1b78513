/**
 * The titles of one step of an import (up to a hundred records): each record's title is found
 * (src/services/library/imports/findTitle.ts) or planned, and the planned ones are catalogued in
 * one bulk create. A planned title joins the job's known titles at once, so a later record of the
 * same book in the step finds it instead of planning it twice. A step redone after a crash finds
 * the titles it catalogued the first time, as a record done again always did.
 */
import type { CatalogueRecord, RecordProblem } from '../../../domain/catalogueRecord.js';
import { DomainError } from '../../../domain/errors.js';
import { blankMetadata } from '../../../domain/resource.js';
import { nameLookupKey } from '../../../domain/titleLookup.js';
import { newDatabaseId } from '../../../models/ids.js';
import { existingTitle } from './findTitle.js';
import { isbnKeys } from './jobTitles.js';
import { problemsOf, type StepContext } from './stepContext.js';
import type { ImportDeps } from './deps.js';

export interface StepRecord {
  number: number;
  record: CatalogueRecord;
}

/** A record's title: found (`added` false) or catalogued now; or why the record is refused. */
export type TitleOfRecord = { titleId: string; added: boolean } | { problems: RecordProblem[] };

interface PlannedTitle {
  id: string;
  number: number;
  record: CatalogueRecord;
}

export async function titlesOfStep(
  deps: ImportDeps,
  ctx: StepContext,
  records: readonly StepRecord[],
): Promise<Map<number, TitleOfRecord>> {
  const titles = new Map<number, TitleOfRecord>();
  const planned: PlannedTitle[] = [];
  /** Titles without an ISBN planned in this step, by their title as compared (as the school's titles are found). */
  const plannedByName = new Map<string, string>();
  for (const { number, record } of records) {
    const withoutIsbn = !isbnKeys(record).length;
    const name = nameLookupKey(ctx.job.orgId, record.metadata.title);
    try {
      const found =
        (withoutIsbn ? plannedByName.get(name) : undefined) ??
        (await existingTitle(deps.tree, ctx.actor, ctx.job.orgId, record, ctx.titles))?.id;
      if (found) {
        titles.set(number, { titleId: found, added: false });
        continue;
      }
    } catch (err) {
      titles.set(number, { problems: problemsOf(err) });
      continue;
    }
    const id = newDatabaseId();
    planned.push({ id, number, record });
    titles.set(number, { titleId: id, added: true });
    if (withoutIsbn) plannedByName.set(name, id);
    knowPlanned(ctx, id, record);
  }
  await cataloguePlanned(deps, ctx, planned, titles);
  return titles;
}

/** A planned title among the job's known titles: a later record sharing its ISBN finds it. */
function knowPlanned(ctx: StepContext, id: string, record: CatalogueRecord): void {
  ctx.titles.add({
    id,
    orgId: ctx.job.orgId,
    ownerId: ctx.actor.personId!,
    status: 'published',
    scope: ctx.job.options.scope,
    createdAt: new Date(),
    title: record.metadata.title,
    isbns: isbnKeys(record),
  });
}

/** One bulk create; a title refused there refuses every record of the step that took it. */
async function cataloguePlanned(
  deps: ImportDeps,
  ctx: StepContext,
  planned: readonly PlannedTitle[],
  titles: Map<number, TitleOfRecord>,
): Promise<void> {
  if (!planned.length) return;
  const written = await deps.resources.createPrintedMany(
    ctx.actor,
    ctx.job.orgId,
    planned.map(({ id, record }) => ({
      id,
      input: {
        metadata: blankMetadata({
          ...record.metadata,
          type: 'sach-in',
          licence: 'all-rights-reserved',
          isbn: isbnKeys(record)[0] ?? null,
        }),
        scope: ctx.job.options.scope,
        print: record.print,
      },
    })),
  );
  for (const [number, title] of titles) {
    if (!('titleId' in title)) continue;
    const result = written.get(title.titleId);
    if (result instanceof DomainError) titles.set(number, { problems: problemsOf(result) });
  }
}
