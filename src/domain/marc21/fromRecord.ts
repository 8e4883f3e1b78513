/**
 * Catalogue record → MARC21 bibliographic, the inverse of toRecord.ts (docs/marc.md): reading what
 * this writes gives the same record back. Copies are written as Koha writes items (952), one field
 * per copy, so that Koha and this library read each other's files.
 */
import type { CatalogueRecord, HoldingLine } from '../catalogueRecord.js';
import { callNumberOf } from '../printEdition.js';
import { dataField, type DataField, type MarcField, type MarcRecord } from './fields.js';
import { marcLanguageOf } from './languages.js';

export interface MarcContext {
  /** 001: the title's id in this library. */
  controlNumber: string;
  /** 040 $a and 952 $a/$b: the cataloguing and holding library's code. */
  agency: string;
}

/** Leader of a book record in Unicode: 05 new, 06 language material, 07 monograph, 09 UTF-8. */
export const BOOK_LEADER = '00000nam a2200000 a 4500';

export function marcOf(record: CatalogueRecord, context: MarcContext): MarcRecord {
  const { metadata, print } = record;
  const fields: (MarcField | null)[] = [
    { tag: '001', value: context.controlNumber },
    { tag: '008', value: fixedData(metadata.date, metadata.language) },
    ...print.isbns.map((i) =>
      dataField('020', '  ', [
        [i.invalid ? 'z' : 'a', i.value],
        ['q', i.qualifier],
      ]),
    ),
    dataField('040', '  ', [
      ['a', context.agency],
      ['b', 'vie'],
    ]),
    dataField('041', '0 ', [['a', marcLanguageOf(metadata.language)]]),
    classificationField(record),
    ...names(metadata.creators, metadata.contributors),
    titleField(metadata.title, metadata.creators),
    dataField('250', '  ', [['a', print.edition]]),
    dataField('264', ' 1', [
      ['a', print.place],
      ['b', metadata.publisher],
      ['c', metadata.date],
    ]),
    dataField('300', '  ', [
      ['a', print.pages ? `${print.pages} tr.` : null],
      ['c', print.dimensions],
    ]),
    dataField('490', '0 ', [['a', print.seriesStatement]]),
    ...(print.notes ?? '').split('\n').map((note) => dataField('500', '  ', [['a', note]])),
    dataField('520', '  ', [['a', metadata.description]]),
    ...print.subjectHeadings.map(headingField),
    ...metadata.keywords.map((k) => dataField('653', '  ', [['a', k]])),
    ...record.holdings.map((h) => kohaItem(h, context.agency, callNumberOf(print))),
  ];
  const kept = fields.filter((f): f is MarcField => f !== null);
  return { leader: BOOK_LEADER, fields: kept.sort((a, b) => a.tag.localeCompare(b.tag)) };
}

/** 008: date entered, type of date and year, language; the rest unknown (blank or fill). */
function fixedData(date: string | null, language: string): string {
  const year = /^\d{4}/.exec(date ?? '')?.[0];
  const value = `000000${year ? 's' : 'n'}${year ?? 'uuuu'}    vm            000 0 ${marcLanguageOf(language)} d`;
  return value.padEnd(40, ' ').slice(0, 40);
}

function classificationField({ print }: CatalogueRecord): DataField | null {
  const c = print.classification;
  if (!c) return null;
  if (c.scheme === 'ddc')
    return dataField('082', '04', [
      ['a', c.number],
      ['b', print.authorMark],
    ]);
  return dataField('084', '  ', [
    ['a', c.number],
    ['b', print.authorMark],
    ['2', c.scheme],
  ]);
}

/** The first creator is the main entry (100); the other creators are added entries marked as authors. */
function names(creators: string[], contributors: string[]): (DataField | null)[] {
  return [
    ...creators.map((name, i) =>
      i === 0
        ? dataField('100', '0 ', [['a', name]])
        : dataField('700', '0 ', [
            ['a', name],
            ['4', 'aut'],
          ]),
    ),
    ...contributors.map((name) => dataField('700', '0 ', [['a', name]])),
  ];
}

/** 245 with ISBD punctuation: `$a Toán 6 : $b sách giáo khoa / $c Hà Huy Khoái`. */
function titleField(title: string, creators: string[]): DataField | null {
  const at = title.indexOf(' : ');
  const proper = at < 0 ? title : title.slice(0, at);
  const remainder = at < 0 ? null : title.slice(at + 3);
  const responsibility = creators.length ? creators.join(', ') : null;
  const end = responsibility ? ' /' : '';
  return dataField('245', `${creators.length ? '1' : '0'}0`, [
    ['a', remainder ? `${proper} :` : `${proper}${end}`],
    ['b', remainder ? `${remainder}${end}` : null],
    ['c', responsibility],
  ]);
}

function headingField(heading: string): DataField | null {
  const [main, ...subdivisions] = heading.split(' -- ');
  return dataField('650', ' 7', [['a', main], ...subdivisions.map((s): [string, string] => ['x', s])]);
}

/**
 * One copy as a Koha item: $a/$b library, $c location, $8 collection, $o call number, $p barcode, $i accession number.
 */
function kohaItem(h: HoldingLine, agency: string, callNumber: string | null): DataField | null {
  return dataField('952', '  ', [
    ['a', agency],
    ['b', agency],
    ['c', h.location],
    ['8', h.collection],
    ['o', callNumber],
    ['p', h.barcode ?? h.accessionNumber],
    ['i', h.barcode ? h.accessionNumber : null],
    ['d', h.acquiredOn],
    ['g', h.price === null ? null : String(h.price)],
    ['e', h.supplier],
    ['h', h.volume],
    ['y', 'BK'],
    ['z', h.note],
  ]);
}
