/**
 * Imports of catalogue files into a school library, and the school's catalogue exported as a file.
 * An upload becomes a job (stored file, choices, position) that the worker runs in the background;
 * the pages show its progress and, at the end, what became of every record. Only those who may
 * catalogue for the school (its librarians and admins, or above) may import into it or see its imports.
 */
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { conflict, forbidden, invalid, notFound } from '../../../domain/errors.js';
import type { RecordReading } from '../../../domain/catalogueRecord.js';
import { guessColumns, readingOfRow, type ColumnMap } from '../../../domain/spreadsheetRows.js';
import { rememberColumns, rememberedColumns } from '../../../models/importMapping.js';
import { readSheet, spreadsheetKindOf, type SheetTable } from './spreadsheet.js';
import { readStoredFile } from './storedFile.js';
import {
  chooseColumns,
  queueImportJob,
  importJobById,
  importJobsOf,
  insertImportJob,
  outcomeCounts,
  outcomesOf,
  type ImportJob,
  type ImportOptions,
  type RecordOutcome,
} from '../../../models/importJob.js';
import type { Actor } from '../../../policies/actor.js';
import { canOnLibrary } from '../../../policies/library.js';
import { formatOfFile } from '../../../registry/recordFormats.js';
import { collectionOf, requireLocation } from '../settings.js';
import { exportCatalogue, type CatalogueFile } from './catalogueExport.js';
import { titlesWithIsbn, type OfferedTitle } from './findTitle.js';
import type { ImportDeps } from './deps.js';
import { translator, type Language } from '../../../i18n/index.js';
import type { ImportWorker } from './importWorker.js';

export const MAX_IMPORT_BYTES = 100 * 1024 * 1024;
export { MAX_OFFERED } from './findTitle.js';

export interface ImportUpload {
  fileName: string;
  bytes: Buffer;
  options: ImportOptions;
}

export interface ImportProgress {
  job: ImportJob;
  counts: Record<RecordOutcome['outcome'], number>;
  /** 0–100. */
  percent: number;
}

export interface ColumnChoice {
  job: ImportJob;
  table: SheetTable;
  columns: ColumnMap;
}

export interface Preview {
  job: ImportJob;
  readings: RecordReading[];
  rows: number;
}

const PREVIEW_ROWS = 10;
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function newJob(
  actor: Actor,
  orgId: string,
  upload: ImportUpload,
  format: string,
  fileId: string,
): Omit<ImportJob, 'id'> {
  return {
    orgId,
    createdBy: actor.personId!,
    format,
    fileName: upload.fileName,
    fileId,
    options: upload.options,
    sheet: null,
    columns: null,
    status: format === 'xlsx' || format === 'csv' ? 'draft' : 'queued',
    total: null,
    position: 1,
    batches: {},
    counts: { added: 0, matched: 0, refused: 0 },
    holder: null,
    leaseUntil: null,
    error: null,
    createdAt: new Date(),
    finishedAt: null,
  };
}

export class ImportService {
  constructor(
    private readonly deps: ImportDeps,
    readonly worker: ImportWorker,
  ) {}

  /** A MARC file is queued at once; a spreadsheet waits as a draft for its sheet and columns. */
  async start(actor: Actor, orgId: string, upload: ImportUpload): Promise<ImportJob> {
    this.require(actor, orgId);
    const settings = await this.deps.settings.settingsOf(orgId);
    collectionOf(settings, upload.options.collection);
    requireLocation(settings, upload.options.location);
    const sheet = spreadsheetKindOf(upload.fileName);
    const format = sheet ? null : formatOfFile(upload.fileName, upload.bytes.subarray(0, 512));
    if (!sheet && !format) throw invalid([{ field: 'file', messageKey: 'imports.unknownFormat' }]);
    if (sheet) await readSheet(upload.bytes, sheet, null);
    const stored = await this.deps.storage.put(Readable.from([upload.bytes]), {
      filename: upload.fileName,
      contentType: format?.mediaType ?? (sheet === 'csv' ? 'text/csv' : XLSX_TYPE),
    });
    const job = await insertImportJob(newJob(actor, orgId, upload, sheet ?? format!.id, stored.id));
    this.worker.kick();
    return job;
  }

  /** A spreadsheet's sheets and headers, and the columns to start from (as chosen, remembered or guessed). */
  async columnsOf(actor: Actor, id: string, sheet: string | null): Promise<ColumnChoice> {
    const { job, table } = await this.draftTable(actor, id, sheet);
    const columns =
      job.columns && table.sheet === job.sheet
        ? (job.columns as ColumnMap)
        : guessColumns(table.headers, await rememberedColumns(job.orgId));
    return { job, table, columns };
  }

