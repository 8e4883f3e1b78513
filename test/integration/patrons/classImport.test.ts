/**
 * Class lists imported over real HTTP on the real database, as a librarian does without JavaScript:
 * upload (CSV, and XLSX with two sheets), preview with each bad row's number and reason, import the
 * good rows; the same file again changes nothing; a class the school did not define is refused;
 * another school's librarian reaches neither the classes nor the draft.
 */
import { expect } from 'chai';
import ExcelJS from 'exceljs';
import type { Organisation } from '../../../src/domain/organisation.js';
import { membershipsOfClass, membershipsOfPerson, peopleByStudentCodes } from '../../../src/models/classMembership.js';
import { findPerson } from '../../../src/models/person.js';
import { defineClasses } from '../../../src/models/schoolClass.js';
import { studentProfile } from '../../../src/models/studentProfile.js';
import { uploadClassList } from '../../support/classLists.js';
import { signedIn, type Client } from '../../support/client.js';
import { startTestServer, type TestServer } from '../../support/context.js';
import { person, province } from '../../support/fixtures.js';

const CSV = [
  'STT,Mã học sinh,Họ và tên,Ngày sinh,Giới tính,Lớp',
  '1,HS001,Nguyễn Văn An,05/09/2011,Nam,10A1',
  '2,HS002,Trần Thị Bình,12/01/2011,Nữ,10a1',
  '3,HS001,Lê Văn Chi,01/02/2011,Nam,10A2',
  '4,HS003,,01/02/2011,Nam,10A2',
  '5,HS004,Phạm Minh Dũng,31/02/2011,,11B',
  '6,HS005,Hoàng Thu Em,,Nữ,11B',
].join('\n');

/** Uploads a file and returns the preview page's address. */
async function draftOf(client: Client, orgId: string, year: string, name: string, bytes: Buffer): Promise<string> {
  const res = await uploadClassList(client, orgId, year, name, bytes);
  expect(res.status, await res.clone().text()).to.equal(303);
  return res.headers.get('location')!;
}

const rowProblems = (html: string) =>
  [...html.matchAll(/<tr class="refused" data-row="(\d+)">.*?<ul class="field-errors">(.*?)<\/ul>/gs)].map((m) => [
    Number(m[1]),
    [...m[2]!.matchAll(/<li>(.*?)<\/li>/g)].map((li) => li[1]),
  ]);

const resultText = (html: string) => /id="import-result">([^<]*)</.exec(html)?.[1];

