/**
 * A school's class list for a school year, kept through its page over real HTTP on the real database
 * without JavaScript: add (grade from the name, or typed), refuse a bad or repeated class beside the
 * field in the person's language, rename (the year's students move with the class), refuse to remove
 * a class with students, remove an empty one, copy last year's list; then a class-list file naming a
 * class outside the list is refused at that row. Another school's librarian and a student are refused.
 */
import { expect } from 'chai';
import type { Organisation } from '../../../src/domain/organisation.js';
import { membershipsOfClass, saveClassMembership } from '../../../src/models/classMembership.js';
import { definedClasses, defineClasses } from '../../../src/models/schoolClass.js';
import { uploadClassList } from '../../support/classLists.js';
import { signedIn, type Client } from '../../support/client.js';
import { startTestServer, type TestServer } from '../../support/context.js';
import { person, province } from '../../support/fixtures.js';

const YEAR = '2031-2032';

describe('pages: a school’s class list for a school year', function () {
  this.timeout(180_000);
  let server: TestServer;
  let schoolA: Organisation;
  let schoolB: Organisation;
  let desk: Client;
  const list = () => `/library/schools/${schoolA.id}/classes/list`;
  const post = (path: string, form: Record<string, string>) =>
    desk.request('POST', `${list()}${path}`, { form: { year: YEAR, ...form, _csrf: desk.csrfToken! } });
  const namesOf = async (year = YEAR) =>
    (await definedClasses(schoolA.id, year)).map((c) => [c.className, c.grade, c.homeroomTeacher]);

  before(async () => {
    server = await startTestServer();
    ({ schoolA, schoolB } = await province());
    desk = await signedIn(server.url, await person([{ org: schoolA, role: 'librarian' }], 'Cô Lớp'));
    await desk.refreshCsrf();
  });
  after(() => server.close());

  it('adds classes, its grade from the name or typed, and refuses bad ones beside the field', async () => {
    const empty = await (await desk.get(`${list()}?year=${YEAR}`)).text();
    expect(empty).to.include(`Năm học ${YEAR} chưa có danh sách lớp`);

    const added = await post('', { className: '10 a1', grade: '', homeroomTeacher: ' Cô  Hạnh ' });
    expect(added.status).to.equal(303);
    expect(added.headers.get('location')).to.equal(`${list()}?year=${YEAR}&done=added`);
    expect((await post('', { className: 'CLB1', grade: '11', homeroomTeacher: '' })).status).to.equal(303);
    expect(await namesOf()).to.deep.equal([
      ['10A1', 10, 'Cô Hạnh'],
      ['CLB1', 11, null],
    ]);

    const noGrade = await post('', { className: 'Chuyên Toán', grade: '' });
    expect(noGrade.status).to.equal(400);
    const html = await noGrade.text();
    expect(html).to.match(/id="add-grade-error">Tên lớp không bắt đầu bằng khối 1–12: hãy nhập khối.</);
    expect(html).to.include('value="Chuyên Toán"'); // what was typed stays
    const again = await post('', { className: '10A1' });
    expect(again.status).to.equal(400);
    expect(await again.text()).to.match(/id="add-className-error">Lớp 10A1 đã có trong danh sách năm học này.</);
    const english = await desk.request('POST', `${list()}?lang=en`, {
      form: { year: YEAR, className: '', grade: '13', _csrf: desk.csrfToken! },
    });
    const englishHtml = await english.text();
    expect(englishHtml).to.include('Type the class name, e.g. 10A1.');
    expect(englishHtml).to.include('The grade is a number from 1 to 12.');
    await desk.get('/?lang=vi');
    expect(await namesOf()).to.have.length(2);
  });

  it('renames a class with its students, refuses to remove one with students, removes an empty one', async () => {
    await defineClasses([{ orgId: schoolA.id, schoolYear: YEAR, className: '10A2', grade: 10 }]);
    const student = await person([{ org: schoolA, role: 'student' }], 'Học Sinh Một');
    await saveClassMembership({
      personId: student.id,
      orgId: schoolA.id,
      schoolYear: YEAR,
      grade: 10,
      className: '10A2',
      studentCode: 'CL-01',
      outcome: 'enrolled',
      updatedAt: new Date(),
    });

    const refused = await post('/remove', { className: '10A2' });
    expect(refused.status).to.equal(409);
    expect(await refused.text()).to.include(`Không xoá được lớp 10A2: lớp đang có 1 học sinh trong năm học ${YEAR}.`);
    const taken = await post('/change', { original: '10A2', className: '10A1', grade: '10' });
    expect(taken.status).to.equal(400);
    expect(await taken.text()).to.match(/data-class="10A2">.*Lớp 10A1 đã có trong danh sách năm học này./s);

    const renamed = await post('/change', {
      original: '10A2',
      className: '10A3',
      grade: '',
      homeroomTeacher: 'Thầy Nam',
    });
    expect(renamed.status).to.equal(303);
    expect((await membershipsOfClass(schoolA.id, YEAR, '10A3')).map((m) => m.personId)).to.deep.equal([student.id]);
    expect(await membershipsOfClass(schoolA.id, YEAR, '10A2')).to.deep.equal([]);
    expect((await namesOf()).map((c) => c[0])).to.deep.equal(['10A1', '10A3', 'CLB1']);

    expect((await post('/remove', { className: 'CLB1' })).status).to.equal(303);
    const page = await (await desk.get(`${list()}?year=${YEAR}&done=removed`)).text();
    expect(page).to.include('Đã xoá lớp.');
    expect(page).to.match(/<th scope="row">10A3<\/th><td>10<\/td><td>Thầy Nam<\/td><td>1<\/td>/);
    expect(page).not.to.include('CLB1');
  });

  it('copies last year’s list, keeping what the year has, and refuses when last year has none', async () => {
    const next = '2032-2033';
    await defineClasses([
      { orgId: schoolA.id, schoolYear: next, className: '10A1', grade: 10, homeroomTeacher: 'Cô Mới' },
    ]);
    const copied = await desk.request('POST', `${list()}/copy`, { form: { year: next, _csrf: desk.csrfToken! } });
    expect(copied.status).to.equal(200);
    expect(await copied.text()).to.include('Đã chép 1 lớp từ năm học trước.');
    expect(await namesOf(next)).to.deep.equal([
      ['10A1', 10, 'Cô Mới'],
      ['10A3', 10, null],
    ]);
    const none = await desk.request('POST', `${list()}/copy`, { form: { year: '2040-2041', _csrf: desk.csrfToken! } });
    expect(none.status).to.equal(409);
    expect(await none.text()).to.include('Năm học 2039-2040 không có lớp nào để chép.');
  });

  it('refuses a class-list row naming a class outside the defined list', async () => {
    const csv = 'Mã học sinh,Họ và tên,Lớp\nCL-10,Lê Thị Mai,10A1\nCL-11,Ngô Văn Tú,10A9\n';
    const res = await uploadClassList(desk, schoolA.id, YEAR, 'lop.csv', Buffer.from(csv));
    expect(res.status).to.equal(303);
    const preview = await (await desk.get(res.headers.get('location')!)).text();
    expect(preview).to.include('2 dòng: 1 hợp lệ, 1 bị từ chối.');
    expect(preview).to.include('lớp 10A9 không có trong danh sách lớp của trường năm học này');
  });

  it('is refused to another school’s librarian and to a student, and a bad year is a 400', async () => {
    const other = await signedIn(server.url, await person([{ org: schoolB, role: 'librarian' }]));
    await other.refreshCsrf();
    expect((await other.get(`${list()}?year=${YEAR}`)).status).to.equal(403);
    const foreignAdd = await other.request('POST', list(), {
      form: { year: YEAR, className: '12C9', _csrf: other.csrfToken! },
    });
    expect(foreignAdd.status).to.equal(403);
    const pupil = await signedIn(server.url, await person([{ org: schoolA, role: 'student' }]));
    await pupil.refreshCsrf();
    expect((await pupil.get(list())).status).to.equal(403);
    const pupilRemove = await pupil.request('POST', `${list()}/remove`, {
      form: { year: YEAR, className: '10A1', _csrf: pupil.csrfToken! },
    });
    expect(pupilRemove.status).to.equal(403);
    expect((await namesOf()).map((c) => c[0])).to.include('10A1');
    expect((await desk.get(`${list()}?year=2031`)).status).to.equal(400);
  });
});
