/**
 * The registers as printed documents (src/domain/printedDocument.ts): which columns, which words,
 * which totals, in the person's language (Vietnamese first). The renderers lay them out as XLSX or
 * PDF; the rows of the big registers stay async iterables, mapped one by one as they stream.
 */
import { dongInWords } from '../domain/amountInWords.js';
import type { CellValue, DocumentColumn, DocumentTable, PrintedDocument, Period } from '../domain/printedDocument.js';
import type { RegisterEntry } from '../domain/copy.js';
import type { Language, Translate } from '../i18n/index.js';
import { translator } from '../i18n/index.js';
import { callNumberOf } from '../domain/printEdition.js';
import type { Resource } from '../domain/resource.js';
import type {
  EntryLine,
  GeneralRegister,
  IndividualRegisterLine,
  LoanRegisterKind,
  LoanRegisterLine,
  RegisterSchool,
  WithdrawalDocument,
} from '../domain/registers.js';
import { collectionLabel } from './copy.js';

const col = (header: string, width: number, kind: DocumentColumn['kind'] = 'text'): DocumentColumn => ({
  header,
  width,
  kind,
});

/** dd/mm/yyyy, as papers write a day. */
const day = (iso: string) => (iso.length >= 10 ? `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}` : iso);

/** What every register shares: the letterhead, the page numbers and the signatures. */
function frame(t: Translate, base: RegisterSchool, today: string) {
  return {
    issuer: [
      ...(base.parent ? [base.parent.name.toLocaleUpperCase('vi')] : []),
      base.school.name.toLocaleUpperCase('vi'),
    ],
    placeAndDate: t('registers.doc.placeAndDate', {
      d: today.slice(8, 10),
      m: today.slice(5, 7),
      y: today.slice(0, 4),
    }),
    pageLabel: (page: string) => t('registers.doc.page', { page }),
  };
}

const registerSigners = (t: Translate) => [
  { role: t('registers.doc.signers.librarian'), hint: t('registers.doc.signers.signName') },
  { role: t('registers.doc.signers.principal'), hint: t('registers.doc.signers.signSeal') },
];

const periodLine = (t: Translate, period: Period | null) =>
  period ? [t('registers.doc.period', { from: day(period.from), to: day(period.to) })] : [];

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

/** One part of the general register: what tells its entries apart (number, date, source or reason), then the same counts. */
interface GeneralPart<E extends RegisterEntry> {
  part: 'I' | 'II';
  numberHeader: string;
  dateHeader: string;
  kindHeader: string;
  lines: EntryLine<E>[];
  kindOf: (entry: E) => string;
  noteOf: (entry: E) => string | null;
  after: string[];
}

function generalPart<E extends RegisterEntry>(
  t: Translate,
  collections: ReturnType<typeof collectionLabel>[],
  p: GeneralPart<E>,
): DocumentTable {
  const total = (of: (l: EntryLine<E>) => number) => sum(p.lines.map(of));
  return {
    heading: t(`registers.general.part${p.part}`),
    sheetName: t(`registers.general.sheet${p.part}`),
    columns: [
      col(t(p.numberHeader), 7, 'integer'),
      col(t(p.dateHeader), 10, 'date'),
      col(t(p.kindHeader), 14),
      col(t('registers.col.documentNumber'), 12),
      ...collections.map((c) => col(c.label, 8, 'integer')),
      col(t('registers.col.copies'), 8, 'integer'),
      col(t('registers.col.value'), 14, 'money'),
      col(t('registers.col.note'), 14),
    ],
    rows: p.lines.map(({ entry, byCollection }): CellValue[] => [
      entry.number,
      entry.date,
      p.kindOf(entry),
      entry.documentNumber,
      ...collections.map((c) => byCollection[c.code] ?? 0),
      entry.copyCount,
      entry.totalValue,
      p.noteOf(entry),
    ]),
    totals: [
      t('registers.doc.total'),
      null,
      null,
      null,
      ...collections.map((c) => total((l) => l.byCollection[c.code] ?? 0)),
      total((l) => l.entry.copyCount),
      total((l) => l.entry.totalValue),
      null,
    ],
    after: p.after,
  };
}

