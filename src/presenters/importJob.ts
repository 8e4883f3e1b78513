/** What the import pages show of a job and its records, in the person's language. */
import type { Language } from '../i18n/index.js';
import { translator } from '../i18n/index.js';
import type { RecordReading } from '../domain/catalogueRecord.js';
import type { OrganisationTree } from '../domain/organisation.js';
import type { SchoolHoldings } from '../domain/copy.js';
import type { Resource } from '../domain/resource.js';
import { presentAvailability } from './copy.js';
import type { ImportJob, RecordOutcome, RecordOutcomeKind } from '../models/importJob.js';

export interface ImportJobView {
  id: string;
  url: string;
  fileName: string;
  status: string;
  finished: boolean;
  createdAt: string;
}

export interface ImportProgressView extends ImportJobView {
  percent: number;
  done: number;
  total: number | null;
  counts: Record<RecordOutcomeKind, number>;
  progressText: string;
  countsText: string;
  error: string | null;
  resultUrl: string;
}

export function presentImportJob(job: ImportJob, lang: Language): ImportJobView {
  const t = translator(lang);
  return {
    id: job.id,
    url: `/library/imports/${job.id}`,
    fileName: job.fileName,
    status: t(`imports.status.${job.status}`),
    finished: job.status === 'done' || job.status === 'failed',
    createdAt: job.createdAt.toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB', { timeZone: 'Asia/Ho_Chi_Minh' }),
  };
}

export function presentImportProgress(
  job: ImportJob,
  counts: Record<RecordOutcomeKind, number>,
  percent: number,
  lang: Language,
): ImportProgressView {
  const t = translator(lang);
  const done = counts.added + counts.matched + counts.refused;
  return {
    ...presentImportJob(job, lang),
    percent,
    done,
    total: job.total,
    counts,
    progressText: t('imports.pages.progress', { done, total: job.total ?? '…' }),
    countsText: t('imports.pages.counts', counts),
    error: job.error ? t(job.error) : null,
    resultUrl: `/library/imports/${job.id}/result.xlsx`,
  };
}

export interface OutcomeView {
  number: number;
  outcome: string;
  title: string;
  problems: string[];
}

export function presentOutcome(outcome: RecordOutcome, lang: Language): OutcomeView {
  const t = translator(lang);
  return {
    number: outcome.number,
    outcome: t(`imports.outcome.${outcome.outcome}`),
    title: outcome.title ?? '',
    problems: outcome.problems.map((p) => t(p.messageKey, p.params)),
  };
}

export interface PreviewRowView {
  number: number;
  ok: boolean;
  title: string;
  creators: string;
  isbns: string;
  copies: string;
  problems: string[];
}

/** A spreadsheet row as it would import: what it holds, or what is wrong with it. */
export function presentPreviewRow(reading: RecordReading, lang: Language): PreviewRowView {
  const t = translator(lang);
  if (!reading.ok)
    return {
      number: reading.number,
      ok: false,
      title: '',
      creators: '',
      isbns: '',
      copies: '',
      problems: reading.problems.map((p) => t(p.messageKey, p.params)),
    };
  const { metadata, print, holdings } = reading.record;
  const numbers = holdings.map((h) => h.accessionNumber).filter((n): n is string => n !== null);
  return {
    number: reading.number,
    ok: true,
    title: metadata.title,
    creators: metadata.creators.join('; '),
    isbns: print.isbns.map((i) => i.value).join(', '),
    copies: numbers.length ? numbers.join(', ') : String(holdings.length),
    problems: [],
  };
}

/** The column choices of a spreadsheet import: each field with the sheet's headers to pick from. */
export function presentColumnChoices(
  fields: readonly string[],
  headers: readonly string[],
  columns: Record<string, string | undefined>,
  lang: Language,
) {
  const t = translator(lang);
  return fields.map((field) => ({
    field,
    label: t(`imports.field.${field}`),
    options: headers.map((h) => ({ value: h, label: h, selected: columns[field] === h })),
  }));
}

/** A title offered to copy: what identifies the book, who catalogued it, where to add the school's copies. */
export function presentTitleMatch(
  offered: { title: Resource; holdings: SchoolHoldings[] },
  orgId: string,
  tree: OrganisationTree,
) {
  const { title } = offered;
  return {
    id: title.id,
    title: title.metadata.title,
    creators: title.metadata.creators.join('; '),
    publisher: [title.metadata.publisher, title.metadata.date].filter(Boolean).join(', '),
    isbns: title.print?.isbns.map((i) => i.value).join(', ') ?? '',
    cataloguedBy: tree.get(title.orgId)?.name ?? '',
    holders: presentAvailability(offered.holdings, tree),
    url: `/resources/${title.id}`,
    addCopiesUrl: `/library/titles/${title.id}/copies/new?orgId=${orgId}`,
  };
}
