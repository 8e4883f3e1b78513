import { expect } from 'chai';
import type { OaiRecord } from '../../../src/domain/metadataFormat.js';
import { dcCrosswalk } from '../../../plugins/formats/oaiDc.js';
import { lomCrosswalk, lomElements, typicalAges, type LomElement } from '../../../plugins/formats/oaiLom.js';
import { checkMetadataFormats, metadataFormats } from '../../../src/registry/formats.js';
import { metadata } from '../../support/metadata.js';

const record = (overrides: Partial<OaiRecord['metadata']> = {}): OaiRecord => ({
  identifier: 'oai:thuvien.example.edu.vn:66f0a1b2c3d4e5f601234567',
  url: 'https://thuvien.example.edu.vn/resources/66f0a1b2c3d4e5f601234567',
  datestamp: new Date('2025-03-01T10:00:00Z'),
  metadata: metadata({
    title: 'Toán 6 – Tập hợp',
    creators: ['Lê Minh Giáo', 'Trần Thị Bình'],
    contributors: ['Phạm Quốc Dũng'],
    description: 'Bài giảng về tập hợp.',
    date: '2025-09',
    source: 'SGK Toán 6',
    coverage: 'Long An',
    grades: [6, 7],
    isbn: '978-604-0-00000-1',
    keywords: ['tập hợp', 'phần tử'],
    ...overrides,
  }),
  print: null,
  organisation: { code: 'THCS-A', name: 'Trường THCS A' },
  labels: {
    level: { code: 'thcs', vi: 'Trung học cơ sở', en: 'Lower secondary' },
    subject: { code: 'toan', vi: 'Toán', en: 'Mathematics' },
    series: { code: 'ket-noi', vi: 'Kết nối tri thức với cuộc sống', en: 'Connecting knowledge with life' },
    type: { code: 'bai-giang', vi: 'Bài giảng điện tử', en: 'E-lecture' },
    audience: [
      { code: 'teacher', vi: 'Giáo viên', en: 'Teachers' },
      { code: 'student', vi: 'Học sinh', en: 'Students' },
    ],
    licence: {
      code: 'cc-by-sa',
      vi: 'CC BY-SA 4.0',
      en: 'CC BY-SA 4.0',
      uri: 'https://creativecommons.org/licenses/by-sa/4.0/',
    },
  },
  mediaTypes: ['application/pdf', 'video/mp4'],
  holdings: [],
});

const dc = (element: string, r = record()) => dcCrosswalk.find((row) => row.element === element)!.values(r);
const texts = (values: { text: string }[]) => values.map((v) => v.text);