export function generalRegisterDocument(data: GeneralRegister, lang: Language, today: string): PrintedDocument {
  const t = translator(lang);
  const collections = data.collections.map((code) => collectionLabel(data.settings, code, lang));
  const totalOf = (lines: EntryLine<RegisterEntry>[], field: 'copyCount' | 'totalValue') =>
    sum(lines.map((l) => l.entry[field]));
  const remaining = {
    copies: (totalOf(data.intake, 'copyCount') - totalOf(data.withdrawals, 'copyCount')).toLocaleString('vi-VN'),
    value: (totalOf(data.intake, 'totalValue') - totalOf(data.withdrawals, 'totalValue')).toLocaleString('vi-VN'),
  };
  return {
    ...frame(t, data, today),
    name: `${t('registers.general.title')} – ${data.school.name}`,
    motto: null,
    title: t('registers.general.title').toLocaleUpperCase('vi'),
    subtitle: periodLine(t, data.period),
    orientation: 'landscape',
    preface: [],
    tables: [
      generalPart(t, collections, {
        part: 'I',
        numberHeader: 'registers.col.batchNumber',
        dateHeader: 'registers.col.dateIn',
        kindHeader: 'registers.col.source',
        lines: data.intake,
        kindOf: (entry) => t(`library.source.${entry.source}`),
        noteOf: (entry) => [entry.supplier, entry.note].filter(Boolean).join('; ') || null,
        after: [],
      }),
      generalPart(t, collections, {
        part: 'II',
        numberHeader: 'registers.col.recordNumber',
        dateHeader: 'registers.col.date',
        kindHeader: 'registers.col.reason',
        lines: data.withdrawals,
        kindOf: (entry) => t(`library.reason.${entry.reason}`),
        noteOf: (entry) => entry.note,
        after: [t('registers.general.balance', remaining)],
      }),
    ],
    signers: registerSigners(t),
  };
}

/** "NXB Giáo dục Việt Nam, Hà Nội, 2024". */
const publication = (title: Resource | null) =>
  title
    ? [title.metadata.publisher, title.print?.place, title.metadata.date?.slice(0, 4)].filter(Boolean).join(', ')
    : '';

/** The call number (class number and author mark), or the class number alone when there is no call number. */
const classAndCall = (title: Resource | null) =>
  (title?.print ? callNumberOf(title.print) : null) ?? title?.print?.classification?.number ?? '';

export function individualRegisterDocument(
  data: RegisterSchool & { lines: AsyncIterable<IndividualRegisterLine> },
  lang: Language,
  today: string,
): PrintedDocument {
  const t = translator(lang);
  async function* rows(): AsyncGenerator<CellValue[]> {
    for await (const { copy, title, batchNumber, withdrawalNumber } of data.lines)
      yield [
        copy.acquisition.date,
        copy.accessionNumber,
        [title?.metadata.title ?? '', copy.volume].filter(Boolean).join(' – '),
        title?.metadata.creators.join('; ') ?? '',
        publication(title),
        copy.acquisition.price,
        classAndCall(title),
        batchNumber,
        copy.withdrawal ? `${withdrawalNumber ?? ''} – ${day(copy.withdrawal.date)}` : null,
      ];
  }
  return {
    ...frame(t, data, today),
    name: `${t('registers.individual.title')} – ${data.school.name}`,
    motto: null,
    title: t('registers.individual.title').toLocaleUpperCase('vi'),
    subtitle: [t('registers.doc.asOf', { date: day(today) })],
    orientation: 'landscape',
    preface: [],
    tables: [
      {
        heading: null,
        sheetName: t('registers.individual.sheet'),
        columns: [
          col(t('registers.col.dateIn'), 9, 'date'),
          col(t('registers.col.accession'), 11),
          col(t('registers.col.title'), 30),
          col(t('registers.col.author'), 16),
          col(t('registers.col.publication'), 20),
          col(t('registers.col.price'), 9, 'money'),
          col(t('registers.col.classNumber'), 13),
          col(t('registers.col.batchNumber'), 6, 'integer'),
          col(t('registers.col.withdrawal'), 11),
        ],
        rows: rows(),
        totals: null,
        after: [],
      },
    ],
    signers: registerSigners(t),
  };
}

