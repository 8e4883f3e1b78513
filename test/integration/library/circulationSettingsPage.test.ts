/**
 * The circulation settings page without JavaScript: a librarian sees the school's loan rules, saves
 * a changed table, a Tết closure and fines, sees them shown back and used by the desk's service; a
 * form with mistakes comes back with each error beside its field (Vietnamese, then English) and
 * saves nothing; a form based on an old version is refused with 409; another school's librarian and
 * a student are refused.
 */
import { expect } from 'chai';
import { startTestServer, testContext, type TestServer } from '../../support/context.js';
import { signedIn, type Client } from '../../support/client.js';
import { person, province, type TestPerson } from '../../support/fixtures.js';

/** The form as the page sends it after the librarian's changes (check boxes repeat a name). */
function filledForm(csrf: string, version: number, changes: [string, string][] = []): [string, string][] {
  const base: [string, string][] = [
    ['_csrf', csrf],
    ['version', String(version)],
    ['rules.0.patronType', '*'],
    ['rules.0.collectionCode', '*'],
    ['rules.0.maxItems', '4'],
    ['rules.0.loanDays', '10'],
    ['rules.0.renewals', '1'],
    ['rules.1.patronType', '*'],
    ['rules.1.collectionCode', 'SGK'],
    ['rules.1.maxItems', '15'],
    ['rules.1.loanDays', '0'],
    ['rules.1.renewals', '0'],
    ['rules.1.wholeSchoolYear', 'on'],
    // A row the librarian ticked to remove.
    ['rules.2.patronType', 'teacher'],
    ['rules.2.collectionCode', '*'],
    ['rules.2.maxItems', '10'],
    ['rules.2.loanDays', '30'],
    ['rules.2.renewals', '2'],
    ['rules.2.remove', 'on'],
    // The empty row to add a rule, used: reference books are read in the library only.
    ['rules.3.patronType', 'student'],
    ['rules.3.collectionCode', 'TK'],
    ['rules.3.maxItems', '0'],
    ['rules.3.loanDays', '0'],
    ['rules.3.renewals', '0'],
    ['calendar.closedWeekdays', '0'],
    ['calendar.closedWeekdays', '6'],
    ['calendar.closures.0.from', '2027-02-03'],
    ['calendar.closures.0.to', '2027-02-10'],
    ['calendar.closures.0.name', 'Nghỉ Tết Nguyên đán'],
    ['calendar.closures.1.from', '2026-11-20'],
    ['calendar.closures.1.to', ''],
    ['calendar.closures.1.name', 'Ngày Nhà giáo Việt Nam'],
    ['calendar.closures.2.from', ''],
    ['calendar.closures.2.to', ''],
    ['calendar.closures.2.name', ''],
    ['calendar.schoolYearEnds', '05-31'],
    ['holdPickupDays', '4'],
    ['maxHolds', '3'],
    ['lossPolicy', 'note'],
    ['fines.enabled', 'on'],
    ['fines.perDay', '1000'],
  ];
  const changed = new Map(changes);
  return [...base.filter(([k]) => !changed.has(k)), ...changes];
}

