/**
 * A librarian's page for one patron, without JavaScript: card, class and class history, current
 * loans with due and overdue days, holds, fines, a paged history; renewing, taking back damaged and
 * settling a fine by forms, each once (the second post of one act is a 409 saying why); the desk's
 * scan answer names the patron's class and the desk and overdue list link to the page; another
 * school's librarian and a student are refused.
 */
import { expect } from 'chai';
import { saveClassMembership } from '../../../src/models/classMembership.js';
import { HISTORY_PAGE } from '../../../src/services/library/patronRecord.js';
import { startTestServer, testContext, type TestServer } from '../../support/context.js';
import { signedIn, type Client } from '../../support/client.js';
import { changeCirculation, deskSchool, lentCopies, type DeskSchool } from '../../support/deskSchool.js';
import { person, type TestPerson } from '../../support/fixtures.js';

const DAY = 86_400_000;

describe('pages: a librarian’s page for one patron', function () {
  this.timeout(240_000);
  let server: TestServer;
  let school: DeskSchool;
  let world: DeskSchool['world'];
  let librarian: TestPerson;
  let reader: TestPerson;
  let desk: Client;
  let path: string;

  before(async () => {
    server = await startTestServer();
    school = await deskSchool(server.url, { reader: 'Em Hoa', title: 'Tắt đèn' });
    ({ world, librarian, reader, desk } = school);
    path = `/library/schools/${world.schoolA.id}/patrons/${reader.id}`;
    for (const [schoolYear, className] of [
      ['2024-2025', '8A2'],
      ['2025-2026', '9A2'],
    ] as const)
      await saveClassMembership({
        personId: reader.id,
        orgId: world.schoolA.id,
        schoolYear,
        grade: Number(className[0]),
        className,
        studentCode: 'HS-HOA',
        outcome: 'enrolled',
        updatedAt: new Date(),
      });
    await changeCirculation(school, (current) => ({
      rules: current.rules.map((r) => ({ ...r, maxItems: 100 })),
      fines: { enabled: true, perDay: 500 },
    }));
    await testContext().services.patrons.cardOf(librarian.actor, world.schoolA.id, reader.id);
  });
  after(() => server.close());

  const lent = async (count: number, daysAgo = 0) => (await lentCopies(school, count, daysAgo)).map((l) => l.loan);
  const form = (client: Client, to: string, fields: Record<string, string> = {}) =>
    client.request('POST', to, { form: { _csrf: client.csrfToken!, ...fields } });

  it('shows the card, the class and its history, loans with overdue days, and pages the history', async () => {
    const { circulation } = testContext().services;
    const old = await lent(HISTORY_PAGE + 2);
    for (const loan of old) await circulation.checkInCopy(librarian.actor, world.schoolA.id, loan.copyId);
    const [late] = await lent(1, 25);
    const res = await desk.get(path);
    expect(res.status).to.equal(200);
    const html = await res.text();
    expect(html)
      .to.contain('Bạn đọc Em Hoa')
      .and.match(/Số thẻ thư viện<\/dt>\s*<dd>[A-Z0-9-]*\d+/);
    expect(html).to.contain('9A2').and.contain('2024-2025').and.contain('8A2');
    const due = late!.dueDate;
    const today = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
    const days = Math.round((Date.parse(today) - Date.parse(due)) / DAY);
    expect(html).to.contain(`${due.slice(8, 10)}/${due.slice(5, 7)}/${due.slice(0, 4)}`);
    expect(html).to.contain(`<strong class="field-error">${days}</strong>`);
    const historyRows = (page: string) =>
      (/id="patron-history">([\s\S]*?)<\/table>/.exec(page)?.[1] ?? '').split('<tr>').length - 2;
    expect(historyRows(html)).to.equal(HISTORY_PAGE);
    expect(html).to.contain('href="?page=2"');
    const second = await (await desk.get(`${path}?page=2`)).text();
    expect(historyRows(second)).to.equal(2);
    expect(second).to.not.contain('rel="next"');
    // Linked from the desk (no-JS render) and named with the class in the desk's scan answer.
    const deskPage = await (await desk.get(`/library/schools/${world.schoolA.id}/desk?patron=${reader.id}`)).text();
    expect(deskPage).to.contain(`href="${path}"`);
    const { number } = await testContext().services.patrons.cardOf(librarian.actor, world.schoolA.id, reader.id);
    const scan = await desk.post(`/api/v1/library/organisations/${world.schoolA.id}/desk/scan`, { code: number });
    const answer = (await scan.json()) as { patron: { className: string; classLine: string } };
    expect(answer.patron.className).to.equal('9A2');
    expect(answer.patron.classLine).to.contain('9A2');
  });

  it('renews, takes back damaged with a fine for the late days, and settles the fine, each once', async () => {
    const [onTime] = await lent(1);
    const renewPath = `${path}/loans/${onTime!.id}/renew`;
    const renewed = await form(desk, renewPath);
    expect(renewed.status).to.equal(303);
    expect(await (await desk.get(renewed.headers.get('location')!)).text()).to.contain('Đã gia hạn.');

    const [late] = await lent(1, 30);
    const returnPath = `${path}/loans/${late!.id}/return`;
    const missingNote = await form(desk, returnPath, { damaged: 'on' });
    expect(missingNote.status).to.equal(400);
    expect(await missingNote.text()).to.contain('Ghi rõ sách bị hỏng thế nào.');
    const back = await form(desk, returnPath, { damaged: 'on', note: 'Bong gáy' });
    expect(back.status).to.equal(303);
    const again = await form(desk, returnPath, { damaged: 'on', note: 'Bong gáy' });
    expect(again.status).to.equal(409);
    expect(await again.text()).to.contain('Lượt mượn này đã kết thúc');
    expect((await testContext().services.copies.load(librarian.actor, late!.copyId)).status).to.equal('damaged');

    const html = await (await desk.get(path)).text();
    expect(html).to.contain('Tiền phạt quá hạn').and.contain('Chưa nộp');
    const settle = /action="([^"]+\/charges\/[0-9a-f]{24}\.fine\/settle)"[\s\S]*?name="version" value="(\d+)"/.exec(
      html,
    )!;
    const paid = await form(desk, settle[1]!, { version: settle[2]!, status: 'paid', note: 'Phiếu thu 7' });
    expect(paid.status).to.equal(303);
    const twice = await form(desk, settle[1]!, { version: settle[2]!, status: 'paid', note: 'Phiếu thu 7' });
    expect(twice.status).to.equal(409);
    expect(await twice.text()).to.contain('Khoản này đã được ghi nhận trước đó');
    expect(await (await desk.get(path)).text())
      .to.contain('Đã nộp')
      .and.contain('Phiếu thu 7');
  });

  it('refuses another school’s librarian (403) and a student (403)', async () => {
    const other = await signedIn(server.url, await person([{ org: world.schoolB, role: 'librarian' }]));
    const student = await signedIn(server.url, reader);
    for (const client of [other, student]) expect((await client.get(path)).status).to.equal(403);
    expect((await desk.get(`/library/schools/${world.schoolA.id}/patrons/${librarian.id}`)).status).to.equal(200);
    const stranger = await person([{ org: world.schoolB, role: 'student' }]);
    expect((await desk.get(`/library/schools/${world.schoolA.id}/patrons/${stranger.id}`)).status).to.equal(404);
  });
});
