import { expect } from 'chai';
import type { CatalogueRecord, RecordReading } from '../../../src/domain/catalogueRecord.js';
import { marcIso2709 } from '../../../plugins/records/marc/iso2709.js';
import { marcXml } from '../../../plugins/records/marc/marcXml.js';
import { formatOfFile } from '../../../src/registry/recordFormats.js';
import { iso2709, marc8, schoolBooks, type Field } from '../../support/marcFixtures.js';

const read = (bytes: Buffer) => [...marcIso2709.read(bytes)];
const records = (readings: RecordReading[]) =>
  readings.map((r) => {
    if (!r.ok) throw new Error(`record ${r.number} refused: ${JSON.stringify(r.problems)}`);
    return r.record;
  });
const nfd = (fields: Field[]): Field[] => fields.map((f) => f.map((part) => part.normalize('NFD')) as Field);
const context = { recordId: 'r1', libraryCode: 'THCS-A' };

describe('MARC21 records: reading and writing (ISO 2709 and MARCXML)', () => {
  const books = schoolBooks('w1');
  const file = Buffer.concat(books.map((b) => iso2709(b)));

  it('reads a Vietnamese record field by field: 020, 082, 100, 245 $a $b, 250, 260, 300, 490, 500, 650, 952', () => {
    const [dm] = records(read(file));
    expect(dm!.metadata).to.deep.equal({
      title: 'Dế Mèn phiêu lưu ký w1 : truyện dài',
      creators: ['Tô Hoài'],
      contributors: [],
      publisher: 'Kim Đồng',
      date: '2021',
      language: 'vi',
      description: null,
      keywords: [],
    });
    expect(dm!.print).to.deep.include({
      isbns: [{ value: '978-604-0-25173-2', qualifier: 'bìa mềm', invalid: false }],
      edition: 'Tái bản lần thứ 12',
      place: 'Hà Nội',
      pages: 143,
      dimensions: '21 cm',
      seriesStatement: 'Tủ sách Văn học Việt Nam',
      classification: { scheme: 'ddc', number: '895.9223' },
      authorMark: 'T450',
      subjectHeadings: ['Văn học thiếu nhi -- Việt Nam'],
      notes: 'Sách được giải thưởng Hội Văn nghệ Việt Nam năm 1956',
    });
    expect(dm!.holdings).to.deep.equal([
      {
        accessionNumber: 'TN-00101',
        barcode: null,
        location: 'KHO',
        collection: 'TN',
        acquiredOn: '2025-09-05',
        price: 45000,
        supplier: 'Nhà sách Fahasa',
        volume: null,
        note: null,
      },
      {
        accessionNumber: 'TN-00102',
        barcode: null,
        location: 'PD',
        collection: 'TN',
        acquiredOn: '2025-09-05',
        price: 45000,
        supplier: 'Nhà sách Fahasa',
        volume: null,
        note: null,
      },
    ]);
  });

  it('reads 245 $n $p, 264, 700 by relator, 653 and holdings from 852', () => {
    const [, toan, history] = records(read(file));
    expect(toan!.metadata).to.deep.include({
      title: 'Toán 6 w1. Tập 1, Số học',
      creators: ['Hà Huy Khoái', 'Nguyễn Huy Đoan'],
      contributors: ['Cung Thế Anh'],
      publisher: 'Giáo dục Việt Nam',
      date: '2021',
      keywords: ['số học'],
    });
    expect(toan!.holdings.map((h) => [h.accessionNumber, h.location])).to.deep.equal([
      ['SGK-00201', 'KHO'],
      ['SGK-00202', 'KHO'],
      ['SGK-00203', 'KHO'],
    ]);
    expect(history!.metadata).to.deep.include({ creators: ['Viện Sử học Việt Nam'], date: '2017' });
  });

  it('reads the same records from decomposed (NFD) text and from MARC-8, in NFC', () => {
    const expected = records(read(file));
    const decomposed = Buffer.concat(books.map((b) => iso2709(nfd(b))));
    expect(records(read(decomposed))).to.deep.equal(expected);
    const ansel = Buffer.concat(books.map((b) => iso2709(b, { marc8: true, encode: marc8 })));
    expect(ansel.includes(Buffer.from('ế', 'utf8')), 'the MARC-8 file carries no UTF-8').to.equal(false);
    expect(records(read(ansel))).to.deep.equal(expected);
  });

  it('imports the good records of a broken file and names each bad one with its number and reason', () => {
    const good = iso2709(books[0]!);
    const truncated = iso2709(books[1]!).subarray(0, 80);
    const badDirectory = Buffer.from(iso2709(books[2]!));
    badDirectory.write('0X', 27, 'latin1');
    const untitled = iso2709(books[2]!.filter(([tag]) => tag !== '245'));
    const readings = read(Buffer.concat([good, truncated, Buffer.from([0x1d]), badDirectory, untitled, good]));
    expect(readings.map((r) => [r.number, r.ok ? 'ok' : r.problems.map((p) => p.messageKey).join()])).to.deep.equal([
      [1, 'ok'],
      [2, 'imports.marc.length'],
      [3, 'imports.marc.directory'],
      [4, 'imports.marc.noTitle'],
      [5, 'ok'],
    ]);
  });

  it('writes ISO 2709 and MARCXML that read back as the same records', () => {
    const originals = records(read(file));
    const iso = Buffer.concat(originals.map((r) => Buffer.from(marcIso2709.write(r, context))));
    expect(records(read(iso))).to.deep.equal(originals);
    const xml = marcXml.header() + originals.map((r) => marcXml.write(r, context)).join('') + marcXml.footer();
    expect(records([...marcXml.read(Buffer.from(xml))])).to.deep.equal(originals);
    expect(formatOfFile('sach.mrc', iso)?.id).to.equal('marc21');
    expect(formatOfFile('upload', Buffer.from(xml))?.id).to.equal('marcxml');
  });

  it('reads MARCXML with a namespace prefix, refusing a record that is not well-formed by its number', () => {
    const ns = 'http://www.loc.gov/MARC21/slim';
    const record = (title: string) =>
      `<marc:record><marc:leader>00000nam a2200000 a 4500</marc:leader>` +
      `<marc:datafield tag="245" ind1="1" ind2="0"><marc:subfield code="a">${title}</marc:subfield></marc:datafield></marc:record>`;
    const xml = `<?xml version="1.0"?><marc:collection xmlns:marc="${ns}">${record('Truyện Kiều')}${record('Lục Vân Tiên <b')}${record('Chí Phèo &amp; Lão Hạc')}</marc:collection>`;
    const readings = [...marcXml.read(Buffer.from(xml))];
    expect(readings.map((r) => (r.ok ? r.record.metadata.title : r.problems[0]!.messageKey))).to.deep.equal([
      'Truyện Kiều',
      'imports.marcxml.notWellFormed',
      'Chí Phèo & Lão Hạc',
    ]);
  });

  it('writes subfields with ISBD punctuation that a reader strips again', () => {
    const [dm] = records(read(file)) as CatalogueRecord[];
    const text = Buffer.from(marcIso2709.write(dm!, context)).toString('utf8');
    expect(text).to.include('\x1faDế Mèn phiêu lưu ký w1 :\x1fbtruyện dài /\x1fcTô Hoài');
    expect(text).to.include('\x1fpTN-00101');
  });
});