describe('pages: a school’s circulation settings (loan rules, closed days, holds, loss policy, fines)', function () {
  this.timeout(180_000);
  let server: TestServer;
  let world: Awaited<ReturnType<typeof province>>;
  let librarian: TestPerson;
  let desk: Client;
  let path: string;

  before(async () => {
    server = await startTestServer();
    world = await province();
    librarian = await person([{ org: world.schoolA, role: 'librarian' }], 'Cô Thư');
    desk = await signedIn(server.url, librarian);
    path = `/library/schools/${world.schoolA.id}/circulation`;
  });
  after(() => server.close());

  const post = (client: Client, form: [string, string][], headers: Record<string, string> = {}) =>
    client.request('POST', path, { form, headers });

  it('is linked from the library’s page and shows the default rules', async () => {
    const home = await (await desk.get(`/library/schools/${world.schoolA.id}`)).text();
    expect(home).to.contain(`href="${path}"`).and.contain('Quy định mượn trả, lịch nghỉ, tiền phạt');
    const res = await desk.get(path);
    expect(res.status).to.equal(200);
    const html = await res.text();
    expect(html).to.contain('Quy định mượn theo loại bạn đọc và kho sách');
    expect(html).to.match(/name="rules\.3\.collectionCode"[^>]*>.*<option value="SGK" selected>/s);
    expect(html).to.contain('name="version" value="0"');
    expect(html).to.match(/name="fines\.enabled">/);
  });

  it('comes back with each mistake beside its field, keeps what was typed and saves nothing', async () => {
    const res = await post(
      desk,
      filledForm(desk.csrfToken!, 0, [
        ['rules.3.maxItems', 'nhiều'],
        ['rules.0.loanDays', ''],
        ['holdPickupDays', '99'],
        ['calendar.closures.0.to', '2027-02-31'],
      ]),
    );
    expect(res.status).to.equal(400);
    const html = await res.text();
    expect(html).to.match(
      /name="rules\.3\.maxItems" value="nhiều"[^>]*>(<p[^>]*>[^<]*<\/p>)*<p class="field-error">Phải là một số\.<\/p>/,
    );
    expect(html).to.match(/name="rules\.0\.loanDays" value=""[^>]*><p class="field-error">Không được để trống\.<\/p>/);
    expect(html).to.match(/id="pickup-days-error">Không được lớn hơn 60\.<\/p>/);
    expect(html).to.match(
      /name="calendar\.closures\.0\.to" value="2027-02-31"[^>]*><p class="field-error">Ngày không hợp lệ/,
    );
    expect((await testContext().services.circulationSettings.settingsOf(world.schoolA.id)).version).to.equal(0);

    const backwards = await post(desk, filledForm(desk.csrfToken!, 0, [['calendar.closures.0.to', '2027-01-01']]));
    expect(backwards.status).to.equal(400);
    expect(await backwards.text()).to.match(
      /name="calendar\.closures\.0\.to" value="2027-01-01"[^>]*><p class="field-error">Ngày kết thúc phải sau ngày bắt đầu\.<\/p>/,
    );

    const english = await post(desk, filledForm(desk.csrfToken!, 0, [['maxHolds', 'five']]), {
      'accept-language': 'en',
    });
    expect(english.status).to.equal(400);
    expect(await english.text()).to.match(/id="max-holds-error">Must be a number\.<\/p>/);
  });

  it('saves the rules, a Tết closure and fines, shows them back, and the API reads them', async () => {
    const res = await post(desk, filledForm(desk.csrfToken!, 0));
    expect(res.status).to.equal(303);
    expect(res.headers.get('location')).to.equal(`${path}?saved=1`);
    const saved = await testContext().services.circulationSettings.settingsOf(world.schoolA.id);
    expect(saved.version).to.equal(1);
    expect(saved.rules).to.deep.equal([
      { patronType: '*', collectionCode: '*', maxItems: 4, loanDays: 10, renewals: 1, wholeSchoolYear: false },
      { patronType: '*', collectionCode: 'SGK', maxItems: 15, loanDays: 0, renewals: 0, wholeSchoolYear: true },
      { patronType: 'student', collectionCode: 'TK', maxItems: 0, loanDays: 0, renewals: 0, wholeSchoolYear: false },
    ]);
    expect(saved.calendar).to.deep.equal({
      closedWeekdays: [0, 6],
      closures: [
        { from: '2027-02-03', to: '2027-02-10', name: 'Nghỉ Tết Nguyên đán' },
        { from: '2026-11-20', to: '2026-11-20', name: 'Ngày Nhà giáo Việt Nam' },
      ],
      schoolYearEnds: '05-31',
    });
    expect(saved).to.include({ holdPickupDays: 4, maxHolds: 3, lossPolicy: 'note' });
    expect(saved.fines).to.deep.equal({ enabled: true, perDay: 1000, countDays: 'calendar' });

    const html = await (await desk.get(`${path}?saved=1`)).text();
    expect(html).to.contain('Đã lưu quy định mượn trả.').and.contain('name="version" value="1"');
    expect(html).to.contain('value="Nghỉ Tết Nguyên đán"').and.contain('value="2027-02-10"');
    expect(html).to.match(/name="calendar\.closedWeekdays" value="6" checked/);
    expect(html).to.match(/name="lossPolicy" value="note" checked/);
    expect(html).to.contain('name="fines.perDay" value="1000"').and.contain('Chỉ đọc tại chỗ');
    // The API reads the same settings the page saved.
    const api = (await (
      await desk.get(`/api/v1/library/organisations/${world.schoolA.id}/circulation-settings`)
    ).json()) as {
      version: number;
      rules: unknown[];
    };
    expect(api.version).to.equal(1);
    expect(api.rules).to.have.length(3);
  });

  it('refuses a form based on settings someone saved since (409), saying so', async () => {
    const stale = await post(desk, filledForm(desk.csrfToken!, 0, [['maxHolds', '9']]));
    expect(stale.status).to.equal(409);
    expect(await stale.text()).to.contain('value="9"');
    expect((await testContext().services.circulationSettings.settingsOf(world.schoolA.id)).maxHolds).to.equal(3);
  });

  it('refuses another school’s librarian and a student (403), changing nothing', async () => {
    const other = await signedIn(server.url, await person([{ org: world.schoolB, role: 'librarian' }]));
    const student = await signedIn(server.url, await person([{ org: world.schoolA, role: 'student' }]));
    for (const client of [other, student]) {
      expect((await client.get(path)).status).to.equal(403);
      expect((await post(client, filledForm(client.csrfToken!, 1, [['maxHolds', '50']]))).status).to.equal(403);
    }
    expect((await testContext().services.circulationSettings.settingsOf(world.schoolA.id)).maxHolds).to.equal(3);
  });
});
