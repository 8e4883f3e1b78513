import { expect } from 'chai';
import ExcelJS from 'exceljs';
import type { Actor } from '../../../src/policies/actor.js';
import { testContext } from '../../support/context.js';
import { person, province, uniqueIsbn } from '../../support/fixtures.js';
import { pollUntil, unique } from '../../support/toolkit.js';

const options = { collection: 'TK', location: 'KHO', scope: 'public' as const, source: 'purchase' as const };
const headers = ['STT', 'Nhan đề', 'Tác giả', 'ISBN', 'Nhà xuất bản', 'Năm xuất bản', 'Số ĐKCB', 'Giá'];

/** A school's book list as Excel keeps it: a notes sheet first, then the list. */
async function bookList(rows: (string | number)[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.addWorksheet('Ghi chú').addRow(['Danh mục sách nhập năm học 2025–2026']);
  const sheet = workbook.addWorksheet('Danh mục sách');
  sheet.addRow(headers);
  rows.forEach((row) => sheet.addRow(row));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

async function run(actor: Actor, orgId: string, bytes: Buffer, fileName = 'danh-muc.xlsx') {
  const { imports } = testContext().services;
  const job = await imports.start(actor, orgId, { fileName, bytes, options });
  expect(job.status).to.equal('draft');
  const choice = await imports.columnsOf(actor, job.id, 'Danh mục sách');
  const preview = await imports.preview(actor, job.id, choice.table.sheet, choice.columns);
  await imports.queue(actor, job.id);
  return { job, choice, preview };
}

const finished = (actor: Actor, id: string) =>
  pollUntil(
    async () => {
      const p = await testContext().services.imports.progress(actor, id);
      return p.job.status === 'done' ? p : null;
    },
    { timeoutMs: 120_000, intervalMs: 100, message: 'the import to finish' },
  );

describe('imports of spreadsheets (XLSX, CSV)', function () {
  this.timeout(300_000);
  before(() => testContext().services.imports.worker.start(200));
  after(() => testContext().services.imports.worker.stop());

  it('guesses the columns, previews the rows with their errors, imports the good rows, and adds nothing the second time', async () => {
    const { copies } = testContext().services;
    const { schoolA } = await province();
    const librarian = await person([{ org: schoolA, role: 'librarian' }]);
    const w = unique('w');
    const bytes = await bookList([
      [1, `Dế Mèn phiêu lưu ký ${w}`, 'Tô Hoài', uniqueIsbn(), 'Kim Đồng', 2021, 'TN-00301, TN-00302', '45.000'],
      [2, `Toán 6 ${w}`, 'Hà Huy Khoái; Nguyễn Huy Đoan', uniqueIsbn(), 'Giáo dục Việt Nam', 2021, 'SGK-00301', 25000],
      [3, `Tiếng Việt 1 ${w}`, 'Nhiều tác giả', '978-604-0-25173-5', 'Giáo dục Việt Nam', 2020, 'SGK-00302', ''],
      [4, '', 'Không tên', '', '', '', 'TK-00301', ''],
      [5, `Lịch sử Việt Nam ${w}`, 'Viện Sử học', '', 'Khoa học xã hội', 'năm 2017', 'TK-00302', ''],
    ]);

    const first = await run(librarian.actor, schoolA.id, bytes);
    expect(first.choice.table.sheets).to.deep.equal(['Ghi chú', 'Danh mục sách']);
    expect(first.choice.columns).to.deep.include({
      title: 'Nhan đề',
      creators: 'Tác giả',
      isbn: 'ISBN',
      publisher: 'Nhà xuất bản',
      year: 'Năm xuất bản',
      accessionNumbers: 'Số ĐKCB',
      price: 'Giá',
    });
    expect(
      first.preview.readings.map((r) => [r.number, r.ok ? 'ok' : r.problems.map((p) => p.messageKey).join()]),
    ).to.deep.equal([
      [2, 'ok'],
      [3, 'ok'],
      [4, 'library.isbnCheckDigit'],
      [5, 'imports.sheet.noTitle'],
      [6, 'imports.sheet.year'],
    ]);
    const done = await finished(librarian.actor, first.job.id);
    expect(done.counts).to.deep.equal({ added: 2, matched: 0, refused: 3 });
    const dm = (await testContext().services.imports.outcomes(librarian.actor, first.job.id, 'added'))[0]!;
    const held = await copies.ofTitle(librarian.actor, dm.resourceId!, schoolA.id);
    expect(held.map((c) => [c.accessionNumber, c.acquisition.price])).to.deep.equal([
      ['TN-00301', 45000],
      ['TN-00302', 45000],
    ]);

    // The same file again: the columns are remembered, nothing is added twice.
    const second = await run(librarian.actor, schoolA.id, bytes);
    expect(second.choice.columns.title).to.equal('Nhan đề');
    expect((await finished(librarian.actor, second.job.id)).counts).to.deep.equal({ added: 0, matched: 2, refused: 3 });
    expect(await copies.ofTitle(librarian.actor, dm.resourceId!, schoolA.id)).to.have.length(2);
  });

  it('finds a book without an ISBN by its title as compared: NFD or NFC, any case, nothing added twice', async () => {
    const { imports, copies } = testContext().services;
    const { schoolA } = await province();
    const librarian = await person([{ org: schoolA, role: 'librarian' }]);
    const w = unique('w');
    const titles = [`Đất rừng phương Nam ${w}`, `Tuổi thơ dữ dội ${w}`, `Những ngôi sao xa xôi ${w}`];
    const list = (spell: (title: string) => string) =>
      bookList(titles.map((t, i) => [i + 1, spell(t), 'Nhiều tác giả', '', 'Kim Đồng', 2020, `TK-0040${i}`, '']));
    const nfd = await list((t) => t.normalize('NFD'));

    const first = await run(librarian.actor, schoolA.id, nfd);
    expect((await finished(librarian.actor, first.job.id)).counts).to.deep.equal({ added: 3, matched: 0, refused: 0 });
    const ids = (await imports.outcomes(librarian.actor, first.job.id)).map((o) => o.resourceId);

    for (const [file, what] of [
      [nfd, 'the same file (NFD) again'],
      [await list((t) => t.normalize('NFC').toLocaleUpperCase('vi')), 'the titles in NFC capitals'],
    ] as const) {
      const again = await run(librarian.actor, schoolA.id, file);
      expect((await finished(librarian.actor, again.job.id)).counts, what).to.deep.equal({
        added: 0,
        matched: 3,
        refused: 0,
      });
      expect(
        (await imports.outcomes(librarian.actor, again.job.id)).map((o) => o.resourceId),
        what,
      ).to.deep.equal(ids);
    }
    for (const id of ids) expect(await copies.ofTitle(librarian.actor, id!, schoolA.id)).to.have.length(1);
  });

  it('reads a CSV with a byte order mark, and resumes an import stopped half way without adding anything twice', async () => {
    const { imports, copies } = testContext().services;
    const { schoolA } = await province();
    const librarian = await person([{ org: schoolA, role: 'librarian' }]);
    const w = unique('w');
    const lines = ['Nhan đề,Tác giả,Số lượng'];
    // Three steps of a hundred rows at most: the worker stops between two.
    for (let i = 1; i <= 250; i++) lines.push(`"Truyện ngắn ${w} số ${i}",Nam Cao,2`);
    const csv = Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
    const job = await imports.start(librarian.actor, schoolA.id, { fileName: 'ds.csv', bytes: csv, options });
    const choice = await imports.columnsOf(librarian.actor, job.id, null);
    expect(choice.columns).to.deep.include({ title: 'Nhan đề', creators: 'Tác giả', quantity: 'Số lượng' });
    await imports.preview(librarian.actor, job.id, choice.table.sheet, choice.columns);
    await imports.queue(librarian.actor, job.id);

    // Stop the worker (as an instance shutting down does) part way, then start it again.
    const partway = await pollUntil(
      async () => {
        const p = await imports.progress(librarian.actor, job.id);
        return p.counts.added >= 100 ? p : null;
      },
      { timeoutMs: 120_000, intervalMs: 20, message: 'some rows imported' },
    );
    await imports.worker.stop();
    const stopped = await imports.progress(librarian.actor, job.id);
    expect(stopped.job.status, `stopped after ${partway.counts.added} rows`).to.equal('running');
    imports.worker.start(200);
    const done = await finished(librarian.actor, job.id);
    expect(done.counts).to.deep.equal({ added: 250, matched: 0, refused: 0 });
    const outcomes = await imports.outcomes(librarian.actor, job.id);
    const perTitle = await Promise.all(outcomes.map((o) => copies.ofTitle(librarian.actor, o.resourceId!, schoolA.id)));
    expect(perTitle.map((c) => c.length)).to.deep.equal(Array(250).fill(2));
  });
});
