import { expect } from 'chai';
import { mapDublinCore } from '../../../src/services/harvest/mapping.js';
import { lomPaths } from '../../../plugins/sources/oaiPmh.js';

const map = (fields: Record<string, string[]>) => mapDublinCore(fields, 'oai:kho:1');

describe('harvest crosswalk: Dublin Core → our metadata, field by field', () => {
  it('title (or the identifier when there is none), creators, contributors, publisher, description', () => {
    const m = map({
      title: ['Toán 6', 'Phụ đề'],
      creator: ['A', 'B'],
      contributor: ['C'],
      publisher: ['NXB'],
      description: ['Một', 'Hai'],
    }).metadata;
    expect(m).to.deep.include({
      title: 'Toán 6',
      creators: ['A', 'B'],
      contributors: ['C'],
      publisher: 'NXB',
      description: 'Một\n\nHai',
    });
    expect(map({}).metadata.title).to.equal('oai:kho:1');
  });
  it('date: the ISO part only; language: ISO 639-1, 639-2 or a label, Vietnamese by default', () => {
    expect(map({ date: ['2024-09-05T10:00:00Z'] }).metadata.date).to.equal('2024-09-05');
    expect(map({ date: ['khoảng năm 2000'] }).metadata.date).to.equal(null);
    expect(map({ language: ['eng'] }).metadata.language).to.equal('en');
    expect(map({ language: ['vi-VN'] }).metadata.language).to.equal('vi');
    expect(map({ language: ['Tiếng Pháp'] }).metadata.language).to.equal('fr');
    expect(map({ language: ['xx'] }).metadata.language).to.equal('vi');
  });
  it('subject: codes first, then labels with or without diacritics; grades; the rest become keywords', () => {
    expect(
      map({ subject: ['Sinh học', 'khtn', 'Lớp 6', 'THCS', 'Trung học cơ sở', 'tế bào'] }).metadata,
    ).to.deep.include({
      subject: 'khtn',
      level: 'thcs',
      grades: [6],
      keywords: ['Sinh học', 'THCS', 'tế bào'],
    });
    expect(map({ subject: ['Toan', 'Mathematics'] }).metadata).to.deep.include({ subject: 'toan', keywords: [] });
  });
  it('type: our labels, DCMI and LOM types; unknown → khac plus a keyword, never refused', () => {
    expect(map({ type: ['Video'] }).metadata.type).to.equal('video');
    expect(map({ type: ['MovingImage'] }).metadata.type).to.equal('video');
    expect(map({ type: ['Bài giảng điện tử'] }).metadata.type).to.equal('bai-giang');
    expect(map({ type: ['Bản đồ'] }).metadata).to.deep.include({ type: 'khac', keywords: ['Bản đồ'] });
  });
  it('audience, licence (by URI or code; reserved when unsaid), ISBN and the original URL from identifiers', () => {
    const r = map({
      audience: ['learner', 'teacher'],
      rights: ['https://creativecommons.org/licenses/by-sa/4.0/'],
      identifier: ['urn:isbn:9786040000001', 'https://kho.example.edu.vn/item/1'],
    });
    expect(r.metadata).to.deep.include({
      audience: ['student', 'teacher'],
      licence: 'cc-by-sa',
      isbn: '9786040000001',
    });
    expect(r.url).to.equal('https://kho.example.edu.vn/item/1');
    expect(map({}).metadata.licence).to.equal('all-rights-reserved');
  });
  it('clips oversized values and composes Vietnamese text (NFC)', () => {
    const m = map({ title: ['x'.repeat(5000)], creator: ['Nguyễn'.normalize('NFD')] }).metadata;
    expect(m.title).to.have.length(500);
    expect(m.creators[0]).to.equal('Nguyễn'.normalize('NFC'));
  });
  it('reads LOM paths into these names: title, keywords and classification into subject, roles into audience', () => {
    expect(lomPaths).to.deep.include({
      'general/title/string': 'title',
      'general/keyword/string': 'subject',
      'classification/taxonPath/taxon/id': 'subject',
      'educational/intendedEndUserRole/value': 'audience',
      'technical/location': 'identifier',
    });
  });
});
