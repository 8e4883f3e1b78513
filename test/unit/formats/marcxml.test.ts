/**
 * The marcxml OAI-PMH format without a server: which records it applies to, the fields it writes
 * (the MARC export's, plus an 852 per holding school), and records full of tricky text valid
 * against MARC21slim.xsd with the holdings read back value for value.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { DOMParser, type Element } from '@xmldom/xmldom';
import { expect } from 'chai';
import { SaxesParser } from 'saxes';
import { projectRoot } from '../../../config/index.js';
import type { OaiRecord } from '../../../src/domain/metadataFormat.js';
import { holdingField, marcxml } from '../../../plugins/formats/marcxml.js';
import { MARCXML_NAMESPACE } from '../../../plugins/records/marc/marcXml.js';
import { metadata, printEdition } from '../../support/metadata.js';
import { seeded, trickyText } from '../../support/trickyText.js';

const XSI = 'http://www.w3.org/2001/XMLSchema-instance';

function printedRecord(overrides: Partial<OaiRecord> = {}): OaiRecord {
  return {
    identifier: 'oai:thuvien.example.edu.vn:66f0a1b2c3d4e5f601234567',
    url: 'https://thuvien.example.edu.vn/resources/66f0a1b2c3d4e5f601234567',
    datestamp: new Date('2025-03-01T10:00:00Z'),
    metadata: metadata({ title: 'Toán 6 : sách giáo khoa', creators: ['Hà Huy Khoái'], type: 'sach-in' }),
    print: printEdition(),
    organisation: { code: 'THCS-A', name: 'Trường THCS A' },
    labels: { level: null, subject: null, series: null, type: null, audience: [], licence: null },
    mediaTypes: [],
    holdings: [
      { code: 'THCS-A', name: 'Trường THCS A', copies: 40 },
      { code: 'THCS-B', name: 'Trường THCS B', copies: 3 },
    ],
    ...overrides,
  };
}

/** Records in a collection that binds `xsi` (as the OAI-PMH envelope does), validated by xmllint. */
function schemaErrors(records: string[]): string | null {
  const xml = `<collection xmlns="${MARCXML_NAMESPACE}" xmlns:xsi="${XSI}">${records.join('')}</collection>`;
  const result = spawnSync(
    'xmllint',
    ['--noout', '--nonet', '--schema', path.join(projectRoot, 'test/fixtures/schemas/MARC21slim.xsd'), '-'],
    { input: xml, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  return result.status === 0 ? null : result.stderr.slice(0, 4000);
}

/** A record as a parser reads it inside the OAI-PMH envelope, which binds `xsi`. */
const parse = (record: string) => new DOMParser().parseFromString(`<w xmlns:xsi="${XSI}">${record}</w>`, 'text/xml');

/** The 852's subfield texts as a conforming parser (saxes) reads them: line ends as XML reads them. */
function holdingsRead(record: string): string[] {
  const values: string[] = [];
  let in852 = false;
  let text: string | null = null;
  const parser = new SaxesParser({ xmlns: true, additionalNamespaces: { xsi: XSI } });
  parser.on('opentag', (tag) => {
    if (tag.local === 'datafield') in852 = tag.attributes.tag?.value === '852';
    if (tag.local === 'subfield' && in852) text = '';
  });
  parser.on('text', (t) => text !== null && (text += t));
  parser.on('closetag', (tag) => {
    if (tag.local === 'subfield' && text !== null) values.push(text);
    text = null;
  });
  parser.write(record).close();
  return values;
}

const readBack = (value: string) =>
  value
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .normalize('NFC')
    .replace(/\r\n?/g, '\n');

describe('marcxml format', () => {
  it('applies to printed titles only', () => {
    expect(marcxml.appliesTo(printedRecord())).to.equal(true);
    expect(marcxml.appliesTo(printedRecord({ print: null, holdings: [] }))).to.equal(false);
    expect(marcxml.partial, 'lists leave completeListSize out').to.equal(true);
  });

  it('writes the MARC export fields, 001 the id, 040 the cataloguing school, and one 852 per holding school', () => {
    const xml = marcxml.render(printedRecord());
    expect(schemaErrors([xml])).to.equal(null);
    const doc = parse(xml);
    const fields = Array.from(doc.getElementsByTagNameNS(MARCXML_NAMESPACE, 'datafield'));
    const tags = fields.map((f) => f.getAttribute('tag'));
    expect(tags).to.deep.equal([
      '020',
      '040',
      '041',
      '082',
      '100',
      '245',
      '250',
      '264',
      '300',
      '520',
      '650',
      '650',
      '653',
      '852',
      '852',
    ]);
    expect(doc.getElementsByTagNameNS(MARCXML_NAMESPACE, 'controlfield')[0]!.textContent).to.equal(
      '66f0a1b2c3d4e5f601234567',
    );
    const subfields = (f: Element) =>
      Array.from(f.getElementsByTagNameNS(MARCXML_NAMESPACE, 'subfield')).map((s) => [
        s.getAttribute('code'),
        s.textContent,
      ]);
    expect(subfields(fields[1]!)).to.deep.equal([
      ['a', 'THCS-A'],
      ['b', 'vie'],
    ]);
    expect(fields.filter((f) => f.getAttribute('tag') === '852').map(subfields)).to.deep.equal([
      [
        ['a', 'Trường THCS A'],
        ['b', 'THCS-A'],
        ['t', '40'],
      ],
      [
        ['a', 'Trường THCS B'],
        ['b', 'THCS-B'],
        ['t', '3'],
      ],
    ]);
  });

  it('2,000 records of tricky text are valid against MARC21slim.xsd and carry their holdings value for value', () => {
    const random = seeded(852);
    const records: OaiRecord[] = [];
    for (let i = 0; i < 2000; i++) {
      const t = () => trickyText(random);
      records.push(
        printedRecord({
          metadata: metadata({ title: t(), creators: [t()], publisher: t(), description: t(), keywords: [t()] }),
          print: printEdition({ place: t(), notes: t(), subjectHeadings: [t()], seriesStatement: t() }),
          organisation: { code: t(), name: t() },
          holdings: [{ code: t(), name: t(), copies: i }],
        }),
      );
    }
    const written = records.map((r) => marcxml.render(r));
    expect(schemaErrors(written)).to.equal(null);
    written.forEach((xml, i) => {
      const expected = holdingField(records[i]!.holdings[0]!).subfields.map(([, v]) => readBack(v));
      expect(holdingsRead(xml), `record ${i}`).to.deep.equal(expected);
    });
  });
});
