/**
 * The registers over real HTTP on the real database: batches, copies, a withdrawal and loans made
 * through the services, then each register downloaded as XLSX (read back with exceljs) and as PDF
 * (read back with pdftotext), its figures compared with the data; a bad period answered with a
 * 400 page in the person's language; file names in ASCII and UTF-8.
 */
import { expect } from 'chai';
import { startTestServer, testContext, type TestServer } from '../../support/context.js';
import { signedIn, type Client } from '../../support/client.js';
import { organisation, person, printedTitle, province, type TestPerson } from '../../support/fixtures.js';
import type { Organisation } from '../../../src/domain/organisation.js';
import { pdfPages, sheets } from './registerFiles.js';

const flat = (text: string) => text.replace(/\s+/g, ' ');

describe('registers: the general, individual and loan registers and the withdrawal record, as XLSX and PDF', function () {
  this.timeout(300_000);
  let server: TestServer;
  let school: Organisation;
  let department: Organisation;
  let librarian: TestPerson;
  let client: Client;
  let accession: string[] = [];
  let recordId = '';
  const withdrawnOn = '2025-12-01';

  before(async () => {
    server = await startTestServer();
    department = (await province()).department;
    school = await organisation('Trường THCS Lê Quý Đôn', department);
    librarian = await person([{ org: school, role: 'librarian' }], 'Cô Thư');
    const teacher = await person([{ org: school, role: 'teacher' }], 'Thầy Đức');
    const students = [await person([{ org: school, role: 'student' }], 'Nguyễn Thị Ánh')];
    students.push(await person([{ org: school, role: 'student' }], 'Trần Văn Bình'));
    client = await signedIn(server.url, librarian);
    const { copies, circulation } = testContext().services;
    const kieu = await printedTitle(librarian.actor, school, {
      metadata: { title: 'Truyện Kiều', creators: ['Nguyễn Du'], publisher: 'NXB Văn học', date: '2020' },
      print: { classification: { scheme: 'ddc', number: '895.9221' }, authorMark: 'NG-D', place: 'Hà Nội' },
    });
    const toan = await printedTitle(librarian.actor, school, {
      metadata: { title: 'Toán 6 – Tập một', creators: ['Hà Huy Khoái'], publisher: 'NXB Giáo dục', date: '2021' },
    });
    const add = (resourceId: string, collection: string, count: number, price: number, batch: object) =>
      copies.add(librarian.actor, resourceId, {
        orgId: school.id,
        collection,
        location: 'KHO',
        numbering: { count },
        batch: { supplier: null, note: null, ...batch } as never,
        price,
        volume: null,
        note: null,
      });
    const first = await add(kieu.id, 'TK', 3, 125_000, {
      date: '2025-09-05',
      source: 'purchase',
      documentNumber: 'HĐ-12',
    });
    const second = await add(toan.id, 'SGK', 2, 20_000, {
      date: '2025-10-01',
      source: 'donation',
      documentNumber: null,
    });
    accession = [...first.copies, ...second.copies].map((c) => c.accessionNumber);
    const [w1, w2] = first.copies;
    const { record } = await copies.withdraw(librarian.actor, w1!.id, w1!.version, {
      record: { date: withdrawnOn, reason: 'worn', documentNumber: 'QĐ-05', note: null },
      reason: null,
      note: null,
    });
    recordId = record.id;
    await copies.withdraw(librarian.actor, w2!.id, w2!.version, {
      record: { id: record.id },
      reason: null,
      note: null,
    });
    const lend = (who: TestPerson, barcode: string) =>
      circulation.checkOut(librarian.actor, school.id, { patronId: who.id, barcode });
    await lend(students[0]!, second.copies[0]!.barcode);
    await lend(students[1]!, second.copies[1]!.barcode);
    await lend(teacher, first.copies[2]!.barcode);
    await circulation.checkIn(librarian.actor, school.id, second.copies[1]!.barcode);
  });
  after(() => server.close());

  const base = () => `/library/schools/${school.id}/registers`;
  async function download(path: string, type: string): Promise<Buffer> {
    const res = await client.get(path);
    expect(res.status, path).to.equal(200);
    expect(res.headers.get('content-type')).to.equal(type);
    return Buffer.from(await res.arrayBuffer());
  }
  const xlsx = (path: string) =>
    download(path, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').then(sheets);
  const pdf = (path: string) => download(path, 'application/pdf').then(pdfPages);

  it('general register, XLSX: part I the batches with copies by collection and value, part II the withdrawal', async () => {
    const [partI, partII] = await xlsx(`${base()}/general.xlsx`);
    const header = partI!.rows.findIndex((r) => r[0] === 'Số lô');
    expect(partI!.rows[header]).to.deep.equal([
      'Số lô',
      'Ngày vào sổ',
      'Nguồn',
      'Số chứng từ',
      'Sách giáo khoa',
      'Sách tham khảo',
      'Tổng số bản',
      'Giá trị (đồng)',
      'Ghi chú',
    ]);
    const [b1, b2, total] = partI!.rows.slice(header + 1, header + 4);
    expect(b1!.slice(0, 8)).to.deep.equal([1, '2025-09-05', 'Mua', 'HĐ-12', 0, 3, 3, 375_000]);
    expect(b2!.slice(0, 8)).to.deep.equal([2, '2025-10-01', 'Tặng, biếu', null, 2, 0, 2, 40_000]);
    expect(total!.slice(4, 8)).to.deep.equal([2, 3, 5, 415_000]);
    const rowsII = partII!.rows;
    const w = rowsII.findIndex((r) => r[0] === 1);
    expect(rowsII[w]!.slice(0, 8)).to.deep.equal([1, withdrawnOn, 'Rách nát, hư hỏng', 'QĐ-05', 0, 2, 2, 250_000]);
    expect(rowsII.flat().join(' ')).to.include('Còn lại trong kỳ (nhập trừ xuất): 3 bản, giá trị 165.000 đồng.');
    expect(partI!.rows[1]![0]).to.equal(school.name.toLocaleUpperCase('vi'));
    expect(partI!.rows[0]![0]).to.equal(department.name.toLocaleUpperCase('vi'));
  });

  it('general register, PDF: the same figures, the school and the signature block, in Vietnamese', async () => {
    const text = flat((await pdf(`${base()}/general.pdf`)).join('\n'));
    for (const expected of [
      school.name.toLocaleUpperCase('vi'),
      'SỔ ĐĂNG KÝ TỔNG QUÁT',
      'Phần I. Tổng số sách nhập vào thư viện',
      '375.000',
      '415.000',
      '250.000',
      'Rách nát, hư hỏng',
      'Người lập sổ (Thủ thư)',
      'Hiệu trưởng',
      '(Ký tên, đóng dấu)',
      'Trang 1',
    ])
      expect(text).to.include(expected);
  });

  it('a school year keeps only its entries', async () => {
    const [partI] = await xlsx(`${base()}/general.xlsx?year=2024-2025`);
    expect(partI!.rows.some((r) => r[0] === 1)).to.equal(false);
  });

  it('individual register: every copy by accession number with its title, author, publication, price and entries', async () => {
    const [sheet] = await xlsx(`${base()}/individual.xlsx`);
    const header = sheet!.rows.findIndex((r) => r[1] === 'Số ĐKCB');
    const rows = sheet!.rows.slice(header + 1).filter((r) => accession.includes(r[1] as string));
    expect(rows.map((r) => r[1])).to.deep.equal([...accession].sort((a, b) => (a < b ? -1 : 1)));
    const kieu = rows.find((r) => r[1] === accession[0])!;
    expect(kieu.slice(0, 9)).to.deep.equal([
      '2025-09-05',
      accession[0],
      'Truyện Kiều',
      'Nguyễn Du',
      'NXB Văn học, Hà Nội, 2020',
      125_000,
      '895.9221 NG-D',
      1,
      '1 – 01/12/2025',
    ]);
    const text = flat((await pdf(`${base()}/individual.pdf`)).join('\n'));
    for (const number of accession) expect(text).to.include(number);
    expect(text).to.include('SỔ ĐĂNG KÝ CÁ BIỆT');
    expect(text).to.include('Toán 6 – Tập một');
  });

  it('loan registers: students and teachers apart, over a period, with a signature column', async () => {
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date());
    const period = `from=2025-01-01&to=${today}`;
    const [students] = await xlsx(`${base()}/loans/students.xlsx?${period}&order=patron`);
    const header = students!.rows.findIndex((r) => r[0] === 'STT');
    expect(students!.rows[header]!.at(-1)).to.equal('Ký nhận');
    const lines = students!.rows.slice(header + 1).filter((r) => typeof r[0] === 'number');
    expect(lines.map((r) => r[2]).sort()).to.deep.equal(['Nguyễn Thị Ánh', 'Trần Văn Bình']);
    expect(lines.filter((r) => r[7]).length).to.equal(1); // returned (after the class column)
    const [teachers] = await xlsx(`${base()}/loans/teachers.xlsx?${period}`);
    const teacherLines = teachers!.rows.filter((r) => typeof r[0] === 'number' && r[2] === 'Thầy Đức');
    expect(teacherLines.map((r) => r[4])).to.deep.equal(['Truyện Kiều']);
    const text = flat((await pdf(`${base()}/loans/students.pdf?${period}`)).join('\n'));
    expect(text).to.include('SỔ MƯỢN SÁCH CỦA HỌC SINH');
    expect(text).to.include('Trần Văn Bình');
  });

  it('withdrawal record: committee, copies with prices, totals in figures and in Vietnamese words', async () => {
    const text = flat((await pdf(`/library/withdrawals/${recordId}/record.pdf`)).join('\n'));
    for (const expected of [
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'BIÊN BẢN THANH LÝ SÁCH',
      'Hội đồng thanh lý sách gồm',
      'Chủ tịch hội đồng',
      accession[0]!,
      accession[1]!,
      'Tổng số: 2 bản. Tổng giá trị: 250.000 đồng.',
      'Bằng chữ: Hai trăm năm mươi nghìn đồng.',
    ])
      expect(text).to.include(expected);
    const [sheet] = await xlsx(`/library/withdrawals/${recordId}/record.xlsx`);
    expect(sheet!.rows.flat()).to.include('Bằng chữ: Hai trăm năm mươi nghìn đồng.');
  });

  it('file names come in ASCII and in UTF-8 (RFC 6266)', async () => {
    const res = await client.get(`${base()}/individual.xlsx`);
    await res.arrayBuffer();
    const disposition = res.headers.get('content-disposition')!;
    expect(disposition).to.match(/^attachment; filename="[\x20-\x7e]+\.xlsx"; filename\*=UTF-8''/);
    expect(decodeURIComponent(disposition.split("UTF-8''")[1]!)).to.equal(`Sổ đăng ký cá biệt – ${school.name}.xlsx`);
  });

  it('a bad period is a 400 page in the person’s language, not a download', async () => {
    const vi = await client.get(`${base()}/general.pdf?from=2026-05-01&to=2025-09-01`);
    expect(vi.status).to.equal(400);
    expect(vi.headers.get('content-type')).to.match(/text\/html/);
    expect(vi.headers.get('content-disposition')).to.equal(null);
    expect(await vi.text()).to.include('Ngày kết thúc ở trước ngày bắt đầu.');
    const en = await client.get(`${base()}/loans/students.xlsx?from=2025-02-30&to=2025-03-01&lang=en`);
    expect(en.status).to.equal(400);
    expect(await en.text()).to.include('Not a real day (year-month-day).');
    const year = await client.get(`${base()}/general.xlsx?year=2025-2027`);
    expect(year.status).to.equal(400);
  });

  it('the registers page lists each register with its options and both formats', async () => {
    const res = await client.get(base());
    expect(res.status).to.equal(200);
    const html = await res.text();
    for (const link of ['general.xlsx', 'general.pdf', 'individual.xlsx', 'individual.pdf', 'loans/students.pdf'])
      expect(html).to.include(link);
    expect(html).to.include(`/library/withdrawals/${recordId}/record.pdf`);
  });
});
