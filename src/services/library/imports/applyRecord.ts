/**
 * One record of an import into one school: the title found or catalogued, its copies matched or
 * added. Doing a record again adds nothing twice: a title is found again by ISBN and title, a
 * numbered copy by its accession number, and copies the school numbers itself are counted in the
 * job's intake batches against what the job's earlier records added (a record cut short by a
 * crash is done again on resume with `resumed`).
 */
import { formatAccession } from '../../../domain/accession.js';
import type { CatalogueRecord, RecordProblem } from '../../../domain/catalogueRecord.js';
import type { LibrarySettings } from '../../../domain/librarySettings.js';
import { DomainError } from '../../../domain/errors.js';
import { blankMetadata, type Resource } from '../../../domain/resource.js';
import { copiesOfTitleInBatches } from '../../../models/catalogueMatches.js';
import { copyById } from '../../../models/copy.js';
import { accessionKeyId, keyById } from '../../../models/copyKey.js';
import { copiesAddedBefore, type ImportJob, type RecordOutcome } from '../../../models/importJob.js';
import type { Actor } from '../../../policies/actor.js';
import { collectionOf } from '../settings.js';
import { existingTitle } from './findTitle.js';
import { isbnKeys, type JobTitles } from './jobTitles.js';
import { groupHoldings, placeHolding, type CopyGroup, type PlannedHolding } from './holdingsPlan.js';
import type { ImportDeps } from './deps.js';

export interface RecordContext {
  job: ImportJob;
  actor: Actor;
  number: number;
  /** The record may have been half done before a crash. */
  resumed: boolean;
  today: string;
  /** The titles the job's records may be (read a step ahead, and those the job catalogued). */
  titles: JobTitles;
  /** Opens (once per delivery) the intake batch copies go into. */
  batchFor(delivery: string): Promise<string>;
}

export async function applyRecord(
  deps: ImportDeps,
  ctx: RecordContext,
  record: CatalogueRecord,
): Promise<RecordOutcome> {
  const outcome: RecordOutcome = {
    jobId: ctx.job.id,
    number: ctx.number,
    outcome: 'matched',
    title: record.metadata.title,
    resourceId: null,
    copiesAdded: 0,
    copiesMatched: 0,
    problems: [],
  };
  let titleId: string;
  try {
    const found = await existingTitle(deps.tree, ctx.actor, ctx.job.orgId, record, ctx.titles);
    titleId = found?.id ?? (await catalogue(deps, ctx, record)).id;
    if (!found) outcome.outcome = 'added';
  } catch (err) {
    return { ...outcome, outcome: 'refused', problems: problemsOf(err) };
  }
  outcome.resourceId = titleId;
  await addHoldings(deps, ctx, titleId, record, outcome);
  if (outcome.copiesAdded > 0) outcome.outcome = 'added';
  return outcome;
}

async function catalogue(deps: ImportDeps, ctx: RecordContext, record: CatalogueRecord): Promise<Resource> {
  const metadata = blankMetadata({
    ...record.metadata,
    type: 'sach-in',
    licence: 'all-rights-reserved',
    isbn: isbnKeys(record)[0] ?? null,
  });
  const title = await deps.resources.create(
    ctx.actor,
    ctx.job.orgId,
    { metadata, scope: ctx.job.options.scope, print: record.print },
    { status: 'published' },
  );
  ctx.titles.catalogued(title);
  return title;
}

