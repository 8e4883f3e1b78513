/**
 * MARC21 bibliographic → catalogue record: the field-by-field mapping that docs/marc.md documents.
 * Holdings come from 952 (Koha's convention) or 852; a record that cannot be a printed title (no
 * title proper, a language the library does not list, a malformed date of acquisition) is refused
 * with its reasons, never guessed.
 */
import { blankPrintEdition, type CatalogueRecord, type HoldingLine, type RecordProblem } from '../catalogueRecord.js';
import type { IsbnEntry } from '../printEdition.js';
import { controlField, dataFields, subfield, subfields, type DataField, type MarcRecord } from './fields.js';
import { languageOfMarc } from './languages.js';

export type MarcReading = { ok: true; record: CatalogueRecord } | { ok: false; problems: RecordProblem[] };

export function catalogueRecordOf(marc: MarcRecord): MarcReading {
  const problems: RecordProblem[] = [];
  const title = titleOf(marc);
  if (!title) problems.push({ messageKey: 'imports.marc.noTitle' });
  const language = languageOf(marc, problems);
  const holdings = [...dataFields(marc, '952').map(koha952), ...dataFields(marc, '852').map(holding852)];
  holdings.forEach((h, i) => {
    if (h.acquiredOn === 'bad') problems.push({ messageKey: 'imports.marc.badDate', params: { holding: i + 1 } });
  });
  if (problems.length) return { ok: false, problems };
  const people = namesOf(marc);
  const publication = dataFields(marc, '264', '260').find((f) => f.tag === '260' || f.ind2 === '1');
  const physical = dataFields(marc, '300')[0];
  return {
    ok: true,
    record: {
      metadata: {
        title: title!,
        creators: people.creators,
        contributors: people.contributors,
        publisher: publication ? subfield(publication, 'b') : null,
        date: publication ? yearOf(subfield(publication, 'c')) : null,
        language: language!,
        description: first(marc, '520', 'a'),
        keywords: dataFields(marc, '653').flatMap((f) => subfields(f, 'a')),
      },
      print: {
        ...blankPrintEdition(),
        isbns: isbnsOf(marc),
        edition: first(marc, '250', 'a'),
        place: publication ? subfield(publication, 'a') : null,
        pages: physical ? pagesOf(subfield(physical, 'a')) : null,
        dimensions: physical ? subfield(physical, 'c') : null,
        seriesStatement: first(marc, '490', 'a') ?? first(marc, '830', 'a'),
        ...classificationOf(marc),
        subjectHeadings: dataFields(marc, '650')
          .map(headingOf)
          .filter((h) => h !== ''),
        notes:
          dataFields(marc, '500')
            .flatMap((f) => subfields(f, 'a'))
            .join('\n') || null,
      },
      holdings: holdings.map((h) => ({ ...h, acquiredOn: h.acquiredOn === 'bad' ? null : h.acquiredOn })),
    },
  };
}

const first = (marc: MarcRecord, tag: string, code: string) =>
  dataFields(marc, tag)
    .map((f) => subfield(f, code))
    .find((v) => v !== null) ?? null;

/** 245 $a, $b, $n, $p as one title in ISBD order (`Toán 6 : sách giáo khoa. T.1, Số học`). */
export function titleOf(marc: MarcRecord): string | null {
  const field = dataFields(marc, '245')[0];
  const proper = field && subfield(field, 'a');
  if (!field || !proper) return null;
  let title = proper;
  const remainder = subfield(field, 'b');
  if (remainder) title += ` : ${remainder}`;
  const parts = [...subfields(field, 'n'), ...subfields(field, 'p')].filter((p) => p !== '');
  if (parts.length) title += `. ${parts.join(', ')}`;
  return title;
}

function languageOf(marc: MarcRecord, problems: RecordProblem[]): string | null {
  const code = first(marc, '041', 'a') ?? controlField(marc, '008')?.slice(35, 38).trim() ?? '';
  if (!code) return 'vi';
  const language = languageOfMarc(code);
  if (!language) problems.push({ messageKey: 'imports.marc.language', params: { code } });
  return language ?? null;
}

/** 100/110 and 700/710: main and added entries. An added entry whose relator says author is a creator. */
function namesOf(marc: MarcRecord): { creators: string[]; contributors: string[] } {
  const creators = dataFields(marc, '100', '110').flatMap((f) => subfields(f, 'a'));
  const contributors: string[] = [];
  for (const field of dataFields(marc, '700', '710')) {
    const name = subfield(field, 'a');
    if (!name) continue;
    const relators = [...subfields(field, '4'), ...subfields(field, 'e')].map((r) => r.toLowerCase());
    const isAuthor = relators.some((r) => r === 'aut' || r === 'tác giả' || r === 'author');
    (isAuthor ? creators : contributors).push(name);
  }
  return { creators, contributors };
}

