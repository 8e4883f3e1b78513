/**
 * The copies of one import step: each copy of each record is matched (its accession number already
 * on a copy of the title, or its id already written by this step before a crash) or planned; the
 * planned ones are numbered (numbers typed in the file claimed per record and collection, copies
 * the school numbers itself given one range per collection for the whole step), built, and written
 * in one insert with one register update per intake batch and one change-feed entry.
 */
import { formatAccession } from '../../../domain/accession.js';
import type { HoldingLine } from '../../../domain/catalogueRecord.js';
import type { Copy } from '../../../domain/copy.js';
import type { LibraryCollection, LibrarySettings } from '../../../domain/librarySettings.js';
import { copiesByIds, copyById, importedCopyId } from '../../../models/copy.js';
import { accessionKeyId, copyKey, keyById, releaseKeys } from '../../../models/copyKey.js';
import type { RecordOutcome } from '../../../models/importJob.js';
import { newCopy } from '../addCopies.js';
import {
  numberAutomatically,
  numberExplicitly,
  numberGroupsExplicitly,
  releaseNumbers,
  type NumberedCopy,
} from '../numbering.js';
import { collectionOf } from '../settings.js';
import { deliveryOf, placeHolding, type PlannedHolding } from './holdingsPlan.js';
import { problemsOf, type StepContext } from './stepContext.js';
import type { ImportDeps } from './deps.js';

/** A copy to add: where it goes, the number the file gives it (or none), the id it will have. */
interface PlannedCopy extends PlannedHolding {
  copyId: string;
  titleId: string;
  outcome: RecordOutcome;
}

export async function copiesOfStep(
  deps: ImportDeps,
  ctx: StepContext,
  records: readonly { outcome: RecordOutcome; lines: PlannedHoldingLines }[],
): Promise<void> {
  const settings = await deps.settings.settingsOf(ctx.job.orgId);
  const planned = records.flatMap((r) => planRecord(ctx, settings, r.outcome, r.lines));
  // Only a step done again can find copies under its ids: a step is first done once the one before is recorded.
  const fresh = ctx.resumed ? await notWrittenYet(planned) : planned;
  const numbered = await numberCopies(ctx, settings, fresh);
  const copies: Copy[] = [];
  try {
    for (const { copy, numbers } of numbered)
      copies.push(newCopy(ctx.actor, copy.titleId, copyInput(ctx, copy), await batchOf(ctx, copy), numbers));
    const batchIds = [...new Set(copies.map((c) => c.acquisition.batchId))];
    if (ctx.resumed) batchIds.push(...Object.values(ctx.job.batches).filter((id) => !batchIds.includes(id)));
    await deps.copies.addImported(ctx.actor, ctx.job.orgId, copies, batchIds, ctx.resumed);
  } catch (err) {
    await releaseNumbers(
      ctx.job.orgId,
      numbered.map((n) => n.numbers),
    );
    throw err;
  }
  for (const { copy } of numbered) copy.outcome.copiesAdded++;
}

/** A record's copies, with the title they belong to. */
export interface PlannedHoldingLines {
  number: number;
  titleId: string;
  holdings: HoldingLine[];
}

function planRecord(
  ctx: StepContext,
  settings: LibrarySettings,
  outcome: RecordOutcome,
  { number, titleId, holdings }: PlannedHoldingLines,
): PlannedCopy[] {
  const planned: PlannedCopy[] = [];
  for (const [index, line] of holdings.entries()) {
    const placed = placeHolding(settings, ctx.job.options, line);
    if ('messageKey' in placed) {
      outcome.problems.push(placed);
      continue;
    }
    planned.push({ ...placed, copyId: importedCopyId(ctx.job.id, number, index), titleId, outcome });
  }
  return planned;
}

/**
 * Whether a copy's number from the file is still to be claimed: not when a copy of the title has it
 * (matched) or another copy holds it (refused). A number this import claimed for the copy before a
 * crash, whose copy never got written, is released to be claimed again.
 */
async function numberIsFree(ctx: StepContext, settings: LibrarySettings, copy: PlannedCopy): Promise<boolean> {
  const number = formatAccession(collectionOf(settings, copy.collection), copy.number!);
  const holder = await keyById(accessionKeyId(ctx.job.orgId, number));
  if (!holder) return true;
  const held = await copyById(holder.copyId);
  if (held?.resourceId === copy.titleId) copy.outcome.copiesMatched++;
  else if (!held && holder.copyId === copy.copyId) {
    await releaseKeys([
      copyKey('accession', ctx.job.orgId, number, copy.copyId),
      copyKey('barcode', ctx.job.orgId, number, copy.copyId),
    ]);
    return true;
  } else copy.outcome.problems.push({ messageKey: 'imports.accessionTaken', params: { number } });
  return false;
}

