/**
 * The string serialisation against the xmlbuilder2 one it replaced (kept for this comparison in
 * test/support/legacyOai): the same record, in each format, inside the same envelope, must come
 * out byte for byte the same, for records full of text that tests escaping; where the old one was
 * wrong (see xmlbuilderGotWrong), the new one must be well-formed and keep the value.
 */
import { expect } from 'chai';
import { SaxesParser } from 'saxes';
import type { MetadataFormat, OaiRecord } from '../../../src/domain/metadataFormat.js';
import type { Audience } from '../../../src/domain/resource.js';
import { document, recordXml } from '../../../src/oai/envelope.js';
import type { OaiRepository } from '../../../src/oai/repository.js';
import type { IndexEntry } from '../../../src/search/entry.js';
import { metadataFormats } from '../../../src/registry/formats.js';
import { dcCrosswalk } from '../../../plugins/formats/oaiDc.js';
import { lomElements, type LomElement } from '../../../plugins/formats/oaiLom.js';
import { envelope, serialise, writeRecord } from '../../support/legacyOai/envelope.js';
import { metadata } from '../../support/metadata.js';
import { seeded, trickyText, xmlbuilderGotWrong } from '../../support/trickyText.js';

const BASE = 'https://thuvien.example.edu.vn/oai';
const NOW = new Date('2026-03-01T08:00:00.123Z');

/** Every text and attribute value a format writes for the record, as its crosswalk gives them. */
function writtenValues(format: MetadataFormat, record: OaiRecord): string[] {
  if (format.prefix === 'oai_dc') return dcCrosswalk.flatMap((row) => row.values(record).map((v) => v.text));
  const walk = (e: LomElement): string[] => [
    ...(e.text === undefined ? [] : [e.text]),
    ...Object.values(e.attributes ?? {}),
    ...(e.children ?? []).flatMap(walk),
  ];
  return lomElements(record).flatMap(walk);
}

function trickyRecord(random: () => number, i: number): OaiRecord {
  const t = () => trickyText(random);
  const maybe = () => (random() < 0.5 ? t() : null);
  const list = () => Array.from({ length: Math.floor(random() * 3) }, t);
  const term = (code: string) => ({ code, vi: t(), en: t() });
  const m = metadata({
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
    type: random() < 0.5 ? 'bai-giang' : t(),
    audience: (random() < 0.5 ? ['teacher', 'student'] : []) as Audience[],
    isbn: maybe(),
    keywords: list(),
  });
  const record: OaiRecord = {
    identifier: `oai:thuvien.example.edu.vn:${String(i).padStart(24, '0')}`,
    url: random() < 0.5 ? `https://nguon.example.org/item?id=${i}&v=${t()}` : `https://thuvien.example.edu.vn/r/${i}`,
    datestamp: NOW,
    metadata: m,
    organisation: { code: 'T-1', name: t() },
    labels: {
      level: random() < 0.7 ? term('thcs') : null,
      subject: random() < 0.7 ? term('toan') : null,
      series: random() < 0.5 ? term('ket-noi') : null,
      type: random() < 0.7 ? term('bai-giang') : null,
      audience: random() < 0.5 ? [term('teacher')] : [],
      licence: random() < 0.7 ? { ...term(random() < 0.5 ? 'cc0' : 'cc-by'), uri: t() } : null,
    },
    mediaTypes: list(),
  };
  return record;
}

/** A repository that knows one record, as much as writing a record asks of it. */
function repositoryOf(record: OaiRecord, specs: string[]): OaiRepository {
  return {
    identifierOf: () => record.identifier,
    setSpecs: () => specs,
    toRecord: () => record,
  } as unknown as OaiRepository;
}

function entryOf(i: number, deleted: boolean): IndexEntry {
  return { id: String(i), oai: { state: deleted ? 'deleted' : 'exposed', datestamp: NOW } } as IndexEntry;
}

function legacyXml(format: MetadataFormat, record: OaiRecord, entry: IndexEntry, repository: OaiRepository): string {
  const { doc, root } = envelope(BASE, NOW, { verb: 'GetRecord', metadataPrefix: format.prefix });
  writeRecord(root.ele('http://www.openarchives.org/OAI/2.0/', 'GetRecord'), entry, repository, format.prefix, record);
  return serialise(doc).toString('utf8');
}

function newXml(format: MetadataFormat, record: OaiRecord, entry: IndexEntry, repository: OaiRepository): string {
  const body = ['<GetRecord>', recordXml(entry, repository, format, record), '</GetRecord>'];
  return [...document(BASE, NOW, { verb: 'GetRecord', metadataPrefix: format.prefix }, body)].join('');
}

function whereTheyDiffer(now: string, before: string): string {
  let i = 0;
  while (i < now.length && now[i] === before[i]) i++;
  const around = (s: string) => JSON.stringify(s.slice(Math.max(0, i - 60), i + 60));
  return `at ${i}\nnow:    ${around(now)}\nbefore: ${around(before)}`;
}

/** Throws unless the text is well-formed XML (saxes is a conforming, non-validating parser). */
function wellFormed(xml: string): void {
  const parser = new SaxesParser({ xmlns: true });
  parser.write(xml).close();
}

describe('OAI-PMH serialisation: strings against the xmlbuilder2 documents they replaced', () => {
  for (const format of metadataFormats) {
    it(`${format.prefix}: 2,000 records of tricky text, byte for byte, or well-formed where xmlbuilder2 was not`, () => {
      const random = seeded(format.prefix.length * 7919);
      let same = 0;
      let fixed = 0;
      for (let i = 0; i < 2000; i++) {
        const record = trickyRecord(random, i);
        const specs = [`org:${trickyText(random)}`, 'level:thcs'];
        const repository = repositoryOf(record, specs);
        const entry = entryOf(i, random() < 0.1);
        const now = newXml(format, record, entry, repository);
        wellFormed(now);
        const before = legacyXml(format, record, entry, repository);
        if (now === before) {
          same++;
          continue;
        }
        const values = [...specs, ...writtenValues(format, record)];
        expect(values.some(xmlbuilderGotWrong), `record ${i} differs: ${whereTheyDiffer(now, before)}`).to.equal(true);
        fixed++;
      }
      expect(same, 'most records compared byte for byte').to.be.greaterThan(1000);
      expect(fixed, 'the cases xmlbuilder2 got wrong were exercised').to.be.greaterThan(0);
    });
  }

  it('keeps a value: what a parser reads back is the value, legal characters only, composed (NFC)', () => {
    const random = seeded(42);
    const [dc] = metadataFormats;
    for (let i = 0; i < 500; i++) {
      const record = trickyRecord(random, i);
      let title = '';
      let inTitle = false;
      const parser = new SaxesParser({ xmlns: true });
      parser.on('opentag', (tag) => (inTitle = tag.name === 'dc:title'));
      parser.on('text', (text) => inTitle && (title += text));
      parser.on('closetag', () => (inTitle = false));
      parser.write(newXml(dc!, record, entryOf(i, false), repositoryOf(record, []))).close();
      const expected = record.metadata.title
        .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
        .normalize('NFC')
        .replace(/\r\n?/g, '\n'); // XML's end-of-line handling
      expect(title, JSON.stringify(record.metadata.title)).to.equal(expected);
    }
  });
});
