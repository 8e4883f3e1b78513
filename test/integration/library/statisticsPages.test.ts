/**
 * The dashboard and the department overview over real HTTP on the real database: every figure shown
 * equals what the services made (statisticsData.ts); the loans chart has one bar per month with its
 * value in its title and aria-label, and the table beside it says the same; the overview's workbook,
 * read back with exceljs, carries the same indicators under the documented field names.
 */
import { expect } from 'chai';
import ExcelJS from 'exceljs';
import { sectorFields } from '../../../src/domain/sectorExport.js';
import { schoolYearPeriod } from '../../../src/domain/libraryStatistics.js';
import { startTestServer, type TestServer } from '../../support/context.js';
import { signedIn, type Client } from '../../support/client.js';
import { expected, statisticsWorld, YEAR, type StatisticsWorld } from './statisticsData.js';

/** The bars of one chart of a page: their aria-labels and values, in order. */
function barsOf(html: string, chart: string): { label: string; value: number }[] {
  const figure = new RegExp(`<figure class="stats-chart" data-chart="${chart}">([\\s\\S]*?)</figure>`).exec(html);
  expect(figure, `chart ${chart}`).to.not.equal(null);
  return [
    ...figure![1]!.matchAll(/<rect class="bar"[^>]*aria-label="([^"]*)" data-value="([^"]*)"><title>([^<]*)<\/title>/g),
  ].map((m) => {
    expect(m[3], 'title and aria-label say the same').to.equal(m[1]);
    return { label: m[1]!, value: Number(m[2]) };
  });
}

/** The rows of one table of a page: header cell and figures. */
function tableOf(html: string, table: string): string[][] {
  const body = new RegExp(
    `<table class="stats-table" data-table="${table}">[\\s\\S]*?<tbody>([\\s\\S]*?)</tbody>`,
  ).exec(html);
  expect(body, `table ${table}`).to.not.equal(null);
  return [...body![1]!.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((row) =>
    [...row[1]!.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) => c[1]!.trim()),
  );
}

