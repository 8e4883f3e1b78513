/**
 * Stocktaking over real HTTP on the real database: a session of one location scanned through the
 * API with every kind of answer (found, repeated, on loan, misplaced, another school's, unknown,
 * withdrawn), two librarians scanning the same shelf at once (each copy counted once), the pages
 * without JavaScript, the write-off confirmed twice (one withdrawal record), the record as PDF
 * (read back with pdftotext) and XLSX, and the sessions out of another school's reach.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect } from 'chai';
import ExcelJS from 'exceljs';
import { startTestServer, testContext, type TestServer } from '../../support/context.js';
import { signedIn, type Client } from '../../support/client.js';
import { person, printedTitle, province, type TestPerson } from '../../support/fixtures.js';
import { copiesOfWithdrawal } from '../../../src/models/copy.js';
import { barcodeKeyId } from '../../../src/models/copyKey.js';
import { copyIdByKey } from '../../../src/models/stocktaking.js';

interface ScanBody {
  outcome: string;
  message: { tone: string; text: string };
  copy: { accessionNumber: string } | null;
}
interface ResultBody {
  session: { id: string; version: number };
  expected: number;
  scanned: number;
  scans: number;
  missing: { id: string; accessionNumber: string }[];
  misplaced: { accessionNumber: string }[];
  onLoan: { accessionNumber: string; seen: boolean }[];
  unexpected: { code: string; outcome: string }[];
}

describe('Stocktaking (kiểm kê): sessions, scans, result, write-off, record', function () {
  this.timeout(300_000);
  let server: TestServer;
  let world: Awaited<ReturnType<typeof province>>;
  let librarian: TestPerson;
  let second: TestPerson;
  let one: Client;
  let two: Client;
  let shelf: string[];
  let reading: string[];
  let otherSchool: string;
  let onLoan: string;
  let withdrawn: string;
  let titleId: string;

  const batch = { date: '2025-09-05', source: 'purchase' as const, supplier: null, documentNumber: null, note: null };
  const add = async (actor: TestPerson['actor'], orgId: string, location: string, count: number, price = 25_000) =>
    (
      await testContext().services.copies.add(actor, titleId, {
        orgId,
        collection: 'TK',
        location,
        numbering: { count },
        batch,
        price,
        volume: null,
        note: null,
      })
    ).copies;

  before(async () => {
    server = await startTestServer();
    world = await province();
    const { copies, circulation } = testContext().services;
    librarian = await person([{ org: world.schoolA, role: 'librarian' }], 'Cô Lan');
    second = await person([{ org: world.schoolA, role: 'librarian' }], 'Thầy Minh');
    const librarianB = await person([{ org: world.schoolB, role: 'librarian' }], 'Cô Hoa');
    [one, two] = await Promise.all([signedIn(server.url, librarian), signedIn(server.url, second)]);
    titleId = (
      await printedTitle(librarian.actor, world.schoolA, {
        metadata: { title: 'Truyện Kiều', creators: ['Nguyễn Du'] },
        scope: 'public',
      })
    ).id;
    const kho = await add(librarian.actor, world.schoolA.id, 'KHO', 8);
    reading = (await add(librarian.actor, world.schoolA.id, 'PD', 2)).map((c) => c.barcode);
    // Each school numbers from TK-00001: school B's labels carry its own prefix, as printed labels do.
    const theirs = (await add(librarianB.actor, world.schoolB.id, 'KHO', 1))[0]!;
    otherSchool = (await copies.edit(librarianB.actor, theirs.id, theirs.version, { barcode: 'THCSB-TK-00001' }))
      .barcode;
    const student = await person([{ org: world.schoolA, role: 'student' }], 'Nguyễn Văn An');
    onLoan = kho[6]!.barcode;
    await circulation.checkOut(librarian.actor, world.schoolA.id, { patronId: student.id, barcode: onLoan });
    withdrawn = kho[7]!.barcode;
    const gone = kho[7]!;
    await copies.withdraw(librarian.actor, gone.id, gone.version, {
      record: { date: '2025-10-01', reason: 'worn', documentNumber: null, note: null },
      reason: null,
      note: null,
    });
    shelf = kho.slice(0, 6).map((c) => c.barcode);
  });
  after(() => server.close());

  const open = async (client: Client, name: string, location: string | null) => {
    const res = await client.post(`/api/v1/library/organisations/${world.schoolA.id}/stocktaking`, { name, location });
    expect(res.status).to.equal(201);
    return ((await res.json()) as { id: string }).id;
  };
  const scan = async (client: Client, id: string, code: string) => {
    const res = await client.post(`/api/v1/library/stocktaking/${id}/scans`, { code });
    expect(res.status, code).to.equal(200);
    return (await res.json()) as ScanBody;
  };
  const result = async (client: Client, id: string) => {
    const res = await client.get(`/api/v1/library/stocktaking/${id}`);
    expect(res.status).to.equal(200);
    return (await res.json()) as ResultBody;
  };

  it('answers every kind of scan, stores each, and derives the result from them', async () => {
    const id = await open(one, 'Kiểm kê kho chính', 'KHO');
    const answers: [string, string][] = [];
    for (const code of [shelf[0]!, shelf[1]!, shelf[0]!, onLoan, reading[0]!, otherSchool, 'KHONG-CO-123', withdrawn])
      answers.push([code, (await scan(one, id, code)).outcome]);
    expect(answers.map(([, o]) => o)).to.deep.equal([
      'found',
      'found',
      'already_scanned',
      'on_loan',
      'misplaced',
      'other_school',
      'unknown',
      'withdrawn',
    ]);
    // Typed as lower case with spaces, as a person might: the same copy.
    expect((await scan(one, id, `  ${shelf[2]!.toLowerCase()} `)).outcome).to.equal('found');
    const r = await result(one, id);
    expect(r.expected, 'six copies of KHO on the shelf (one lent, one withdrawn)').to.equal(6);
    expect(r.scanned).to.equal(3);
    expect(r.scans).to.equal(9);
    expect(r.missing.map((c) => c.accessionNumber)).to.have.length(3);
    expect(r.misplaced).to.have.length(1);
    expect(r.onLoan).to.deep.equal([{ ...r.onLoan[0]!, seen: true }]);
    expect(r.unexpected.map((u) => u.outcome).sort()).to.deep.equal(['other_school', 'unknown', 'withdrawn']);
    // Another school's copy is flagged, never moved: it is still where school B keeps it.
    const { copies } = testContext().services;
    const theirs = await copies.find((await copyIdOf(world.schoolB.id, otherSchool))!);
    expect([theirs!.orgId, theirs!.location, theirs!.status]).to.deep.equal([world.schoolB.id, 'KHO', 'available']);
  });

  it('counts each copy once when two librarians scan the same shelf at the same moment', async () => {
    const id = await open(one, 'Kiểm kê hai người', 'KHO');
    const both = await Promise.all([
      Promise.all(shelf.map((code) => scan(one, id, code))),
      Promise.all([...shelf].reverse().map((code) => scan(two, id, code))),
    ]);
    const outcomes = both.flat().map((a) => a.outcome);
    expect(outcomes.filter((o) => o === 'found')).to.have.length(shelf.length);
    expect(outcomes.filter((o) => o === 'already_scanned')).to.have.length(shelf.length);
    const r = await result(two, id);
    expect([r.expected, r.scanned, r.scans, r.missing.length]).to.deep.equal([6, 6, 12, 0]);
  });

  it('scans by posting the form when there is no JavaScript, and shows the progress', async () => {
    const id = await open(one, 'Kiểm kê không JavaScript', null);
    const page = await one.request('POST', `/library/stocktaking/${id}/scan`, {
      form: { _csrf: one.csrfToken!, code: shelf[3]! },
    });
    expect(page.status).to.equal(200);
    const html = await page.text();
    expect(html).to.include('data-outcome="found"');
    expect(html).to.match(/Đã quét 1 \/ 8 bản cần có trên giá/);
    const again = await (
      await one.request('POST', `/library/stocktaking/${id}/scan`, { form: { _csrf: one.csrfToken!, code: shelf[3]! } })
    ).text();
    expect(again).to.include('data-outcome="already_scanned"');
    const resultPage = await (await one.get(`/library/stocktaking/${id}`)).text();
    expect(resultPage).to.include('<progress id="stocktaking-progress" max="8" value="1">');
  });

  it('writes the confirmed missing copies off once, however often confirmed, and prints the record', async () => {
    const id = await open(one, 'Kiểm kê cuối năm 2025–2026', 'KHO');
    for (const code of shelf.slice(0, 4)) await scan(one, id, code);
    const before = await result(one, id);
    const missing = before.missing.map((c) => c.id);
    expect(missing).to.have.length(2);
    const early = await one.post(`/api/v1/library/stocktaking/${id}/write-off`, { copyIds: missing });
    expect(early.status, 'not before the session is closed').to.equal(409);
    const closed = await one.post(`/api/v1/library/stocktaking/${id}/close`, { version: before.session.version });
    expect(closed.status).to.equal(200);
    expect((await one.post(`/api/v1/library/stocktaking/${id}/scans`, { code: shelf[4]! })).status).to.equal(409);

    const confirm = () => one.post(`/api/v1/library/stocktaking/${id}/write-off`, { copyIds: missing });
    const first = await confirm();
    expect(first.status).to.equal(200);
    const record = (await first.json()) as { recordId: string; copyCount: number };
    expect(record.copyCount).to.equal(2);
    const secondTime = (await (await confirm()).json()) as { recordId: string; copyCount: number };
    expect(secondTime).to.deep.equal(record);
    const written = await copiesOfWithdrawal(record.recordId);
    expect(written.map((c) => c.id).sort()).to.deep.equal([...missing].sort());
    expect(written.every((c) => c.status === 'withdrawn' && c.withdrawal?.reason === 'lost')).to.equal(true);
    expect(written.every((c) => c.withdrawal?.note === 'mất khi kiểm kê')).to.equal(true);
    const { registers } = testContext().services;
    const records = await registers.withdrawalRecords(librarian.actor, world.schoolA.id);
    expect(records.filter((r) => r.note?.includes('Kiểm kê cuối năm 2025–2026'))).to.have.length(1);

    const pdf = await one.get(`/library/stocktaking/${id}/record.pdf`);
    expect(pdf.status).to.equal(200);
    expect(pdf.headers.get('content-type')).to.equal('application/pdf');
    const text = await pdfText(Buffer.from(await pdf.arrayBuffer()));
    for (const line of [
      'BIÊN BẢN KIỂM KÊ THƯ VIỆN',
      'Trường THCS A',
      'Kiểm kê cuối năm 2025–2026',
      'Hội đồng kiểm kê',
      'Chủ tịch hội đồng kiểm kê',
      'Hiệu trưởng',
      'Truyện Kiều',
    ])
      expect(text, line).to.include(line);
    for (const c of written) expect(text).to.include(c.accessionNumber);
    expect(text).to.match(/Không thấy \(thiếu\)\s+2/);
    expect(text).to.match(/Đã thấy\s+4/);

    const xlsx = await one.get(`/library/stocktaking/${id}/record.xlsx`);
    expect(xlsx.status).to.equal(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as never);
    const front = book.worksheets[0]!;
    expect(front.getColumn(1).values).to.include('BIÊN BẢN KIỂM KÊ THƯ VIỆN');
    const totals = book.worksheets[1]!;
    const byLabel = new Map(
      totals
        .getSheetValues()
        .slice(2)
        .map((row) => [(row as unknown[])[1], (row as unknown[])[2]]),
    );
    expect(byLabel.get('Cần có trên giá')).to.equal(6);
    expect(byLabel.get('Đã thấy')).to.equal(4);
    expect(byLabel.get('Không thấy (thiếu)')).to.equal(2);
    const list = book.worksheets[3]!;
    const accessions = list.getColumn(2).values.slice(2);
    expect([...accessions].sort()).to.deep.equal(written.map((c) => c.accessionNumber).sort());
    expect(list.getColumn(6).values.slice(2)).to.deep.equal([25_000, 25_000]);
  });

  it('makes one withdrawal record when two librarians confirm the same write-off at the same moment', async () => {
    const id = await open(one, 'Kiểm kê hai người xác nhận', 'PD');
    const r = await result(one, id);
    await one.post(`/api/v1/library/stocktaking/${id}/close`, { version: r.session.version });
    const copyIds = r.missing.map((c) => c.id);
    expect(copyIds).to.have.length(2);
    const answers = await Promise.all(
      [one, two].map((client) => client.post(`/api/v1/library/stocktaking/${id}/write-off`, { copyIds })),
    );
    // The one that lost the claim either waited for the same record or was told the write-off is under way.
    expect(answers.map((a) => a.status)).to.include(200);
    for (const a of answers) expect([200, 409]).to.include(a.status);
    const { registers } = testContext().services;
    const records = (await registers.withdrawalRecords(librarian.actor, world.schoolA.id)).filter((w) =>
      w.note?.includes('Kiểm kê hai người xác nhận'),
    );
    expect(records.map((w) => w.copyCount)).to.deep.equal([2]);
    expect((await copiesOfWithdrawal(records[0]!.id)).map((c) => c.id).sort()).to.deep.equal([...copyIds].sort());
  });

  it('keeps sessions out of another school’s reach and the school’s teachers out of them', async () => {
    const id = await open(one, 'Kiểm kê riêng', null);
    const librarianB = await signedIn(server.url, await person([{ org: world.schoolB, role: 'librarian' }]));
    const teacherA = await signedIn(server.url, await person([{ org: world.schoolA, role: 'teacher' }]));
    expect((await librarianB.get(`/api/v1/library/stocktaking/${id}`)).status).to.equal(404);
    expect((await librarianB.post(`/api/v1/library/stocktaking/${id}/scans`, { code: shelf[0]! })).status).to.equal(
      404,
    );
    expect((await librarianB.get(`/library/stocktaking/${id}`)).status).to.equal(404);
    expect((await librarianB.get(`/library/schools/${world.schoolA.id}/stocktaking`)).status).to.equal(404);
    expect((await teacherA.get(`/api/v1/library/stocktaking/${id}`)).status).to.equal(403);
    const list = await (await one.get(`/library/schools/${world.schoolA.id}/stocktaking`)).text();
    expect(list).to.include('Kiểm kê riêng');
  });
});

const copyIdOf = (orgId: string, barcode: string) => copyIdByKey(barcodeKeyId(orgId, barcode));

async function pdfText(pdf: Buffer): Promise<string> {
  const run = promisify(execFile);
  const child = run('pdftotext', ['-layout', '-', '-'], { encoding: 'utf8', maxBuffer: 20 * 1024 * 1024 });
  child.child.stdin!.end(pdf);
  return (await child).stdout;
}
