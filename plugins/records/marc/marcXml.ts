/**
 * MARCXML (MARC21 slim, http://www.loc.gov/standards/marcxml/). Each `<record>` of the file is
 * parsed alone, so a record that is not well-formed XML is refused with its number and the others
 * are read; namespace declarations of the root element are carried to each record. Writing builds
 * strings (one record at a time, for exports of whole catalogues and OAI-PMH answers) with every
 * value escaped by src/domain/xml.ts, as the OAI-PMH formats escape theirs.
 */
import { DOMParser } from '@xmldom/xmldom';
import type { RecordFormat, RecordReading } from '../../../src/domain/catalogueRecord.js';
import type { MarcField, MarcRecord } from '../../../src/domain/marc21/fields.js';
import { marcOf } from '../../../src/domain/marc21/fromRecord.js';
import { readingOf, type ParsedMarc } from './readRecords.js';
import { xmlAttribute, xmlText } from '../../../src/domain/xml.js';

export const MARCXML_NAMESPACE = 'http://www.loc.gov/MARC21/slim';
export const MARCXML_SCHEMA = 'http://www.loc.gov/standards/marcxml/schema/MARC21slim.xsd';
/** A record's start tag outside a collection; `xsi` is bound by the enclosing document. */
const STANDALONE = `<record xmlns="${MARCXML_NAMESPACE}" xsi:schemaLocation="${MARCXML_NAMESPACE} ${MARCXML_SCHEMA}">`;

export const marcXml: RecordFormat = {
  id: 'marcxml',
  extensions: ['xml', 'marcxml'],
  mediaType: 'application/marcxml+xml',
  sniff: (head) => /<(\w+:)?(collection|record)[\s>]/.test(head.toString('utf8')),
  read: readMarcXml,
  header: () =>
    `<?xml version="1.0" encoding="UTF-8"?>\n<collection xmlns="${MARCXML_NAMESPACE}" ` +
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ' +
    `xsi:schemaLocation="${MARCXML_NAMESPACE} ${MARCXML_SCHEMA}">\n`,
  write: (record, context) =>
    `${marcXmlRecord(marcOf(record, { controlNumber: context.recordId, agency: context.libraryCode }))}\n`,
  footer: () => '</collection>\n',
};

function* readMarcXml(bytes: Buffer): Iterable<RecordReading> {
  const text = bytes.toString('utf8');
  const root = /<(?:\w+:)?collection\b([^>]*)>/.exec(text);
  const declarations = [...(root?.[1] ?? '').matchAll(/\sxmlns(?::\w+)?="[^"]*"/g)].map((m) => m[0]).join('');
  const records = /<((?:\w+:)?)record\b[^>]*>[\s\S]*?<\/\1record>|<(?:\w+:)?record\b[^>]*\/>/g;
  let number = 0;
  for (const match of text.matchAll(records)) {
    number++;
    yield readingOf(number, parseRecord(`<wrap${declarations}>${match[0]}</wrap>`));
  }
}

function parseRecord(xml: string): ParsedMarc {
  let failed = false;
  const doc = new DOMParser({
    onError: (level) => {
      if (level !== 'warning') failed = true;
    },
  }).parseFromString(xml, 'text/xml');
  const record = doc.documentElement?.firstChild as Element | null;
  if (failed || !record) return { ok: false, problems: [{ messageKey: 'imports.marcxml.notWellFormed' }] };
  const marc: MarcRecord = { leader: '', fields: [] };
  for (const child of elements(record)) {
    if (child.localName === 'leader') marc.leader = child.textContent ?? '';
    else if (child.localName === 'controlfield')
      marc.fields.push({ tag: child.getAttribute('tag') ?? '', value: (child.textContent ?? '').normalize('NFC') });
    else if (child.localName === 'datafield') marc.fields.push(dataFieldOf(child));
  }
  return { ok: true, marc };
}

function dataFieldOf(element: Element): MarcField {
  return {
    tag: element.getAttribute('tag') ?? '',
    ind1: element.getAttribute('ind1') || ' ',
    ind2: element.getAttribute('ind2') || ' ',
    subfields: elements(element)
      .filter((s) => s.localName === 'subfield')
      .map((s) => [s.getAttribute('code') ?? '', (s.textContent ?? '').normalize('NFC')]),
  };
}

function elements(parent: Element): Element[] {
  return Array.from(parent.childNodes as ArrayLike<Node>).filter((n): n is Element => n.nodeType === 1);
}

/**
 * One `<record>` in the MARCXML namespace: declared by the enclosing collection, or here when
 * `standalone`, with its schema location (`xsi` bound by the enclosing document: an OAI-PMH answer).
 */
export function marcXmlRecord(marc: MarcRecord, standalone = false): string {
  const out = [standalone ? STANDALONE : '<record>', `<leader>${xmlText(marc.leader)}</leader>`];
  for (const field of marc.fields) {
    if (!('subfields' in field)) {
      out.push(`<controlfield tag="${xmlAttribute(field.tag)}">${xmlText(field.value)}</controlfield>`);
      continue;
    }
    out.push(
      `<datafield tag="${xmlAttribute(field.tag)}" ` +
        `ind1="${xmlAttribute(field.ind1)}" ind2="${xmlAttribute(field.ind2)}">`,
    );
    for (const [code, value] of field.subfields)
      out.push(`<subfield code="${xmlAttribute(code)}">${xmlText(value)}</subfield>`);
    out.push('</datafield>');
  }
  out.push('</record>');
  return out.join('');
}