async function addHoldings(
  deps: ImportDeps,
  ctx: RecordContext,
  resourceId: string,
  record: CatalogueRecord,
  outcome: RecordOutcome,
): Promise<void> {
  const settings = await deps.settings.settingsOf(ctx.job.orgId);
  const toAdd: PlannedHolding[] = [];
  let numberedOfThisJob = 0;
  for (const line of record.holdings) {
    const placed = placeHolding(settings, ctx.job.options, line);
    if ('messageKey' in placed) {
      outcome.problems.push(placed);
      continue;
    }
    if (placed.number === null) {
      toAdd.push(placed);
      continue;
    }
    const number = formatAccession(collectionOf(settings, placed.collection), placed.number);
    const holder = await keyById(accessionKeyId(ctx.job.orgId, number));
    const copy = holder ? await copyById(holder.copyId) : null;
    if (!holder) toAdd.push(placed);
    else if (copy?.resourceId === resourceId) {
      outcome.copiesMatched++;
      if (Object.values(ctx.job.batches).includes(copy.acquisition.batchId)) numberedOfThisJob++;
    } else outcome.problems.push({ messageKey: 'imports.accessionTaken', params: { number } });
  }
  const unnumbered = toAdd.filter((p) => p.number === null);
  const already = ctx.resumed ? await unnumberedAlreadyAdded(ctx, resourceId, numberedOfThisJob) : 0;
  const planned = toAdd.filter((p) => p.number !== null).concat(unnumbered.slice(already));
  outcome.copiesMatched += Math.min(already, unnumbered.length);
  for (const group of groupHoldings(planned, ctx.today)) await addGroup(deps, ctx, resourceId, group, outcome);
  await applyBarcodes(deps, ctx, resourceId, settings, record, outcome);
}

/**
 * A copy whose barcode is not its accession number (952 $p beside $i) is relabelled once it is in
 * the school, added now or before: doing it again finds the barcode already there and does nothing.
 */
async function applyBarcodes(
  deps: ImportDeps,
  ctx: RecordContext,
  resourceId: string,
  settings: LibrarySettings,
  record: CatalogueRecord,
  outcome: RecordOutcome,
): Promise<void> {
  for (const line of record.holdings) {
    if (!line.barcode) continue;
    const placed = placeHolding(settings, ctx.job.options, line);
    if ('messageKey' in placed || placed.number === null) continue;
    const number = formatAccession(collectionOf(settings, placed.collection), placed.number);
    const holder = await keyById(accessionKeyId(ctx.job.orgId, number));
    const copy = holder ? await copyById(holder.copyId) : null;
    if (!copy || copy.resourceId !== resourceId || copy.barcode === line.barcode) continue;
    try {
      await deps.copies.edit(ctx.actor, copy.id, copy.version, { barcode: line.barcode });
    } catch (err) {
      outcome.problems.push(...problemsOf(err));
    }
  }
}

/** Copies this record added before the crash that the school numbered itself. */
async function unnumberedAlreadyAdded(ctx: RecordContext, resourceId: string, numberedOfThisJob: number) {
  const inBatches = await copiesOfTitleInBatches(Object.values(ctx.job.batches), resourceId);
  const before = await copiesAddedBefore(ctx.job.id, resourceId, ctx.number);
  return Math.max(0, inBatches - before - numberedOfThisJob);
}

async function addGroup(
  deps: ImportDeps,
  ctx: RecordContext,
  resourceId: string,
  group: CopyGroup,
  outcome: RecordOutcome,
) {
  const settings = await deps.settings.settingsOf(ctx.job.orgId);
  const collection = collectionOf(settings, group.collection);
  try {
    const added = await deps.copies.add(ctx.actor, resourceId, {
      orgId: ctx.job.orgId,
      collection: group.collection,
      location: group.location,
      numbering: group.numbers.length
        ? {
            from: formatAccession(collection, group.numbers[0]!),
            to: formatAccession(collection, group.numbers.at(-1)!),
          }
        : { count: group.count },
      batch: { id: await ctx.batchFor(group.delivery) },
      price: group.price,
      volume: group.volume,
      note: group.note,
    });
    outcome.copiesAdded += added.copies.length;
  } catch (err) {
    outcome.problems.push(...problemsOf(err));
  }
}

/** A refusal in the words the result page shows; anything else is not the record's fault and stops the job. */
export function problemsOf(err: unknown): RecordProblem[] {
  if (!(err instanceof DomainError) || !['validation', 'conflict', 'forbidden', 'not_found'].includes(err.code))
    throw err;
  const fields = err.fields.filter((f) => f.messageKey);
  if (!fields.length) return [{ messageKey: err.messageKey, params: plain(err.params) }];
  return fields.map((f) => ({ messageKey: f.messageKey!, params: plain(f.params ?? {}) }));
}

const plain = (params: Record<string, unknown>) =>
  Object.fromEntries(
    Object.entries(params).filter((e): e is [string, string | number] => ['string', 'number'].includes(typeof e[1])),
  );
