/**
 * The sector export through the API over real HTTP on the real database: the JSON and the XLSX carry
 * exactly the figures the services made (statisticsData.ts), under the field names docs/sector-export.md
 * documents (both languages' tables), as the OpenAPI document declares; a school sees its own, the
 * department all its schools, and another department none of them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import ExcelJS from 'exceljs';
import { projectRoot } from '../../../config/index.js';
import { sectorFields } from '../../../src/domain/sectorExport.js';
import { startTestServer, type TestServer } from '../../support/context.js';
import { signedIn, type Client } from '../../support/client.js';
import { organisation, person } from '../../support/fixtures.js';
import { expected, statisticsWorld, YEAR, type StatisticsWorld } from '../library/statisticsData.js';
import { OpenApiCheck } from './openApiCheck.js';

type Row = Record<string, unknown>;

/** The field names of each "fields" table of the document, in order (the Vietnamese one, then the English one). */
function documentedFields(): string[][] {
  const doc = fs.readFileSync(path.join(projectRoot, 'docs', 'sector-export.md'), 'utf8');
  return doc
    .split(/^### /m)
    .slice(1)
    .map((section) => [...section.matchAll(/^\| `([A-Za-z]+)` \|/gm)].map((m) => m[1]!));
}

describe('API: the sector export of library indicators', function () {
  this.timeout(300_000);
  let server: TestServer;
  let world: StatisticsWorld;
  let check: OpenApiCheck;
  let department: Client;
  let librarian: Client;
  let otherDepartment: Client;

  before(async () => {
    server = await startTestServer();
    check = new OpenApiCheck((await (await fetch(`${server.url}/api/v1/openapi.json`)).json()) as never);
    world = await statisticsWorld();
    department = await signedIn(server.url, world.deptAdmin);
    librarian = await signedIn(server.url, world.librarian);
    const elsewhere = await organisation('Sở GD&ĐT khác', null, 'department');
    otherDepartment = await signedIn(server.url, await person([{ org: elsewhere, role: 'org_admin' }], 'Sở khác'));
  });
  after(() => server.close());

  it('documents every field, in the order the JSON and the workbook carry them', async () => {
    const names = sectorFields.map((f) => f.name);
    expect(documentedFields()).to.deep.equal([names, names]);
    const res = await department.get(`/api/v1/library/indicators?year=${YEAR}`);
    const body = (await res.json()) as { fields: string[]; items: Row[] };
    expect(body.fields).to.deep.equal(names);
    for (const item of body.items) expect(Object.keys(item)).to.deep.equal(names);
  });

  it('gives the department its schools with the figures made, as JSON and as XLSX', async () => {
    const res = await department.get(`/api/v1/library/indicators?year=${YEAR}`);
    expect(res.status).to.equal(200);
    const body = (await res.json()) as { schoolYear: string; items: Row[] };
    check.answer('GET', '/library/indicators', 200, body);
    expect(body.schoolYear).to.equal(YEAR);
    expect(body.items.map((i) => i.schoolId).sort()).to.deep.equal([world.schoolA.id, world.schoolB.id].sort());
    const a = body.items.find((i) => i.schoolId === world.schoolA.id)!;
    const made = {
      schoolCode: world.schoolA.code,
      schoolName: world.schoolA.name,
      schoolYear: YEAR,
      copies: expected.copies,
      titles: expected.titles,
      students: expected.students,
      copiesPerStudent: 1.25,
      loans: expected.loans,
      loansPerStudent: 1,
      activeReaders: expected.activeReaders,
      activeReadersPercent: 50,
      acquisitions: 5,
      withdrawals: 1,
      overdue: expected.overdue,
    };
    expect(a).to.include(made);

    const xlsx = await department.get(`/api/v1/library/indicators.xlsx?year=${YEAR}`);
    expect(xlsx.status).to.equal(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as never);
    const sheet = workbook.getWorksheet('indicators')!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header).to.deep.equal(sectorFields.map((f) => f.name));
    const rows = [2, 3].map((n) => Object.fromEntries(header.map((h, i) => [h, sheet.getRow(n).getCell(i + 1).value])));
    expect(rows.find((r) => r.schoolId === world.schoolA.id)).to.include(made);
  });

  it('gives one school’s record to its librarian, and to nobody of another school or department', async () => {
    const own = await librarian.get(`/api/v1/library/organisations/${world.schoolA.id}/indicators?year=${YEAR}`);
    expect(own.status).to.equal(200);
    const record = (await own.json()) as Row;
    check.answer('GET', '/library/organisations/{id}/indicators', 200, record);
    expect(record).to.include({ schoolId: world.schoolA.id, copies: expected.copies, overdue: expected.overdue });
    const list = (await (await librarian.get(`/api/v1/library/indicators?year=${YEAR}`)).json()) as { items: Row[] };
    expect(list.items.map((i) => i.schoolId)).to.deep.equal([world.schoolA.id]);

    expect((await librarian.get(`/api/v1/library/organisations/${world.schoolB.id}/indicators`)).status).to.equal(403);
    expect((await otherDepartment.get(`/api/v1/library/organisations/${world.schoolA.id}/indicators`)).status).to.equal(
      403,
    );
    const theirs = (await (await otherDepartment.get(`/api/v1/library/indicators`)).json()) as { items: Row[] };
    expect(theirs.items).to.deep.equal([]);
    const anonymous = await signedIn(server.url, null);
    expect((await anonymous.get(`/api/v1/library/indicators`)).status).to.equal(401);
    const bad = await department.get(`/api/v1/library/indicators?year=2026`);
    expect(bad.status).to.equal(400);
  });
});
