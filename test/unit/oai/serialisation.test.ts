/**
 * OAI-PMH records written as strings: for records full of text that tests escaping, in each
 * format, the answer is well-formed XML and a parser reads back every value the format's crosswalk
 * gives, with only what XML 1.0 cannot carry dropped, composed (NFC), line ends as XML reads them.
 * At commit 0638456, the serialisationParity tests (unit and integration) compared these answers
 * byte for byte with the xmlbuilder2 documents they replaced.
 */
import { expect } from 'chai';
import { SaxesParser } from 'saxes';
import type { MetadataFormat, OaiRecord } from '../../../src/domain/metadataFormat.js';
import type { Audience } from '../../../src/domain/resource.js';
import { xmlAttribute, xmlText } from '../../../src/domain/xml.js';
import { document, recordXml } from '../../../src/oai/envelope.js';
import type { OaiRepository } from '../../../src/oai/repository.js';
import type { OaiItem } from '../../../src/domain/oaiRecord.js';
import { dcCrosswalk, oaiDc } from '../../../plugins/formats/oaiDc.js';
import { lomElements, oaiLom, type LomElement } from '../../../plugins/formats/oaiLom.js';
import { metadata } from '../../support/metadata.js';
import { seeded, trickyText } from '../../support/trickyText.js';

const NOW = new Date('2026-03-01T08:00:00.123Z');

function trickyRecord(random: () => number, i: number): OaiRecord {
  const t = () => trickyText(random);
  const maybe = () => (random() < 0.5 ? t() : null);
  const list = () => Array.from({ length: Math.floor(random() * 3) }, t);
  const term = (code: string) => ({ code, vi: t(), en: t() });
  return {
    identifier: `oai:thuvien.example.edu.vn:${String(i).padStart(24, '0')}`,
    url: `https://nguon.example.org/item?id=${i}&v=${t()}`,
    datestamp: NOW,
    print: null,
    metadata: metadata({
      title: t(),
      creators: list(),
      contributors: list(),
      publisher: maybe(),
      description: maybe(),
      date: maybe(),
      language: random() < 0.8 ? 'vi' : t(),
      source: maybe(),
      relation: maybe(),
      coverage: maybe(),
      grades: random() < 0.5 ? [6, 7] : [],
      audience: (random() < 0.5 ? ['teacher', 'student'] : []) as Audience[],
      isbn: maybe(),
      keywords: list(),
    }),
    organisation: { code: 'T-1', name: t() },
    labels: {
      level: random() < 0.7 ? term('thcs') : null,
      subject: random() < 0.7 ? term('toan') : null,
      series: random() < 0.5 ? term('ket-noi') : null,
      type: random() < 0.7 ? term('bai-giang') : null,
      audience: random() < 0.5 ? [term('teacher')] : [],
      licence: random() < 0.7 ? { ...term('cc-by'), uri: t() } : null,
    },
    mediaTypes: list(),
    holdings: [],
  };
}

const repositoryOf = (record: OaiRecord, specs: string[]) =>
  ({
    identifierOf: () => record.identifier,
    setSpecs: () => specs,
    toRecord: () => record,
  }) as unknown as OaiRepository;
const entry = { id: '1', oai: { state: 'exposed', datestamp: NOW } } as OaiItem;

/** What a parser should read back: legal characters, NFC, XML's end-of-line handling in text. */
const readBack = (value: string) =>
  value
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .normalize('NFC')
    .replace(/\r\n?/g, '\n');

/** Texts of the elements inside `<metadata>` that hold text, in document order, and their attribute values. */
function parsed(xml: string): { texts: string[]; attributes: string[] } {
  const texts: string[] = [];
  const attributes: string[] = [];
  let depth = 0;
  let text: string | null = null;
  const parser = new SaxesParser({ xmlns: true });
  parser.on('opentag', (tag) => {
    if (tag.local === 'metadata') depth = 1;
    else if (depth) {
      depth++;
      for (const a of Object.values(tag.attributes)) if (!a.prefix && a.local !== 'xmlns') attributes.push(a.value);
    }
    text = '';
  });
  parser.on('text', (t) => text !== null && (text += t));
  parser.on('closetag', (tag) => {
    if (depth > 1 && text !== null && tag.isSelfClosing === false && !tag.local.match(/^(dc|lom)$/)) texts.push(text);
    text = null;
    if (depth) depth--;
  });
  parser.write(xml).close();
  return { texts, attributes };
}

function expected(format: MetadataFormat, record: OaiRecord): { texts: string[]; attributes: string[] } {
  if (format === oaiDc)
    return { texts: dcCrosswalk.flatMap((row) => row.values(record).map((v) => v.text)), attributes: [] };
  const texts: string[] = [];
  const attributes: string[] = [];
  const walk = (e: LomElement) => {
    attributes.push(...Object.values(e.attributes ?? {}));
    if (e.text !== undefined) texts.push(e.text);
    e.children?.forEach(walk);
  };
  lomElements(record).forEach(walk);
  return { texts, attributes };
}

describe('OAI-PMH serialisation: records as strings', () => {
  for (const format of [oaiDc, oaiLom]) {
    it(`${format.prefix}: 2,000 records of tricky text are well-formed and read back value for value`, () => {
      const random = seeded(format.prefix.length * 7919);
      for (let i = 0; i < 2000; i++) {
        const record = trickyRecord(random, i);
        const body = [
          '<GetRecord>',
          recordXml(entry, repositoryOf(record, [`org:${i}`]), format, record),
          '</GetRecord>',
        ];
        const xml = [...document('https://thuvien.example.edu.vn/oai', NOW, { verb: 'GetRecord' }, body)].join('');
        const read = parsed(xml);
        const want = expected(format, record);
        expect(read.texts, `record ${i}`).to.deep.equal(want.texts.map(readBack));
        // Attribute values are normalised by parsers (tabs and line ends become spaces).
        expect(read.attributes, `record ${i}`).to.deep.equal(
          want.attributes.map((a) => readBack(a).replace(/[\t\n]/g, ' ')),
        );
      }
    });
  }

  it('escapes markup in text and, in attributes, quotes too; drops what XML 1.0 cannot carry; composes NFC first', () => {
    expect(xmlText('a & b <c> "d" \'e\'')).to.equal('a &amp; b &lt;c&gt; "d" \'e\'');
    expect(xmlAttribute('a & b <c> "d"')).to.equal('a &amp; b &lt;c&gt; &quot;d&quot;');
    expect(xmlText('AT&T; &amp; &#12; &nbsp;')).to.equal('AT&amp;T; &amp;amp; &amp;#12; &amp;nbsp;');
    expect(xmlText('x\u0000\u0001\u000B\uFFFE\uFFFF\uD800y\uDC00😀\t\n\r')).to.equal('xy😀\t\n\r');
    expect(xmlText('Tie\u0302\u0301ng Vie\u0323\u0302t')).to.equal('Tiếng Việt');
    expect(xmlText('x >\u0338 y'), 'NFC before escaping').to.equal('x ≯ y');
    expect(xmlText('\u0338 leading mark')).to.equal('\u0338 leading mark');
  });
});
