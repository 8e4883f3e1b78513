/**
 * One step of an import into one school (up to a hundred records, src/services/library/imports/
 * importWorker.ts): the titles found or catalogued in one bulk create (stepTitles.ts), the copies
 * matched or added in one bulk insert (stepCopies.ts), then barcodes that differ from accession
 * numbers. Doing a step again after a crash adds nothing twice: titles are found again by ISBN and
 * title, numbered copies by accession number, and every copy by the id the import gives it.
 */
import { formatAccession } from '../../../domain/accession.js';
import type { CatalogueRecord, RecordReading } from '../../../domain/catalogueRecord.js';
import type { LibrarySettings } from '../../../domain/librarySettings.js';
import { copyById } from '../../../models/copy.js';
import { accessionKeyId, keyById } from '../../../models/copyKey.js';
import type { RecordOutcome } from '../../../models/importJob.js';
import { collectionOf } from '../settings.js';
import { placeHolding } from './holdingsPlan.js';
import { copiesOfStep, type PlannedHoldingLines } from './stepCopies.js';
import { problemsOf, type StepContext } from './stepContext.js';
import { titlesOfStep } from './stepTitles.js';
import type { ImportDeps } from './deps.js';

export async function applyStep(
  deps: ImportDeps,
  ctx: StepContext,
  readings: readonly RecordReading[],
): Promise<RecordOutcome[]> {
  const records = readings.flatMap((r) => (r.ok ? [{ number: r.number, record: r.record }] : []));
  const titles = await titlesOfStep(deps, ctx, records);
  const outcomes = new Map<number, RecordOutcome>();
  const withCopies: { outcome: RecordOutcome; lines: PlannedHoldingLines }[] = [];
  for (const reading of readings) {
    const outcome = outcomeOf(ctx, reading);
    outcomes.set(reading.number, outcome);
    const title = titles.get(reading.number);
    if (!reading.ok || !title) continue;
    if ('problems' in title) {
      Object.assign(outcome, { outcome: 'refused', problems: title.problems });
      continue;
    }
    outcome.resourceId = title.titleId;
    if (title.added) outcome.outcome = 'added';
    withCopies.push({
      outcome,
      lines: { number: reading.number, titleId: title.titleId, holdings: reading.record.holdings },
    });
  }
  await copiesOfStep(deps, ctx, withCopies);
  const settings = await deps.settings.settingsOf(ctx.job.orgId);
  for (const reading of readings) {
    const outcome = outcomes.get(reading.number)!;
    if (!reading.ok || !outcome.resourceId) continue;
    if (outcome.copiesAdded > 0) outcome.outcome = 'added';
    await applyBarcodes(deps, ctx, settings, reading.record, outcome);
  }
  return [...outcomes.values()];
}

function outcomeOf(ctx: StepContext, reading: RecordReading): RecordOutcome {
  return {
    jobId: ctx.job.id,
    number: reading.number,
    outcome: reading.ok ? 'matched' : 'refused',
    title: reading.ok ? reading.record.metadata.title : null,
    resourceId: null,
    copiesAdded: 0,
    copiesMatched: 0,
    problems: reading.ok ? [] : reading.problems,
  };
}

/**
 * A copy whose barcode is not its accession number (952 $p beside $i) is relabelled once it is in
 * the school, added now or before: doing it again finds the barcode already there and does nothing.
 */
async function applyBarcodes(
  deps: ImportDeps,
  ctx: StepContext,
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
    if (!copy || copy.resourceId !== outcome.resourceId || copy.barcode === line.barcode) continue;
    try {
      await deps.copies.edit(ctx.actor, copy.id, copy.version, { barcode: line.barcode });
    } catch (err) {
      outcome.problems.push(...problemsOf(err));
    }
  }
}