export function loanRegisterDocument(
  data: RegisterSchool & { lines: AsyncIterable<LoanRegisterLine> },
  kind: LoanRegisterKind,
  period: Period,
  lang: Language,
  today: string,
): PrintedDocument {
  const t = translator(lang);
  const withClass = kind === 'students';
  async function* rows(): AsyncGenerator<CellValue[]> {
    let n = 0;
    for await (const { loan, patronName, className, accessionNumber, title } of data.lines)
      yield [
        ++n,
        loan.issuedAt.toISOString().slice(0, 10),
        patronName,
        ...(withClass ? [className] : []),
        accessionNumber,
        loan.interLibraryRequestId ? `${title} (${t('desk5.interLibrary.mark')})` : title,
        loan.dueDate,
        loan.returnedAt ? loan.returnedAt.toISOString().slice(0, 10) : null,
        null,
      ];
  }
  return {
    ...frame(t, data, today),
    name: `${t(`registers.loans.${kind}.title`)} – ${data.school.name}`,
    motto: null,
    title: t(`registers.loans.${kind}.title`).toLocaleUpperCase('vi'),
    subtitle: periodLine(t, period),
    orientation: 'landscape',
    preface: [],
    tables: [
      {
        heading: null,
        sheetName: t(`registers.loans.${kind}.sheet`),
        columns: [
          col(t('registers.col.row'), 5, 'integer'),
          col(t('registers.col.loanDate'), 9, 'date'),
          col(t('registers.col.patron'), 20),
          ...(withClass ? [col(t('classes2.register.className'), 7)] : []),
          col(t('registers.col.accession'), 11),
          col(t('registers.col.title'), withClass ? 25 : 32),
          col(t('registers.col.due'), 9, 'date'),
          col(t('registers.col.returned'), 9, 'date'),
          col(t('registers.col.signature'), 12, 'signature'),
        ],
        rows: rows(),
        totals: null,
        after: [],
      },
    ],
    signers: registerSigners(t),
  };
}

export function withdrawalRecordDocument(data: WithdrawalDocument, lang: Language, today: string): PrintedDocument {
  const t = translator(lang);
  const { entry } = data;
  const value = sum(data.copies.map((c) => c.copy.acquisition.price ?? 0));
  const date = { d: entry.date.slice(8, 10), m: entry.date.slice(5, 7), y: entry.date.slice(0, 4) };
  return {
    ...frame(t, data, today),
    name: `${t('registers.withdrawal.title')} ${entry.number} – ${data.school.name}`,
    motto: [t('registers.doc.motto1'), t('registers.doc.motto2')],
    title: t('registers.withdrawal.title').toLocaleUpperCase('vi'),
    subtitle: [t('registers.withdrawal.number', { number: entry.number })],
    orientation: 'portrait',
    preface: [
      t('registers.withdrawal.opening', { ...date, school: data.school.name }),
      t('registers.withdrawal.committee1'),
      t('registers.withdrawal.committee2'),
      t('registers.withdrawal.committee3'),
      t('registers.withdrawal.reason', { reason: t(`library.reason.${entry.reason}`) }),
      ...(entry.documentNumber ? [t('registers.withdrawal.document', { number: entry.documentNumber })] : []),
      ...(entry.note ? [t('registers.withdrawal.note', { note: entry.note })] : []),
      t('registers.withdrawal.agreed'),
    ],
    tables: [
      {
        heading: null,
        sheetName: t('registers.withdrawal.sheet'),
        columns: [
          col(t('registers.col.row'), 5, 'integer'),
          col(t('registers.col.accession'), 12),
          col(t('registers.col.title'), 34),
          col(t('registers.col.author'), 18),
          col(t('registers.col.year'), 7),
          col(t('registers.col.price'), 12, 'money'),
        ],
        rows: data.copies.map(({ copy, title }, i): CellValue[] => [
          i + 1,
          copy.accessionNumber,
          [title?.metadata.title ?? '', copy.volume].filter(Boolean).join(' – '),
          title?.metadata.creators.join('; ') ?? '',
          title?.metadata.date?.slice(0, 4) ?? '',
          copy.acquisition.price,
        ]),
        totals: [t('registers.doc.total'), null, null, null, null, value],
        after: [
          t('registers.withdrawal.totals', {
            copies: data.copies.length.toLocaleString('vi-VN'),
            value: value.toLocaleString('vi-VN'),
          }),
          t('registers.withdrawal.inWords', { words: dongInWords(value) }),
        ],
      },
    ],
    signers: [
      { role: t('registers.doc.signers.secretary'), hint: t('registers.doc.signers.signName') },
      { role: t('registers.doc.signers.accountant'), hint: t('registers.doc.signers.signName') },
      { role: t('registers.doc.signers.chair'), hint: t('registers.doc.signers.signSeal') },
    ],
  };
}
