/**
 * oai_dc: unqualified Dublin Core, the format every OAI-PMH provider must offer. The crosswalk is
 * the table below: one row per DC element, with the values it takes from a record, in order.
 */
import type { MetadataFormat, OaiRecord } from '../../src/domain/metadataFormat.js';
import { xmlText } from '../../src/domain/xml.js';

const OAI_DC = 'http://www.openarchives.org/OAI/2.0/oai_dc/';
const DC = 'http://purl.org/dc/elements/1.1/';

/** A value, in a language when it is a label rather than data. */
export interface DcValue {
  text: string;
  lang?: 'vi' | 'en';
}

/** DCMI Type Vocabulary terms for our resource types; types not listed have none. */
const dcmiTypes: Record<string, string> = {
  'sgk-dien-tu': 'Text',
  'sach-dien-tu': 'Text',
  'sgk-in': 'Text',
  'sach-in': 'Text',
  'ke-hoach-bai-day': 'Text',
  'de-kiem-tra': 'Text',
  'bai-giang': 'InteractiveResource',
  video: 'MovingImage',
  'am-thanh': 'Sound',
  'hinh-anh': 'StillImage',
  'mo-phong': 'Software',
};

const plain = (...values: (string | null | undefined)[]): DcValue[] =>
  values.filter((v): v is string => !!v).map((text) => ({ text }));
const bilingual = (term: { vi: string; en: string } | null): DcValue[] =>
  term
    ? [
        { text: term.vi, lang: 'vi' },
        { text: term.en, lang: 'en' },
      ]
    : [];

/** Element → values, in the order DC lists its elements. */
export const dcCrosswalk: readonly { element: string; values: (r: OaiRecord) => DcValue[] }[] = [
  { element: 'title', values: (r) => plain(r.metadata.title) },
  { element: 'creator', values: (r) => plain(...r.metadata.creators) },
  {
    element: 'subject',
    values: (r) => [
      ...bilingual(r.labels.subject),
      ...bilingual(r.labels.level),
      ...r.metadata.grades.map((g): DcValue => ({ text: `Lớp ${g}`, lang: 'vi' })),
      ...plain(...r.metadata.keywords),
    ],
  },
  { element: 'description', values: (r) => plain(r.metadata.description) },
  { element: 'publisher', values: (r) => plain(r.metadata.publisher ?? r.organisation.name) },
  { element: 'contributor', values: (r) => plain(...r.metadata.contributors) },
  { element: 'date', values: (r) => plain(r.metadata.date) },
  { element: 'type', values: (r) => [...plain(dcmiTypes[r.metadata.type]), ...bilingual(r.labels.type)] },
  { element: 'format', values: (r) => plain(...r.mediaTypes) },
  {
    element: 'identifier',
    values: (r) =>
      plain(
        r.url,
        r.metadata.isbn ? `urn:isbn:${r.metadata.isbn.replace(/[-\s]/g, '')}` : null,
        // The printed edition's valid ISBNs; a misprinted one identifies nothing.
        ...(r.print?.isbns ?? []).filter((i) => !i.invalid).map((i) => `urn:isbn:${i.value}`),
      ),
  },
  { element: 'source', values: (r) => plain(r.metadata.source) },
  { element: 'language', values: (r) => plain(r.metadata.language) },
  { element: 'relation', values: (r) => plain(r.metadata.relation, r.labels.series ? r.labels.series.vi : null) },
  { element: 'coverage', values: (r) => plain(r.metadata.coverage) },
  {
    element: 'rights',
    values: (r) => (r.labels.licence ? [{ text: r.labels.licence.uri }, ...bilingual(r.labels.licence)] : []),
  },
];

/** The root element's start tag; `xsi` is bound by the OAI-PMH envelope. */
const OPEN =
  `<oai_dc:dc xmlns:oai_dc="${OAI_DC}" xmlns:dc="${DC}" ` +
  `xsi:schemaLocation="${OAI_DC} http://www.openarchives.org/OAI/2.0/oai_dc.xsd">`;
/** Each row's tags, written once: a harvest writes them millions of times. */
const tags = dcCrosswalk.map((row) => ({
  row,
  open: {
    none: `<dc:${row.element}>`,
    vi: `<dc:${row.element} xml:lang="vi">`,
    en: `<dc:${row.element} xml:lang="en">`,
  },
  close: `</dc:${row.element}>`,
}));

export const oaiDc: MetadataFormat = {
  prefix: 'oai_dc',
  schema: 'http://www.openarchives.org/OAI/2.0/oai_dc.xsd',
  namespace: OAI_DC,
  appliesTo: () => true,
  render(record: OaiRecord): string {
    let xml = OPEN;
    for (const { row, open, close } of tags)
      for (const value of row.values(record)) xml += open[value.lang ?? 'none'] + xmlText(value.text) + close;
    return `${xml}</oai_dc:dc>`;
  },
};