/** Copies of the step a crashed attempt already wrote (found by their ids) are matched, not added. */
async function notWrittenYet(planned: readonly PlannedCopy[]): Promise<PlannedCopy[]> {
  const written = new Set((await copiesByIds(planned.map((p) => p.copyId))).map((c) => c.id));
  for (const p of planned) if (written.has(p.copyId)) p.outcome.copiesMatched++;
  return planned.filter((p) => !written.has(p.copyId));
}

/**
 * Numbers for the step's copies, per collection: the school's in one range, the file's in one claim
 * (each record's all or none; a record whose claim is refused is looked at on its own).
 */
async function numberCopies(ctx: StepContext, settings: LibrarySettings, planned: readonly PlannedCopy[]) {
  const numbered: { copy: PlannedCopy; numbers: NumberedCopy }[] = [];
  for (const [code, copies] of groupBy(planned, (p) => p.collection)) {
    let collection: LibraryCollection;
    try {
      collection = collectionOf(settings, code);
    } catch (err) {
      for (const p of copies) p.outcome.problems.push(...problemsOf(err));
      continue;
    }
    const automatic = copies.filter((p) => p.number === null);
    if (automatic.length) {
      const given = await numberAutomatically(
        ctx.job.orgId,
        collection,
        automatic.map((p) => p.copyId),
      );
      automatic.forEach((copy, i) => numbered.push({ copy, numbers: given[i]! }));
    }
    const fromFile = groupBy(
      copies.filter((p) => p.number !== null),
      (p) => String(p.outcome.number),
    );
    numbered.push(...(await claimFileNumbers(ctx, settings, collection, [...fromFile.values()])));
  }
  return numbered;
}

/** The numbers the file gives the step's records in one collection, in one claim. */
async function claimFileNumbers(
  ctx: StepContext,
  settings: LibrarySettings,
  collection: LibraryCollection,
  records: readonly PlannedCopy[][],
): Promise<{ copy: PlannedCopy; numbers: NumberedCopy }[]> {
  const results = await numberGroupsExplicitly(
    ctx.job.orgId,
    collection,
    records.map((group) => ({ numbers: group.map((p) => p.number!), copyIds: group.map((p) => p.copyId) })),
  );
  const numbered: { copy: PlannedCopy; numbers: NumberedCopy }[] = [];
  for (const [i, group] of records.entries()) {
    const claimed = results[i];
    if (claimed) numbered.push(...group.map((copy, j) => ({ copy, numbers: claimed[j]! })));
    else numbered.push(...(await claimRefusedRecord(ctx, settings, collection, group)));
  }
  return numbered;
}

/**
 * A record whose numbers were refused in the step's claim: claimed again on its own (an orphan
 * key left long ago is freed then); still refused, each number is looked at (numberIsFree: the
 * title's own copy, an orphan of this import, another copy's) and those still free are claimed.
 */
async function claimRefusedRecord(
  ctx: StepContext,
  settings: LibrarySettings,
  collection: LibraryCollection,
  group: readonly PlannedCopy[],
): Promise<{ copy: PlannedCopy; numbers: NumberedCopy }[]> {
  const claim = (copies: readonly PlannedCopy[]) =>
    numberExplicitly(
      ctx.job.orgId,
      collection,
      copies.map((p) => p.number!),
      copies.map((p) => p.copyId),
    );
  const first = await claim(group);
  if (first.ok) return group.map((copy, i) => ({ copy, numbers: first.numbered[i]! }));
  const free: PlannedCopy[] = [];
  for (const copy of group) if (await numberIsFree(ctx, settings, copy)) free.push(copy);
  if (!free.length) return [];
  const again = await claim(free);
  if (again.ok) return free.map((copy, i) => ({ copy, numbers: again.numbered[i]! }));
  for (const key of again.taken)
    free[0]!.outcome.problems.push({ messageKey: 'imports.accessionTaken', params: { number: key.text } });
  return [];
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    groups.set(key, [...(groups.get(key) ?? []), item]);
  }
  return groups;
}

function copyInput(ctx: StepContext, copy: PlannedCopy) {
  return {
    orgId: ctx.job.orgId,
    collection: copy.collection,
    location: copy.location,
    price: copy.line.price,
    volume: copy.line.volume,
    note: copy.line.note,
  };
}

/** The intake batch of the copy's delivery, as the register has it. */
async function batchOf(ctx: StepContext, copy: PlannedCopy) {
  const delivery = deliveryOf(copy.line, ctx.today);
  const [date, supplier] = delivery.split('|');
  return {
    id: await ctx.batchFor(delivery),
    date: date!,
    source: ctx.job.options.source,
    supplier: supplier || null,
    documentNumber: null,
  };
}
