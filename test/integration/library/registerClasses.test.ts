/**
 * The students' loan register shows each loan's class ("Lớp") in the school year the loan was made
 * in: a student lent a book in March 2025 (school year 2024-2025, class 9A1) and again in October
 * 2025 (2025-2026, class 10A1) appears with both classes; a student with no class recorded has an
 * empty cell; the teachers' register has no class column. Read back from the XLSX with exceljs and
 * from the PDF with pdftotext, over real HTTP on the real database.
 */
import { expect } from 'chai';
import type { Organisation } from '../../../src/domain/organisation.js';
import { saveClassMembership } from '../../../src/models/classMembership.js';
import { signedIn, type Client } from '../../support/client.js';
import { addTestCopies } from '../../support/copies.js';
import { startTestServer, testContext, type TestServer } from '../../support/context.js';
import { organisation, person, printedTitle, province, type TestPerson } from '../../support/fixtures.js';
import { pdfPages, sheets } from './registerFiles.js';

const at = (day: string) => new Date(`${day}T03:00:00Z`);

describe('registers: the class of each loan in the students’ loan register', function () {
  this.timeout(300_000);
  let server: TestServer;
  let school: Organisation;
  let client: Client;

  before(async () => {
    server = await startTestServer();
    school = await organisation('Trường THCS Chu Văn An', (await province()).department);
    const librarian = await person([{ org: school, role: 'librarian' }], 'Cô Thư');
    const lan = await person([{ org: school, role: 'student' }], 'Phạm Ngọc Lan');
    const kha = await person([{ org: school, role: 'student' }], 'Đỗ Minh Kha');
    const teacher = await person([{ org: school, role: 'teacher' }], 'Thầy Hùng');
    client = await signedIn(server.url, librarian);
    for (const [schoolYear, className, grade] of [
      ['2024-2025', '9A1', 9],
      ['2025-2026', '10A1', 10],
    ] as const)
      await saveClassMembership({
        personId: lan.id,
        orgId: school.id,
        schoolYear,
        grade,
        className,
        studentCode: 'LAN-01',
        outcome: 'enrolled',
        updatedAt: new Date(),
      });
    const { circulation } = testContext().services;
    const title = await printedTitle(librarian.actor, school, { metadata: { title: 'Dế Mèn phiêu lưu ký' } });
    const [one, two, three] = await addTestCopies(librarian.actor, school, title.id, 3);
    const lend = (who: TestPerson, barcode: string, day: string) =>
      circulation.checkOut(librarian.actor, school.id, { patronId: who.id, barcode }, at(day));
    await lend(lan, one!, '2025-03-10');
    await circulation.checkIn(librarian.actor, school.id, one!, at('2025-03-20'));
    await lend(lan, one!, '2025-10-10');
    await lend(kha, two!, '2025-10-11');
    await lend(teacher, three!, '2025-10-12');
  });
  after(() => server.close());

  const get = async (path: string) => {
    const res = await client.get(`/library/schools/${school.id}/registers/loans/${path}?from=2025-01-01&to=2025-12-31`);
    expect(res.status, path).to.equal(200);
    return Buffer.from(await res.arrayBuffer());
  };

  it('XLSX: a "Lớp" column after the borrower, the class of the loan’s school year', async () => {
    const [sheet] = await sheets(await get('students.xlsx'));
    const header = sheet!.rows.find((r) => r[0] === 'STT')!;
    expect(header.slice(0, 5)).to.deep.equal(['STT', 'Ngày mượn', 'Người mượn', 'Lớp', 'Số ĐKCB']);
    const lines = sheet!.rows.filter((r) => typeof r[0] === 'number').map((r) => [r[2], r[3]]);
    expect(lines).to.deep.equal([
      ['Phạm Ngọc Lan', '9A1'],
      ['Phạm Ngọc Lan', '10A1'],
      ['Đỗ Minh Kha', null],
    ]);
    const [teachers] = await sheets(await get('teachers.xlsx'));
    expect(teachers!.rows.find((r) => r[0] === 'STT')).not.to.include('Lớp');
  });

  it('PDF: the class beside each loan, in the printed register', async () => {
    const text = (await pdfPages(await get('students.pdf'))).join('\n');
    expect(text).to.match(/Người mượn\s+Lớp/);
    expect(text).to.match(/Phạm Ngọc Lan\s+9A1/);
    expect(text).to.match(/Phạm Ngọc Lan\s+10A1/);
    const teachers = (await pdfPages(await get('teachers.pdf'))).join('\n');
    expect(teachers).to.include('Thầy Hùng');
    expect(teachers).not.to.match(/Người mượn\s+Lớp/);
  });
});