describe('pages: class-list import', function () {
  this.timeout(180_000);
  let server: TestServer;
  let schoolA: Organisation;
  let schoolB: Organisation;
  let desk: Client;
  before(async () => {
    server = await startTestServer();
    ({ schoolA, schoolB } = await province());
    desk = await signedIn(server.url, await person([{ org: schoolA, role: 'librarian' }], 'Cô Thư'));
    await desk.refreshCsrf();
  });
  after(() => server.close());

  it('previews each bad row with its number and reason, imports the good ones, and changes nothing the second time', async () => {
    const preview = await draftOf(desk, schoolA.id, '2026-2027', 'lop.csv', Buffer.from(`\uFEFF${CSV}`));
    const page = await (await desk.get(preview)).text();
    expect(page).to.include('6 dòng: 3 hợp lệ, 3 bị từ chối.');
    expect(rowProblems(page)).to.deep.equal([
      [4, ['Mã học sinh: mã HS001 đã có ở dòng 2']],
      [5, ['Họ và tên: không được để trống']],
      [6, ['Ngày sinh: ngày 31/02/2011 không hợp lệ']],
    ]);
    const english = await (await desk.get(`${preview}?lang=en`)).text();
    expect(english).to.include('code HS001 is already on row 2');
    await desk.get(`${preview}?lang=vi`); // the language chosen is remembered: back to Vietnamese

    const form = {
      sheet: 'Sheet1',
      col_studentCode: '1',
      col_fullName: '2',
      col_birthDate: '3',
      col_gender: '4',
      col_className: '5',
    };
    const sheet = /name="sheet" value="([^"]*)"/.exec(page)![1]!;
    const run = async (url: string) =>
      resultText(await (await desk.request('POST', url, { form: { ...form, sheet, _csrf: desk.csrfToken! } })).text());
    expect(await run(preview)).to.equal(
      'Năm học 2026-2027: 3 học sinh mới, 0 cập nhật, 0 không thay đổi, 3 dòng bị từ chối.',
    );
    const codes = await peopleByStudentCodes(schoolA.id, ['HS001', 'HS002', 'HS005']);
    expect(codes.size).to.equal(3);
    const an = (await findPerson(codes.get('HS001')!))!;
    expect(an.displayName).to.equal('Nguyễn Văn An');
    expect(an.memberships).to.deep.equal([{ orgId: schoolA.id, role: 'student' }]);
    expect(await studentProfile(schoolA.id, an.id)).to.deep.include({ birthDate: '2011-09-05', gender: 'male' });
    expect((await membershipsOfClass(schoolA.id, '2026-2027', '10A1')).length).to.equal(2);

    // The draft is gone once imported; the same file uploaded again finds everyone as it left them.
    expect((await desk.get(preview)).status).to.equal(404);
    const again = await draftOf(desk, schoolA.id, '2026-2027', 'lop.csv', Buffer.from(CSV));
    expect(await run(again)).to.equal(
      'Năm học 2026-2027: 0 học sinh mới, 0 cập nhật, 3 không thay đổi, 3 dòng bị từ chối.',
    );
    expect((await peopleByStudentCodes(schoolA.id, ['HS001'])).get('HS001')).to.equal(an.id);
    expect(await membershipsOfPerson(schoolA.id, an.id)).to.have.length(1);

    // Another school's librarian: neither the classes nor a draft of school A.
    const other = await signedIn(server.url, await person([{ org: schoolB, role: 'librarian' }]));
    expect((await other.get(`/library/schools/${schoolA.id}/classes`)).status).to.equal(403);
    const foreignDraft = await draftOf(desk, schoolA.id, '2026-2027', 'lop.csv', Buffer.from(CSV));
    expect((await other.get(foreignDraft)).status).to.equal(403);
    expect((await other.get(foreignDraft.replace(schoolA.id, schoolB.id))).status).to.equal(404);
  });

  it('reads the chosen sheet of an XLSX file and refuses a class the school did not define', async () => {
    await defineClasses(
      ['6A', '6B'].map((className) => ({ orgId: schoolA.id, schoolYear: '2027-2028', className, grade: 6 })),
    );
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Ghi chú').addRow(['Danh sách lớp năm học 2027-2028']);
    const sheet = workbook.addWorksheet('Lớp 6');
    sheet.addRow(['Mã HS', 'Họ tên', 'Ngày sinh', 'Lớp']);
    sheet.addRow(['K6-01', 'Vũ Gia Huy', new Date(Date.UTC(2015, 3, 2)), '6A']);
    sheet.addRow(['K6-02', 'Đặng Khánh Linh', '2015-07-30', '6C']);
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
    const preview = await draftOf(desk, schoolA.id, '2027-2028', 'lop6.xlsx', bytes);
    const first = await (await desk.get(preview)).text();
    expect(first).to.include('Hãy chọn cột cho trường này.');
    const chosen = `${preview}?sheet=${encodeURIComponent('Lớp 6')}`;
    const page = await (await desk.get(chosen)).text();
    expect(rowProblems(page)).to.deep.equal([[3, ['Lớp: lớp 6C không có trong danh sách lớp của trường năm học này']]]);
    const form = { sheet: 'Lớp 6', col_studentCode: '0', col_fullName: '1', col_birthDate: '2', col_className: '3' };
    const res = await desk.request('POST', preview, { form: { ...form, _csrf: desk.csrfToken! } });
    expect(resultText(await res.text())).to.equal(
      'Năm học 2027-2028: 1 học sinh mới, 0 cập nhật, 0 không thay đổi, 1 dòng bị từ chối.',
    );
    const huy = (await peopleByStudentCodes(schoolA.id, ['k6-01'])).get('K6-01')!;
    expect(await studentProfile(schoolA.id, huy)).to.deep.include({ birthDate: '2015-04-02', gender: null });
  });

  it('refuses a file that is no spreadsheet, in the person’s language, and keeps nothing', async () => {
    const res = await uploadClassList(desk, schoolA.id, '2026-2027', 'lop.pdf', Buffer.from('%PDF-1.4'));
    expect(res.status).to.equal(400);
    expect(await res.text()).to.include('Chỉ nhận tệp .xlsx hoặc .csv.');
    const broken = await uploadClassList(desk, schoolA.id, '2026-2027', 'lop.xlsx', Buffer.from('not a zip'));
    expect(broken.status).to.equal(400);
    expect(await broken.text()).to.include('Không đọc được tệp');
  });
});