describe('oai_dc crosswalk, field by field', () => {
  it('lists the fifteen DC elements in DC order', () => {
    expect(dcCrosswalk.map((r) => r.element)).to.deep.equal([
      'title',
      'creator',
      'subject',
      'description',
      'publisher',
      'contributor',
      'date',
      'type',
      'format',
      'identifier',
      'source',
      'language',
      'relation',
      'coverage',
      'rights',
    ]);
  });
  it('title, creators, contributors, description, date, source, language, coverage as they are', () => {
    expect(texts(dc('title'))).to.deep.equal(['Toán 6 – Tập hợp']);
    expect(texts(dc('creator'))).to.deep.equal(['Lê Minh Giáo', 'Trần Thị Bình']);
    expect(texts(dc('contributor'))).to.deep.equal(['Phạm Quốc Dũng']);
    expect(texts(dc('description'))).to.deep.equal(['Bài giảng về tập hợp.']);
    expect(texts(dc('date'))).to.deep.equal(['2025-09']);
    expect(texts(dc('source'))).to.deep.equal(['SGK Toán 6']);
    expect(texts(dc('language'))).to.deep.equal(['vi']);
    expect(texts(dc('coverage'))).to.deep.equal(['Long An']);
  });
  it('subject: the subject and level labels in both languages, the grades, the keywords', () => {
    expect(dc('subject')).to.deep.equal([
      { text: 'Toán', lang: 'vi' },
      { text: 'Mathematics', lang: 'en' },
      { text: 'Trung học cơ sở', lang: 'vi' },
      { text: 'Lower secondary', lang: 'en' },
      { text: 'Lớp 6', lang: 'vi' },
      { text: 'Lớp 7', lang: 'vi' },
      { text: 'tập hợp' },
      { text: 'phần tử' },
    ]);
  });
  it('publisher: the publisher, or else the owning organisation', () => {
    expect(texts(dc('publisher'))).to.deep.equal(['Trường THCS A']);
    expect(texts(dc('publisher', record({ publisher: 'NXB Giáo dục Việt Nam' })))).to.deep.equal([
      'NXB Giáo dục Việt Nam',
    ]);
  });
  it('type: the DCMI type, then our label in both languages; no DCMI type for "other"', () => {
    expect(texts(dc('type'))).to.deep.equal(['InteractiveResource', 'Bài giảng điện tử', 'E-lecture']);
    const other = record({ type: 'khac' });
    other.labels.type = { code: 'khac', vi: 'Khác', en: 'Other' };
    expect(texts(dc('type', other))).to.deep.equal(['Khác', 'Other']);
  });
  it('format: the media types of the files; identifier: the page and the ISBN as a URN', () => {
    expect(texts(dc('format'))).to.deep.equal(['application/pdf', 'video/mp4']);
    expect(texts(dc('identifier'))).to.deep.equal([
      'https://thuvien.example.edu.vn/resources/66f0a1b2c3d4e5f601234567',
      'urn:isbn:9786040000001',
    ]);
  });
  it("identifier: a printed title's valid ISBNs as URNs too, never a misprinted one", () => {
    const printed: OaiRecord = {
      ...record(),
      print: {
        isbns: [
          { value: '9786040251732', qualifier: 'bìa mềm', invalid: false },
          { value: '9786040251735', qualifier: null, invalid: true },
        ],
        edition: null,
        place: 'Hà Nội',
        pages: 128,
        dimensions: '27 cm',
        seriesStatement: null,
        classification: { scheme: 'ddc', number: '510' },
        authorMark: 'KHO',
        callNumberOverride: null,
        subjectHeadings: [],
        notes: null,
      },
    };
    expect(texts(dc('identifier', printed))).to.deep.equal([
      'https://thuvien.example.edu.vn/resources/66f0a1b2c3d4e5f601234567',
      'urn:isbn:9786040000001',
      'urn:isbn:9786040251732',
    ]);
  });
  it('relation: the relation and the textbook series; rights: the licence URI and its names', () => {
    expect(texts(dc('relation'))).to.deep.equal(['Kết nối tri thức với cuộc sống']);
    expect(texts(dc('rights'))).to.deep.equal([
      'https://creativecommons.org/licenses/by-sa/4.0/',
      'CC BY-SA 4.0',
      'CC BY-SA 4.0',
    ]);
  });
  it('leaves out empty fields instead of writing empty elements', () => {
    const bare = record({
      description: null,
      date: null,
      source: null,
      coverage: null,
      contributors: [],
      keywords: [],
      isbn: null,
    });
    for (const element of ['description', 'date', 'source', 'coverage', 'contributor'])
      expect(dc(element, bare), element).to.deep.equal([]);
  });
});

const find = (elements: LomElement[], name: string) => elements.filter((e) => e.name === name);
const textOf = (e: LomElement | undefined, ...path: string[]): string | undefined => {
  let at = e;
  for (const name of path) at = at?.children?.find((c) => c.name === name);
  return at?.text;
};
const lom = (field: string, category: string, r = record()) =>
  lomCrosswalk.filter((row) => row.field === field && row.category === category).flatMap((row) => row.elements(r));

