/**
 * oai_lom: IEEE LOM (1484.12.3 XML binding, LOMv1.0 vocabularies), with the education fields of
 * Vietnamese schools in `educational` and `classification`. The crosswalk is the table below: one
 * row per field, naming the LOM category it fills and the elements it writes there.
 */
import type { LabelledTerm, MetadataFormat, OaiRecord } from '../../src/domain/metadataFormat.js';
import { xmlAttributes, xmlText } from '../../src/domain/xml.js';

const LOM = 'http://ltsc.ieee.org/xsd/LOM';
const CATALOGUE = 'Thư viện số';

/** A LOM element as data, so each row of the crosswalk can be tested without XML. */
export interface LomElement {
  name: string;
  text?: string;
  attributes?: Record<string, string>;
  children?: LomElement[];
}

const el = (name: string, ...children: LomElement[]): LomElement => ({ name, children });
const text = (name: string, value: string): LomElement => ({ name, text: value });
const langString = (value: string, language: string): LomElement => ({
  name: 'string',
  text: value,
  attributes: { language },
});
const vocabulary = (name: string, value: string): LomElement =>
  el(name, text('source', 'LOMv1.0'), text('value', value));
const vcard = (name: string) => {
  const escaped = name.replace(/[\\,;]/g, (c) => `\\${c}`);
  return `BEGIN:VCARD\r\nVERSION:3.0\r\nFN:${escaped}\r\nN:${escaped};;;;\r\nEND:VCARD`;
};
const bilingual = (name: string, term: LabelledTerm) => el(name, langString(term.vi, 'vi'), langString(term.en, 'en'));

/** Our resource types in LOMv1.0's learningResourceType, where one fits. */
const learningResourceTypes: Record<string, string> = {
  'sgk-dien-tu': 'narrative text',
  'sach-dien-tu': 'narrative text',
  'bai-giang': 'lecture',
  'mo-phong': 'simulation',
  'de-kiem-tra': 'exam',
  'hinh-anh': 'figure',
};

const roles: Record<string, string> = { teacher: 'teacher', student: 'learner' };

/** A taxon path in one of our vocabularies: the source names the vocabulary, the taxon its term. */
const taxonPath = (source: string, term: LabelledTerm) =>
  el(
    'taxonPath',
    el('source', langString(`${CATALOGUE}: ${source}`, 'vi')),
    el('taxon', text('id', term.code), bilingual('entry', term)),
  );

const classification = (purpose: string, ...paths: LomElement[]): LomElement[] =>
  paths.length ? [el('classification', vocabulary('purpose', purpose), ...paths)] : [];

/** Typical ages of Vietnamese pupils: grade N is taught at N + 5 to N + 6 years old. */
export function typicalAges(grades: readonly number[]): string | null {
  if (!grades.length) return null;
  return `${Math.min(...grades) + 5}-${Math.max(...grades) + 6}`;
}

export type LomCategory = 'general' | 'lifeCycle' | 'technical' | 'educational' | 'rights' | 'classification';