describe('Library statistics pages: the dashboard and the department overview', function () {
  this.timeout(300_000);
  let server: TestServer;
  let world: StatisticsWorld;
  let librarian: Client;
  let department: Client;

  before(async () => {
    server = await startTestServer();
    world = await statisticsWorld();
    librarian = await signedIn(server.url, world.librarian);
    department = await signedIn(server.url, world.deptAdmin);
  });
  after(() => server.close());

  it('draws one bar per month of the school year with its loans, and the same figures in the table beside', async () => {
    const res = await librarian.get(`/library/schools/${world.schoolA.id}/statistics?year=${YEAR}`);
    expect(res.status).to.equal(200);
    const html = await res.text();
    const months = schoolYearPeriod(YEAR).months;
    const perMonth = expected.loansByMonth as Record<string, number>;
    const bars = barsOf(html, 'loans-per-month');
    expect(bars.map((b) => b.label)).to.deep.equal(
      months.map((m) => `Tháng ${m.slice(5)}/${m.slice(0, 4)}: ${perMonth[m] ?? 0} lượt mượn`),
    );
    expect(bars.map((b) => b.value)).to.deep.equal(months.map((m) => perMonth[m] ?? 0));
    expect(tableOf(html, 'loans-per-month').map(([, n]) => Number(n))).to.deep.equal(
      months.map((m) => perMonth[m] ?? 0),
    );

    expect(
      barsOf(html, 'collection-by-subject')
        .filter((b) => b.value > 0)
        .map((b) => b.label),
    ).to.deep.equal(['500 Khoa học tự nhiên và toán học: 2', '800 Văn học: 2', 'Chưa phân loại: 1']);
    expect(tableOf(html, 'top-titles')).to.deep.equal([
      ['Thơ Tố Hữu', '3'],
      ['Toán 6–7', '2'],
    ]);
    expect(tableOf(html, 'by-collection')).to.deep.equal([
      ['TK — Sách tham khảo', '3'],
      ['SGK — Sách giáo khoa', '2'],
    ]);
    expect(tableOf(html, 'by-patron-type')).to.deep.equal([
      ['Học sinh', '4', '4'],
      ['Giáo viên', '1', '1'],
      ['Cán bộ, nhân viên', '0', '1'],
    ]);
    expect(barsOf(html, 'active-readers-per-class').map((b) => b.label)).to.deep.equal(
      expected.classes.map(([name, active, students]) => `Lớp ${name}: ${active} trên ${students} học sinh có mượn`),
    );
    const tiles = Object.fromEntries(
      [...html.matchAll(/<span class="stats-tile-value">([^<]*)<\/span> <span class="stats-tile-label">([^<]*)</g)].map(
        (m) => [m[2], m[1]],
      ),
    );
    expect(tiles).to.include({
      'Bản sách': '5',
      'Đầu sách': '3',
      'Lượt mượn': '5',
      'Lượt mượn / học sinh': '1',
      'Bạn đọc tích cực': '50%',
      'Bổ sung trong năm': '5',
      'Thanh lý trong năm': '1',
      'Quá hạn hiện nay': '2',
    });
  });

  it('opens the overview for the department and the dashboard for the school', async () => {
    const fromDepartment = await department.get('/library/statistics');
    expect([fromDepartment.status, fromDepartment.headers.get('location')]).to.deep.equal([
      303,
      `/library/organisations/${world.department.id}/overview`,
    ]);
    const fromSchool = await librarian.get('/library/statistics');
    expect(fromSchool.headers.get('location')).to.equal(`/library/schools/${world.schoolA.id}/statistics`);
  });

  it('lets a school see only its own dashboard, and refuses a year that is not one', async () => {
    expect((await librarian.get(`/library/schools/${world.schoolB.id}/statistics`)).status).to.equal(403);
    expect((await librarian.get(`/library/organisations/${world.department.id}/overview`)).status).to.equal(403);
    const bad = await librarian.get(`/library/schools/${world.schoolA.id}/statistics?year=2026-2030`);
    expect(bad.status).to.equal(400);
    expect(await bad.text()).to.contain('Năm học dạng 2025-2026');
  });

  it('sets the department’s schools side by side, sortable, and exports them as the yearly workbook', async () => {
    const page = await department.get(
      `/library/organisations/${world.department.id}/overview?year=${YEAR}&sort=copies&dir=desc`,
    );
    expect(page.status).to.equal(200);
    const html = await page.text();
    const order = [...html.matchAll(/<tr data-school="([0-9a-f]{24})">/g)].map((m) => m[1]);
    expect(order).to.deep.equal([world.schoolA.id, world.schoolB.id]);
    expect(barsOf(html, 'loans-per-student').map((b) => b.value)).to.deep.equal([1, 0]);

    const res = await department.get(`/library/organisations/${world.department.id}/overview.xlsx?year=${YEAR}`);
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.contain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
    const machine = workbook.getWorksheet('indicators')!;
    const header = (machine.getRow(1).values as unknown[]).slice(1);
    expect(header).to.deep.equal(sectorFields.map((f) => f.name));
    const rows = [2, 3].map((n) =>
      Object.fromEntries(header.map((h, i) => [h, machine.getRow(n).getCell(i + 1).value])),
    );
    const a = rows.find((r) => r.schoolId === world.schoolA.id)!;
    expect(a).to.include({
      schoolName: world.schoolA.name,
      schoolYear: YEAR,
      copies: expected.copies,
      titles: expected.titles,
      students: expected.students,
      loans: expected.loans,
      loansPerStudent: 1,
      activeReaders: expected.activeReaders,
      activeReadersPercent: 50,
      acquisitions: 5,
      withdrawals: 1,
      overdue: expected.overdue,
    });
    expect(rows.find((r) => r.schoolId === world.schoolB.id)).to.include({ copies: expected.copiesB, loans: 0 });
    const people = workbook.worksheets[0]!;
    expect(people.name).to.equal('Báo cáo');
    expect(people.getRow(2).getCell(3).value).to.equal('Tên trường');
  });
});
