/**
 * Labels for copies: barcode labels (the school's name, a Code 128 barcode of the copy's barcode,
 * its accession number and title) and spine labels (the call number), printed on a sheet of labels
 * from any position. A run is a range of accession numbers, an intake batch, or copies chosen from
 * them; only the people who manage a school's copies print them, and only that school's.
 */
import { accessionSortKey, parseAccession } from '../../domain/accession.js';
import type { Copy, IntakeBatch } from '../../domain/copy.js';
import { forbidden, invalid, notFound } from '../../domain/errors.js';
import { labelsPerSheet, type LabelCopy, type LabelKind, type LabelSheet } from '../../domain/labelSheet.js';
import { callNumberOf } from '../../domain/printEdition.js';
import type { Resource } from '../../domain/resource.js';
import { readAll } from '../../db/readAll.js';
import { copiesByIds, copiesInAccessionRange } from '../../models/copy.js';
import type { Actor } from '../../policies/actor.js';
import { canOnLibrary } from '../../policies/library.js';
import { labelSheets } from '../../registry/labelSheets.js';
import type { OrganisationDirectory } from '../organisationDirectory.js';
import { labelSheetPdf, type LabelContent } from '../render/labelSheetPdf.js';
import type { ResourceService } from '../resources.js';
import type { RegisterService } from './registers.js';

/** Labels in one run: a few dozen sheets. */
export const MAX_LABELS = 1000;

export type LabelSelection = { range: { from: string; to: string } } | { batchId: string } | { copyIds: string[] };

export interface LabelRun {
  selection: LabelSelection;
  kind: LabelKind;
  sheet: string;
  /** Position of the first label on the first sheet, from 1 (the ones before it are used already). */
  start: number;
}

export class LabelService {
  constructor(
    private readonly tree: OrganisationDirectory,
    private readonly resources: ResourceService,
    private readonly registers: RegisterService,
  ) {}

  sheets(): readonly LabelSheet[] {
    return labelSheets;
  }

  /** What the labels page offers someone who may print the school's labels: its intake batches. */
  async options(actor: Actor, orgId: string): Promise<{ batches: IntakeBatch[] }> {
    this.require(actor, orgId);
    return { batches: await this.registers.intakeBatches(actor, orgId) };
  }

  /** The school's copies a selection names (withdrawn ones left out), in register order. */
  async copiesFor(actor: Actor, orgId: string, selection: LabelSelection): Promise<LabelCopy[]> {
    this.require(actor, orgId);
    const copies = (await this.select(actor, orgId, selection)).filter((c) => c.status !== 'withdrawn');
    if (copies.length > MAX_LABELS)
      throw invalid([{ field: 'to', messageKey: 'labels.tooMany', params: { max: MAX_LABELS } }]);
    const titleIds = [...new Set(copies.map((c) => c.resourceId))];
    const titles = new Map<string, Resource>();
    for (const { record } of await readAll(titleIds, (id) => this.resources.find(id)))
      if (record) titles.set(record.id, record);
    return copies.map((copy) => {
      const title = titles.get(copy.resourceId);
      return { copy, title: title?.metadata.title ?? '', callNumber: title?.print ? callNumberOf(title.print) : null };
    });
  }

  /** The PDF of a run, and how many labels it has. */
  async pdf(actor: Actor, orgId: string, run: LabelRun): Promise<{ pdf: Buffer; count: number }> {
    const sheet = labelSheets.find((s) => s.code === run.sheet);
    if (!sheet) throw invalid([{ field: 'sheet', messageKey: 'labels.unknownSheet' }]);
    if (run.start > labelsPerSheet(sheet))
      throw invalid([{ field: 'start', messageKey: 'labels.startOffSheet', params: { max: labelsPerSheet(sheet) } }]);
    const copies = await this.copiesFor(actor, orgId, run.selection);
    if (!copies.length) throw invalid([{ field: 'copies', messageKey: 'labels.nothingToPrint' }]);
    const school = this.tree.get(orgId)!.name;
    const labels = copies.map((c) => (run.kind === 'spine' ? spineLabel(c) : barcodeLabel(c, school)));
    const pdf = await labelSheetPdf(sheet, labels, run.start, `${school}: ${copies.length}`);
    return { pdf, count: labels.length };
  }

  private async select(actor: Actor, orgId: string, selection: LabelSelection): Promise<Copy[]> {
    if ('batchId' in selection) {
      const { copies } = await this.registers.intakeBatchWithCopies(actor, selection.batchId);
      if (copies.some((c) => c.orgId !== orgId))
        throw invalid([{ field: 'batch', messageKey: 'library.entryOfAnotherSchool' }]);
      return copies;
    }
    if ('range' in selection) return this.range(orgId, selection.range.from, selection.range.to);
    const ids = [...new Set(selection.copyIds)];
    const copies = await copiesByIds(ids);
    const missing = ids.length - copies.filter((c) => c.orgId === orgId).length;
    // Another school's copies are as unknown here as ids that name nothing.
    if (missing) throw invalid([{ field: 'copies', messageKey: 'labels.copiesNotHere', params: { count: missing } }]);
    return copies;
  }

  private async range(orgId: string, from: string, to: string): Promise<Copy[]> {
    const [first, last] = [parseAccession(from), parseAccession(to)];
    if (!first) throw invalid([{ field: 'from', messageKey: 'labels.notANumber' }]);
    if (!last) throw invalid([{ field: 'to', messageKey: 'labels.notANumber' }]);
    if (first.lead !== last.lead) throw invalid([{ field: 'to', messageKey: 'labels.rangeCollections' }]);
    if (last.number < first.number) throw invalid([{ field: 'to', messageKey: 'labels.rangeOrder' }]);
    return copiesInAccessionRange(orgId, accessionSortKey(from), accessionSortKey(to), MAX_LABELS + 1);
  }

  private require(actor: Actor, orgId: string): void {
    if (!this.tree.get(orgId)) throw notFound();
    if (!canOnLibrary(actor, 'manageCopies', orgId, this.tree)) throw forbidden();
  }
}

function barcodeLabel(c: LabelCopy, school: string): LabelContent {
  return {
    top: [{ text: school, height: 0.13 }],
    barcode: c.copy.barcode,
    bottom: [
      { text: c.title, height: 0.11 },
      { text: c.copy.accessionNumber, height: 0.17, bold: true },
    ],
  };
}

/** The call number a line a part ("895.9223" / "HOA"), the volume under it, the accession number small. */
function spineLabel(c: LabelCopy): LabelContent {
  const parts = (c.callNumber ?? '').split(/\s+/).filter(Boolean);
  return {
    top: [...parts, ...(c.copy.volume ? [c.copy.volume] : [])].map((text) => ({ text, height: 0.22, bold: true })),
    bottom: [{ text: c.copy.accessionNumber, height: 0.13 }],
  };
}