/** Field → category and elements, in LOM's order of categories. */
export const lomCrosswalk: readonly {
  field: string;
  category: LomCategory;
  elements: (r: OaiRecord) => LomElement[];
}[] = [
  {
    field: 'identifier',
    category: 'general',
    elements: (r) => [el('identifier', text('catalog', 'URI'), text('entry', r.url))],
  },
  {
    field: 'isbn',
    category: 'general',
    elements: (r) =>
      r.metadata.isbn ? [el('identifier', text('catalog', 'ISBN'), text('entry', r.metadata.isbn))] : [],
  },
  {
    field: 'title',
    category: 'general',
    elements: (r) => [el('title', langString(r.metadata.title, r.metadata.language))],
  },
  { field: 'language', category: 'general', elements: (r) => [text('language', r.metadata.language)] },
  {
    field: 'description',
    category: 'general',
    elements: (r) =>
      r.metadata.description ? [el('description', langString(r.metadata.description, r.metadata.language))] : [],
  },
  {
    field: 'keywords',
    category: 'general',
    elements: (r) => r.metadata.keywords.map((k) => el('keyword', langString(k, r.metadata.language))),
  },
  {
    field: 'coverage',
    category: 'general',
    elements: (r) =>
      r.metadata.coverage ? [el('coverage', langString(r.metadata.coverage, r.metadata.language))] : [],
  },
  {
    field: 'creators',
    category: 'lifeCycle',
    elements: (r) =>
      r.metadata.creators.length
        ? [
            el(
              'contribute',
              vocabulary('role', 'author'),
              ...r.metadata.creators.map((c) => text('entity', vcard(c))),
              ...(r.metadata.date ? [el('date', text('dateTime', r.metadata.date))] : []),
            ),
          ]
        : [],
  },
  {
    field: 'contributors',
    category: 'lifeCycle',
    elements: (r) =>
      r.metadata.contributors.length
        ? [
            el(
              'contribute',
              vocabulary('role', 'unknown'),
              ...r.metadata.contributors.map((c) => text('entity', vcard(c))),
            ),
          ]
        : [],
  },
  {
    field: 'publisher',
    category: 'lifeCycle',
    elements: (r) => [
      el(
        'contribute',
        vocabulary('role', 'publisher'),
        text('entity', vcard(r.metadata.publisher ?? r.organisation.name)),
      ),
    ],
  },
  { field: 'format', category: 'technical', elements: (r) => r.mediaTypes.map((m) => text('format', m)) },
  { field: 'location', category: 'technical', elements: (r) => [text('location', r.url)] },
  {
    field: 'type',
    category: 'educational',
    elements: (r) =>
      learningResourceTypes[r.metadata.type]
        ? [vocabulary('learningResourceType', learningResourceTypes[r.metadata.type]!)]
        : [],
  },
  {
    field: 'audience',
    category: 'educational',
    elements: (r) => r.metadata.audience.map((a) => vocabulary('intendedEndUserRole', roles[a] ?? 'learner')),
  },
  { field: 'context', category: 'educational', elements: () => [vocabulary('context', 'school')] },
  {
    field: 'grades',
    category: 'educational',
    elements: (r) =>
      typicalAges(r.metadata.grades)
        ? [el('typicalAgeRange', langString(typicalAges(r.metadata.grades)!, 'x-none'))]
        : [],
  },
  {
    field: 'level',
    category: 'educational',
    elements: (r) => {
      if (!r.labels.level) return [];
      const grades = r.metadata.grades.length ? ` – Lớp ${r.metadata.grades.join(', ')}` : '';
      const gradesEn = r.metadata.grades.length ? ` – Grade ${r.metadata.grades.join(', ')}` : '';
      return [
        el(
          'description',
          langString(`${r.labels.level.vi}${grades}`, 'vi'),
          langString(`${r.labels.level.en}${gradesEn}`, 'en'),
        ),
      ];
    },
  },
  { field: 'language', category: 'educational', elements: (r) => [text('language', r.metadata.language)] },
  { field: 'cost', category: 'rights', elements: () => [vocabulary('cost', 'no')] },
  {
    field: 'licence',
    category: 'rights',
    elements: (r) => [vocabulary('copyrightAndOtherRestrictions', r.labels.licence?.code === 'cc0' ? 'no' : 'yes')],
  },
  {
    field: 'licence',
    category: 'rights',
    elements: (r) =>
      r.labels.licence
        ? [
            el(
              'description',
              langString(`${r.labels.licence.vi} ${r.labels.licence.uri}`, 'vi'),
              langString(`${r.labels.licence.en} ${r.labels.licence.uri}`, 'en'),
            ),
          ]
        : [],
  },
  {
    field: 'subject',
    category: 'classification',
    elements: (r) =>
      classification('discipline', ...(r.labels.subject ? [taxonPath('Môn học', r.labels.subject)] : [])),
  },
  {
    field: 'level',
    category: 'classification',
    elements: (r) =>
      classification(
        'educational level',
        ...(r.labels.level ? [taxonPath('Cấp học', r.labels.level)] : []),
        ...r.metadata.grades.map((g) => taxonPath('Lớp', { code: `lop-${g}`, vi: `Lớp ${g}`, en: `Grade ${g}` })),
      ),
  },
  {
    field: 'type',
    category: 'classification',
    elements: (r) => classification('idea', ...(r.labels.type ? [taxonPath('Loại tài nguyên', r.labels.type)] : [])),
  },
  {
    field: 'audience',
    category: 'classification',
    elements: (r) =>
      classification('educational objective', ...r.labels.audience.map((a) => taxonPath('Đối tượng', a))),
  },
];

const categories: readonly LomCategory[] = [
  'general',
  'lifeCycle',
  'technical',
  'educational',
  'rights',
  'classification',
];

/** The record as LOM elements, category by category; classifications stand on their own. */
export function lomElements(record: OaiRecord): LomElement[] {
  const out: LomElement[] = [];
  for (const category of categories) {
    const children = lomCrosswalk.filter((row) => row.category === category).flatMap((row) => row.elements(record));
    if (category === 'classification') out.push(...children);
    else if (children.length) out.push(el(category, ...children));
  }
  return out;
}

/** An element as XML: its text, then its children (an element without either is written `<name/>`). */
function xmlOf(element: LomElement): string {
  const open = `<${element.name}${xmlAttributes(element.attributes)}`;
  if (element.text === undefined && !element.children?.length) return `${open}/>`;
  let xml = `${open}>${element.text === undefined ? '' : xmlText(element.text)}`;
  for (const child of element.children ?? []) xml += xmlOf(child);
  return `${xml}</${element.name}>`;
}

/** The root element's start tag (LOM's namespace as the default); `xsi` is bound by the OAI-PMH envelope. */
const OPEN = `<lom xmlns="${LOM}" xsi:schemaLocation="${LOM} http://ltsc.ieee.org/xsd/lomv1.0/lom.xsd">`;

export const oaiLom: MetadataFormat = {
  prefix: 'oai_lom',
  schema: 'http://ltsc.ieee.org/xsd/lomv1.0/lom.xsd',
  namespace: LOM,
  appliesTo: () => true,
  render(record: OaiRecord): string {
    let xml = OPEN;
    for (const element of lomElements(record)) xml += xmlOf(element);
    return `${xml}</lom>`;
  },
};
