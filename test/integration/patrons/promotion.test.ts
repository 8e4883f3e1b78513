/**
 * The new school year over real HTTP on the real database: the plan page shows each class's next
 * name by the rule, the librarian renames one, confirms; every student moves up once (a second run
 * changes nothing), the last grade graduates, last year's classes stay as history; the desk and the
 * student's own page show the current class.
 */
import { expect } from 'chai';
import { currentMembershipOf, membershipsOfPerson, saveClassMembership } from '../../../src/models/classMembership.js';
import { signedIn } from '../../support/client.js';
import { startTestServer, type TestServer } from '../../support/context.js';
import { person, province, type TestPerson } from '../../support/fixtures.js';

describe('pages: the new school year', function () {
  this.timeout(180_000);
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  it('moves every class up a grade once, graduates the last grade and keeps the history', async () => {
    const { schoolA } = await province();
    const librarian = await person([{ org: schoolA, role: 'librarian' }], 'Cô Thư');
    const students: TestPerson[] = [];
    for (const [i, className] of ['10A1', '10A1', '11B2', '12C'].entries()) {
      const student = await person([{ org: schoolA, role: 'student' }], `Học sinh ${i}`);
      students.push(student);
      await saveClassMembership({
        personId: student.id,
        orgId: schoolA.id,
        schoolYear: '2026-2027',
        grade: Number(className.slice(0, 2)),
        className,
        studentCode: `P${i}`,
        outcome: 'enrolled',
        updatedAt: new Date(),
      });
    }
    const desk = await signedIn(server.url, librarian);
    await desk.refreshCsrf();
    const base = `/library/schools/${schoolA.id}/classes/promotion`;
    const plan = await (await desk.get(`${base}?year=2026-2027`)).text();
    expect([...plan.matchAll(/name="to" value="([^"]*)"/g)].map((m) => m[1])).to.deep.equal(['11A1', '12B2']);
    expect(plan).to.include('học sinh khối 12 ra trường');

    const confirm = () =>
      desk.request('POST', base, {
        form: { _csrf: desk.csrfToken!, year: '2026-2027', lastGrade: '12', from: '11B2', to: '12 b2 chuyên' },
      });
    const first = await (await confirm()).text();
    expect(first).to.include('3 học sinh lên lớp, 1 học sinh ra trường, 0 học sinh đã có lớp năm mới từ trước');
    const second = await (await confirm()).text();
    expect(second).to.include('0 học sinh lên lớp, 0 học sinh ra trường, 3 học sinh đã có lớp năm mới từ trước');

    expect(
      (await membershipsOfPerson(schoolA.id, students[0]!.id)).map((m) => [m.schoolYear, m.className]),
    ).to.deep.equal([
      ['2026-2027', '10A1'],
      ['2027-2028', '11A1'],
    ]);
    expect((await currentMembershipOf(schoolA.id, students[2]!.id))?.className).to.equal('12B2CHUYÊN');
    const graduate = await membershipsOfPerson(schoolA.id, students[3]!.id);
    expect(graduate.map((m) => [m.schoolYear, m.outcome])).to.deep.equal([['2026-2027', 'graduated']]);

    const classes = await (await desk.get(`/library/schools/${schoolA.id}/classes?year=2027-2028`)).text();
    expect(classes).to.match(/<th scope="row">11A1<\/th><td>11<\/td><td>2<\/td>/);

    const deskPage = await (await desk.get(`/library/schools/${schoolA.id}/desk?patron=${students[0]!.id}`)).text();
    expect(deskPage).to.include('Lớp 11A1 (2027-2028)');
    const own = await signedIn(server.url, students[0]!);
    expect(await (await own.get('/my/loans')).text()).to.include('Lớp 11A1 (2027-2028) — Trường THCS A');
  });
});