  /** Keeps the choice (and remembers the columns for the school's next file); the first rows as they would import. */
  async preview(actor: Actor, id: string, sheet: string, columns: ColumnMap): Promise<Preview> {
    const { job, table } = await this.draftTable(actor, id, sheet);
    const unknown = Object.entries(columns).filter(([, header]) => !table.headers.includes(header!));
    if (unknown.length || !columns.title)
      throw invalid([{ field: 'columns.title', messageKey: 'imports.sheet.titleColumn' }]);
    if (!(await chooseColumns(job.id, table.sheet, columns as Record<string, string>)))
      throw conflict('imports.notDraft');
    await rememberColumns(job.orgId, columns as Record<string, string>);
    const readings = table.rows.slice(0, PREVIEW_ROWS).map((r) => readingOfRow(r.number, r.values, columns));
    return {
      job: { ...job, sheet: table.sheet, columns: columns as Record<string, string> },
      readings,
      rows: table.rows.length,
    };
  }

  /** Hands a draft whose columns are chosen to the worker. */
  async queue(actor: Actor, id: string): Promise<void> {
    const job = await this.load(actor, id);
    if (!(await queueImportJob(job.id))) throw conflict('imports.notDraft');
    this.worker.kick();
  }

  private async draftTable(actor: Actor, id: string, sheet: string | null) {
    const job = await this.load(actor, id);
    if (job.status !== 'draft' || (job.format !== 'xlsx' && job.format !== 'csv')) throw conflict('imports.notDraft');
    const bytes = await readStoredFile(this.deps.storage, job.fileId);
    if (!bytes) throw notFound('imports.failed.file');
    return { job, table: await readSheet(bytes, job.format, sheet ?? job.sheet) };
  }

  /** A job the actor may see; another school's is "not found". */
  async load(actor: Actor, id: string): Promise<ImportJob> {
    const job = await importJobById(id);
    if (!job || !canOnLibrary(actor, 'catalogue', job.orgId, this.deps.tree)) throw notFound('imports.notFound');
    return job;
  }

  async ofSchool(actor: Actor, orgId: string): Promise<ImportJob[]> {
    this.require(actor, orgId);
    return importJobsOf(orgId);
  }

  async progress(actor: Actor, id: string): Promise<ImportProgress> {
    const job = await this.load(actor, id);
    const counts = job.counts ?? (await outcomeCounts(job.id));
    const done = counts.added + counts.matched + counts.refused;
    const percent = job.status === 'done' ? 100 : job.total ? Math.floor((100 * done) / job.total) : 0;
    return { job, counts, percent };
  }

  /** What became of the records: all of them, or those of one kind. */
  async outcomes(actor: Actor, id: string, kind?: RecordOutcome['outcome']): Promise<RecordOutcome[]> {
    const job = await this.load(actor, id);
    if (job.status !== 'done') throw conflict('imports.notFinished');
    return outcomesOf(job.id, { outcome: kind });
  }

  /** The result as a workbook: one row per record, in the person's language. */
  async resultWorkbook(actor: Actor, id: string, lang: Language): Promise<Buffer> {
    const t = translator(lang);
    const outcomes = await this.outcomes(actor, id);
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet(t('imports.result.sheet'));
    sheet.columns = [
      { header: t('imports.result.number'), key: 'number', width: 8 },
      { header: t('imports.result.outcome'), key: 'outcome', width: 14 },
      { header: t('imports.result.title'), key: 'title', width: 50 },
      { header: t('imports.result.copiesAdded'), key: 'copiesAdded', width: 12 },
      { header: t('imports.result.copiesMatched'), key: 'copiesMatched', width: 12 },
      { header: t('imports.result.problems'), key: 'problems', width: 80 },
    ];
    sheet.getRow(1).font = { bold: true };
    for (const o of outcomes)
      sheet.addRow({
        ...o,
        outcome: t(`imports.outcome.${o.outcome}`),
        problems: o.problems.map((p) => t(p.messageKey, p.params)).join('; '),
      });
    return Buffer.from(await workbook.xlsx.writeBuffer());
  }

  /** Copy cataloguing: titles of the province (or harvested) with this ISBN, to add the school's copies to. */
  async titlesWithIsbn(actor: Actor, orgId: string, isbn: string): Promise<OfferedTitle[]> {
    this.require(actor, orgId);
    return titlesWithIsbn(this.deps.tree, this.deps.holdings, actor, orgId, isbn);
  }

  /** The school's catalogue as a file in a record format (checked before the first byte is sent). */
  exportCatalogue(actor: Actor, orgId: string, formatId: string): CatalogueFile {
    return exportCatalogue(this.deps, actor, orgId, formatId);
  }

  private require(actor: Actor, orgId: string): void {
    if (!this.deps.tree.get(orgId)) throw notFound();
    if (!canOnLibrary(actor, 'catalogue', orgId, this.deps.tree) || !actor.personId) throw forbidden();
  }
}