/** 020 $a (valid as catalogued) and $z (cancelled or invalid: kept as printed on the book); `$q` or `(…)` qualifies. */
function isbnsOf(marc: MarcRecord): IsbnEntry[] {
  const entries: IsbnEntry[] = [];
  for (const field of dataFields(marc, '020')) {
    const qualifier = subfield(field, 'q');
    for (const [code, invalid] of [
      ['a', false],
      ['z', true],
    ] as const) {
      for (const raw of subfields(field, code)) {
        const match = /^([0-9Xx\- ]+)\s*(?:\((.*)\))?/.exec(raw.replace(/^ISBN:?\s*/i, ''));
        if (match) entries.push({ value: match[1]!.trim(), qualifier: qualifier ?? match[2] ?? null, invalid });
      }
    }
  }
  return entries;
}

/** 082 (DDC) or else 084 with its scheme in $2; $b is the author mark (item number). */
function classificationOf(marc: MarcRecord) {
  const ddc = dataFields(marc, '082')[0];
  const other = dataFields(marc, '084')[0];
  const field = ddc ?? other;
  const number = field && subfield(field, 'a')?.replace(/['/]/g, '');
  if (!field || !number) return {};
  const scheme = ddc ? 'ddc' : (subfield(field, '2')?.toLowerCase() ?? 'ddc');
  return { classification: { scheme, number }, authorMark: subfield(field, 'b') };
}

/**
 * 650: the heading and its subdivisions ($x general, $y period, $z place, $v form) joined as Vietnamese catalogues show
 * them.
 */
function headingOf(field: DataField): string {
  return field.subfields
    .filter(([code]) => 'axyzv'.includes(code))
    .map(([, v]) => v.trim().replace(/\.$/, ''))
    .filter((v) => v !== '')
    .join(' -- ');
}

/** The first year in a date statement: `c2020.` → `2020`, `[2019]` → `2019`. */
function yearOf(text: string | null): string | null {
  return /(1[5-9]|20)\d\d/.exec(text ?? '')?.[0] ?? null;
}

/** `172 tr. : minh họa` → 172. */
function pagesOf(text: string | null): number | null {
  const match = /(\d+)\s*(tr|p|trang|pages)?/i.exec(text ?? '');
  return match ? Number(match[1]) : null;
}

type ReadHolding = Omit<HoldingLine, 'acquiredOn'> & { acquiredOn: string | null | 'bad' };

/** Koha's items field: $p barcode (the accession number in Vietnamese Koha catalogues unless $i gives one). */
function koha952(field: DataField): ReadHolding {
  const barcode = subfield(field, 'p');
  const inventory = subfield(field, 'i');
  return {
    accessionNumber: inventory ?? barcode,
    barcode: inventory && barcode && barcode !== inventory ? barcode : null,
    location: subfield(field, 'c'),
    collection: subfield(field, '8'),
    acquiredOn: isoDate(subfield(field, 'd')),
    price: priceOf(subfield(field, 'g')),
    supplier: subfield(field, 'e'),
    volume: subfield(field, 'h'),
    note: subfield(field, 'z') ?? subfield(field, 'x'),
  };
}

/** Location field: $p piece designation (the accession number), $c shelving location or $b sublocation. */
function holding852(field: DataField): ReadHolding {
  return {
    accessionNumber: subfield(field, 'p'),
    barcode: null,
    location: subfield(field, 'c') ?? subfield(field, 'b'),
    collection: null,
    acquiredOn: null,
    price: null,
    supplier: null,
    volume: null,
    note: subfield(field, 'z') ?? subfield(field, 'x'),
  };
}

function isoDate(text: string | null): string | null | 'bad' {
  if (!text) return null;
  const match = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(text.trim());
  if (!match) return 'bad';
  const iso = `${match[1]}-${match[2]}-${match[3]}`;
  return Number.isNaN(Date.parse(iso)) ? 'bad' : iso;
}

/** `45000`, `45.000 đ`, `45,000` → 45000 (đồng have no fraction). */
function priceOf(text: string | null): number | null {
  const digits = (text ?? '').replace(/[^\d]/g, '');
  return digits ? Number(digits) : null;
}