describe('oai_lom crosswalk, field by field', () => {
  it('general: identifiers (URI, ISBN), title and description in the record language, keywords, coverage', () => {
    expect(lom('identifier', 'general').map((e) => textOf(e, 'entry'))).to.deep.equal([
      'https://thuvien.example.edu.vn/resources/66f0a1b2c3d4e5f601234567',
    ]);
    expect(lom('isbn', 'general').map((e) => textOf(e, 'catalog'))).to.deep.equal(['ISBN']);
    expect(lom('title', 'general')[0]!.children![0]).to.deep.equal({
      name: 'string',
      text: 'Toán 6 – Tập hợp',
      attributes: { language: 'vi' },
    });
    expect(lom('keywords', 'general').map((e) => textOf(e, 'string'))).to.deep.equal(['tập hợp', 'phần tử']);
    expect(lom('coverage', 'general').map((e) => textOf(e, 'string'))).to.deep.equal(['Long An']);
  });
  it('lifeCycle: authors and the publisher as vCards with LOMv1.0 roles', () => {
    const [authors] = lom('creators', 'lifeCycle');
    expect(textOf(authors, 'role', 'value')).to.equal('author');
    expect(find(authors!.children!, 'entity').map((e) => e.text)).to.have.length(2);
    expect(find(authors!.children!, 'entity')[0]!.text).to.include('FN:Lê Minh Giáo');
    expect(textOf(authors, 'date', 'dateTime')).to.equal('2025-09');
    expect(textOf(lom('publisher', 'lifeCycle')[0], 'role', 'value')).to.equal('publisher');
  });
  it('educational: resource type, audience as end-user roles, school context, typical ages, level and grades', () => {
    expect(lom('type', 'educational').map((e) => textOf(e, 'value'))).to.deep.equal(['lecture']);
    expect(lom('type', 'educational', record({ type: 'video' })), 'no LOM type for video').to.deep.equal([]);
    expect(lom('audience', 'educational').map((e) => textOf(e, 'value'))).to.deep.equal(['teacher', 'learner']);
    expect(lom('context', 'educational').map((e) => textOf(e, 'value'))).to.deep.equal(['school']);
    expect(lom('grades', 'educational').map((e) => textOf(e, 'string'))).to.deep.equal(['11-13']);
    expect(lom('level', 'educational')[0]!.children!.map((c) => c.text)).to.deep.equal([
      'Trung học cơ sở – Lớp 6, 7',
      'Lower secondary – Grade 6, 7',
    ]);
    expect(typicalAges([])).to.equal(null);
    expect(typicalAges([1])).to.equal('6-7');
  });
  it('rights: free of charge, restricted unless CC0, the licence in both languages', () => {
    expect(lom('cost', 'rights').map((e) => textOf(e, 'value'))).to.deep.equal(['no']);
    const [restrictions, description] = lom('licence', 'rights');
    expect(textOf(restrictions, 'value')).to.equal('yes');
    expect(description!.children!.map((c) => c.text)).to.deep.equal([
      'CC BY-SA 4.0 https://creativecommons.org/licenses/by-sa/4.0/',
      'CC BY-SA 4.0 https://creativecommons.org/licenses/by-sa/4.0/',
    ]);
  });
  it('classification: subject (discipline), level and grades (educational level), type (idea), audience (educational objective)', () => {
    const purposeAndTaxa = (field: string) =>
      lom(field, 'classification').map((c) => ({
        purpose: textOf(c, 'purpose', 'value'),
        taxa: find(c.children!, 'taxonPath').map((p) => textOf(p, 'taxon', 'id')),
      }));
    expect(purposeAndTaxa('subject')).to.deep.equal([{ purpose: 'discipline', taxa: ['toan'] }]);
    expect(purposeAndTaxa('level')).to.deep.equal([{ purpose: 'educational level', taxa: ['thcs', 'lop-6', 'lop-7'] }]);
    expect(purposeAndTaxa('type')).to.deep.equal([{ purpose: 'idea', taxa: ['bai-giang'] }]);
    expect(purposeAndTaxa('audience')).to.deep.equal([
      { purpose: 'educational objective', taxa: ['teacher', 'student'] },
    ]);
  });
  it('puts the categories in LOM order and leaves out empty classifications', () => {
    const bare = record({ subject: null, level: null, grades: [] });
    bare.labels.subject = null;
    bare.labels.level = null;
    expect(lomElements(record()).map((e) => e.name)).to.deep.equal([
      'general',
      'lifeCycle',
      'technical',
      'educational',
      'rights',
      'classification',
      'classification',
      'classification',
      'classification',
    ]);
    expect(lomElements(bare).filter((e) => e.name === 'classification')).to.have.length(2);
  });
});

describe('format registry', () => {
  it('accepts our formats and reports every problem of a bad one at once', () => {
    expect(checkMetadataFormats().flatMap((c) => c.problems)).to.deep.equal([]);
    const checks = checkMetadataFormats([...metadataFormats, { prefix: 'oai_dc', schema: 1 }, null]);
    expect(checks.map((c) => c.problems.length > 0)).to.deep.equal([...metadataFormats.map(() => false), true, true]);
    expect(checks[metadataFormats.length]!.problems.join(' '))
      .to.include('"schema"')
      .and.include('used by another format');
  });
});
