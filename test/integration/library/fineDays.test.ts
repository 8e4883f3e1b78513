/**
 * Fines by open days, on the real database and over HTTP: the circulation settings page saves the
 * school's choice (calendar days, the default, or open days only), refuses an unknown choice beside
 * its field, and a late return over Tết and a weekend is then fined for the open days only.
 */
import { expect } from 'chai';
import type { Copy } from '../../../src/domain/copy.js';
import { startTestServer, testContext, type TestServer } from '../../support/context.js';
import type { Client } from '../../support/client.js';
import { deskSchool, type DeskSchool } from '../../support/deskSchool.js';
import type { TestPerson } from '../../support/fixtures.js';
import { addPrintedCopies } from '../../support/printedCopies.js';

describe('fines counted by open days only (a school’s choice)', function () {
  this.timeout(180_000);
  let server: TestServer;
  let world: DeskSchool['world'];
  let librarian: TestPerson;
  let reader: TestPerson;
  let desk: Client;
  let titleId: string;
  let path: string;

  before(async () => {
    server = await startTestServer();
    ({ world, librarian, reader, desk, titleId } = await deskSchool(server.url, {
      reader: 'Em Mai',
      title: 'Chí Phèo',
    }));
    path = `/library/schools/${world.schoolA.id}/circulation`;
  });
  after(() => server.close());

  /** The settings form as the page sends it: closed at weekends and for Tết 2027, fines on. */
  const form = (version: number, countDays: string): [string, string][] => [
    ['_csrf', desk.csrfToken!],
    ['version', String(version)],
    ['rules.0.patronType', '*'],
    ['rules.0.collectionCode', '*'],
    ['rules.0.maxItems', '5'],
    ['rules.0.loanDays', '14'],
    ['rules.0.renewals', '1'],
    ['calendar.closedWeekdays', '0'],
    ['calendar.closedWeekdays', '6'],
    ['calendar.closures.0.from', '2027-02-03'],
    ['calendar.closures.0.to', '2027-02-12'],
    ['calendar.closures.0.name', 'Nghỉ Tết Nguyên đán'],
    ['calendar.schoolYearEnds', '05-31'],
    ['holdPickupDays', '3'],
    ['maxHolds', '3'],
    ['lossPolicy', 'replacement'],
    ['fines.enabled', 'on'],
    ['fines.perDay', '1000'],
    ['fines.countDays', countDays],
  ];

  it('shows "calendar days" by default, refuses an unknown choice and saves "open days only"', async () => {
    const shown = await (await desk.get(path)).text();
    expect(shown).to.contain('Tính tiền phạt theo');
    expect(shown).to.match(/name="fines\.countDays" value="calendar" checked/);

    const wrong = await desk.request('POST', path, { form: form(0, 'weekly') });
    expect(wrong.status).to.equal(400);
    expect(await wrong.text()).to.match(/name="fines\.countDays" value="open"[^]*?<p class="field-error">[^<]+<\/p>/);
    expect((await testContext().services.circulationSettings.settingsOf(world.schoolA.id)).version).to.equal(0);

    const saved = await desk.request('POST', path, { form: form(0, 'open') });
    expect(saved.status).to.equal(303);
    const settings = await testContext().services.circulationSettings.settingsOf(world.schoolA.id);
    expect(settings.fines).to.deep.equal({ enabled: true, perDay: 1000, countDays: 'open' });
    expect(await (await desk.get(path)).text()).to.match(/name="fines\.countDays" value="open" checked/);
    const api = (await (
      await desk.get(`/api/v1/library/organisations/${world.schoolA.id}/circulation-settings`)
    ).json()) as {
      fines: { countDays: string };
    };
    expect(api.fines.countDays).to.equal('open');
  });

  it('fines a return over Tết and a weekend for the open days only', async () => {
    const { circulation } = testContext().services;
    const [copy] = (await addPrintedCopies(librarian.actor, world.schoolA.id, titleId, 1)) as [Copy];
    await circulation.checkOut(
      librarian.actor,
      world.schoolA.id,
      { patronId: reader.id, barcode: copy.barcode, dueDate: '2027-02-01' },
      new Date('2027-01-18T02:00:00Z'),
    );
    // Back on Monday 15 February: Tuesday 2 February and the day itself were open, the rest Tết and a weekend.
    const back = await circulation.checkIn(
      librarian.actor,
      world.schoolA.id,
      copy.barcode,
      new Date('2027-02-15T03:00:00Z'),
    );
    expect(back.fine).to.include({ kind: 'fine', lateDays: 2, amount: 2000, status: 'owed' });
    const charges = await testContext().services.deskCharges.ofPatron(librarian.actor, world.schoolA.id, reader.id);
    expect(charges.map((c) => [c.kind, c.lateDays, c.amount])).to.deep.equal([['fine', 2, 2000]]);
  });
});
