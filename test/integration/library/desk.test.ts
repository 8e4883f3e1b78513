/**
 * The desk through the API over real HTTP on the real database: lending by barcode under the
 * school's rules and calendar, refusals that change nothing, two desks lending one copy at the
 * same moment, a return scanned twice, holds that take a returned copy aside, renewals, and one
 * school's patrons out of another school's reach.
 */
import { expect } from 'chai';
import { OpenApiCheck } from '../api/openApiCheck.js';
import { startTestServer, testContext, type TestServer } from '../../support/context.js';
import { signedIn, type Client } from '../../support/client.js';
import { person, printedTitle, province, type TestPerson } from '../../support/fixtures.js';
import { addDays, localDay } from '../../../src/domain/schoolCalendar.js';

interface ErrorBody {
  error: { code: string; message: string; fields?: { field: string; message: string }[] };
}
interface LoanBody {
  id: string;
  dueDate: string;
  status: { code: string };
  renewals: number;
  title: string;
}
interface CheckoutBody {
  loan: LoanBody;
  copy: { accessionNumber: string; status: { code: string } };
  patron: { displayName: string };
}

describe('API: the desk (loans, returns, holds, renewals)', function () {
  this.timeout(300_000);
  let server: TestServer;
  let check: OpenApiCheck;
  let world: Awaited<ReturnType<typeof province>>;
  let librarian: TestPerson;
  let desk: Client;
  let barcodes: string[];
  let titleId: string;
  const students: TestPerson[] = [];

  before(async () => {
    server = await startTestServer();
    check = new OpenApiCheck((await (await fetch(`${server.url}/api/v1/openapi.json`)).json()) as never);
    world = await province();
    librarian = await person([{ org: world.schoolA, role: 'librarian' }], 'Cô Thư');
    desk = await signedIn(server.url, librarian);
    for (const name of ['Nguyễn An', 'Trần Bình', 'Lê Chi', 'Phạm Dũng', 'Võ Em', 'Đỗ Giang'])
      students.push(await person([{ org: world.schoolA, role: 'student' }], name));
    const title = await printedTitle(librarian.actor, world.schoolA, {
      metadata: { title: 'Dế Mèn phiêu lưu ký', creators: ['Tô Hoài'] },
    });
    titleId = title.id;
    const added = await testContext().services.copies.add(librarian.actor, title.id, {
      orgId: world.schoolA.id,
      collection: 'TK',
      location: 'KHO',
      numbering: { count: 8 },
      batch: { date: '2025-09-05', source: 'purchase', supplier: null, documentNumber: null, note: null },
      price: 30_000,
      volume: null,
      note: null,
    });
    barcodes = added.copies.map((c) => c.barcode);
  });
  after(() => server.close());

  const lend = (client: Client, patron: TestPerson, barcode: string, confirm: string[] = []) =>
    client.post(`/api/v1/library/organisations/${world.schoolA.id}/checkouts`, {
      patronId: patron.id,
      barcode,
      confirm,
    });
  const giveBack = (client: Client, barcode: string) =>
    client.post(`/api/v1/library/organisations/${world.schoolA.id}/returns`, { barcode });
  const reasons = async (res: Response) => ((await res.json()) as ErrorBody).error.fields?.map((f) => f.field) ?? [];

  it('lends two copies with a due date off the closed days, and shows them on the patron’s loans', async () => {
    const settings = await desk.get(`/api/v1/library/organisations/${world.schoolA.id}/circulation-settings`);
    const body = (await settings.json()) as Record<string, unknown> & { version: number };
    check.answer('GET', '/library/organisations/{id}/circulation-settings', 200, body);
    const closed = { closedWeekdays: [0, 6], closures: [], schoolYearEnds: '05-31' };
    const saved = await desk.put(`/api/v1/library/organisations/${world.schoolA.id}/circulation-settings`, {
      ...body,
      calendar: closed,
      version: 0,
    });
    expect(saved.status).to.equal(200);

    const first = await lend(desk, students[0]!, barcodes[0]!);
    expect(first.status).to.equal(201);
    const lent = (await first.json()) as CheckoutBody;
    check.answer('POST', '/library/organisations/{id}/checkouts', 201, lent);
    expect(lent.copy).to.deep.include({
      accessionNumber: 'TK-00001',
      status: { code: 'on_loan', label: 'Đang cho mượn' },
    });
    expect(lent.loan.title).to.equal('Dế Mèn phiêu lưu ký');
    const today = localDay(new Date());
    expect(lent.loan.dueDate >= addDays(today, 14) && lent.loan.dueDate <= addDays(today, 16)).to.equal(true);
    expect([0, 6]).not.to.include(new Date(`${lent.loan.dueDate}T00:00:00Z`).getUTCDay());
    expect((await lend(desk, students[0]!, barcodes[1]!)).status).to.equal(201);

    const loans = await desk.get(`/api/v1/library/organisations/${world.schoolA.id}/patrons/${students[0]!.id}/loans`);
    const list = (await loans.json()) as { loans: LoanBody[] };
    check.answer('GET', '/library/organisations/{id}/patrons/{personId}/loans', 200, list);
    expect(list.loans.map((l) => l.status.code)).to.deep.equal(['active', 'active']);
  });

  it('refuses an unknown, a lent or a withdrawn copy and a loan over the limit, changing nothing', async () => {
    const unknown = await lend(desk, students[1]!, 'KHONG-CO-123');
    expect(unknown.status).to.equal(404);
    const lentAlready = await lend(desk, students[1]!, barcodes[0]!);
    expect(lentAlready.status).to.equal(409);
    const body = (await lentAlready.json()) as ErrorBody;
    check.answer('POST', '/library/organisations/{id}/checkouts', 409, body);
    expect(body.error.message).to.equal('Không thể cho mượn bản sách này.');
    expect(body.error.fields).to.deep.equal([{ field: 'block.copy_on_loan', message: 'Bản sách đang được cho mượn.' }]);

    const { copies } = testContext().services;
    const copy = await copies.byBarcode(librarian.actor, world.schoolA.id, barcodes[7]!);
    await copies.withdraw(librarian.actor, copy.id, copy.version, {
      record: { date: '2025-12-01', reason: 'worn', documentNumber: null, note: null },
      reason: null,
      note: null,
    });
    expect(await reasons(await lend(desk, students[1]!, barcodes[7]!))).to.deep.equal(['block.copy_withdrawn']);
    expect((await copies.byBarcode(librarian.actor, world.schoolA.id, barcodes[7]!)).status).to.equal('withdrawn');

    // Three loans is the default limit for a student: the fourth is refused.
    expect((await lend(desk, students[0]!, barcodes[2]!)).status).to.equal(201);
    expect(await reasons(await lend(desk, students[0]!, barcodes[3]!))).to.deep.equal(['block.limit_reached']);
    expect((await giveBack(desk, barcodes[2]!)).status).to.equal(200);
  });

  it('lets exactly one of several desks lend one copy at the same moment, and counts a double return once', async () => {
    const desks = await Promise.all(students.slice(1, 5).map(() => signedIn(server.url, librarian)));
    const answers = await Promise.all(desks.map((d, i) => lend(d, students[i + 1]!, barcodes[4]!)));
    const statuses = answers.map((r) => r.status).sort();
    expect(statuses).to.deep.equal([201, 409, 409, 409]);
    for (const r of answers.filter((a) => a.status === 409))
      expect(await reasons(r)).to.deep.equal(['block.copy_on_loan']);
    const { copies } = testContext().services;
    const copy = await copies.byBarcode(librarian.actor, world.schoolA.id, barcodes[4]!);
    expect(copy.status).to.equal('on_loan');
    expect(copy.history.filter((h) => h.to === 'on_loan')).to.have.length(1);

    const returns = await Promise.all(desks.slice(0, 2).map((d) => giveBack(d, barcodes[4]!)));
    const bodies = (await Promise.all(returns.map((r) => r.json()))) as { returned: boolean }[];
    check.answer('POST', '/library/organisations/{id}/returns', 200, bodies[0]);
    expect(bodies.map((b) => b.returned).sort()).to.deep.equal([false, true]);
    const again = (await (await giveBack(desk, barcodes[4]!)).json()) as {
      returned: boolean;
      copy: { status: { code: string } };
    };
    expect(again).to.deep.include({ returned: false });
    expect(again.copy.status.code).to.equal('available');
    const after = await copies.byBarcode(librarian.actor, world.schoolA.id, barcodes[4]!);
    expect(after.history.filter((h) => h.to === 'available')).to.have.length(1);
  });

  it('sets a returned copy aside for the first reader waiting, asks before lending it to another, and refuses renewals while someone waits', async () => {
    const [, waitingFirst, waitingSecond, other] = students;
    const reader = await signedIn(server.url, waitingFirst!);
    const placed = await reader.post(`/api/v1/library/organisations/${world.schoolA.id}/holds`, {
      resourceId: titleId,
    });
    expect(placed.status).to.equal(201);
    check.answer('POST', '/library/organisations/{id}/holds', 201, await placed.json());
    const second = await signedIn(server.url, waitingSecond!);
    expect(
      (await second.post(`/api/v1/library/organisations/${world.schoolA.id}/holds`, { resourceId: titleId })).status,
    ).to.equal(201);

    // students[0] holds copies 1 and 2: a renewal is refused while others wait.
    const { loans } = (await (
      await desk.get(`/api/v1/library/organisations/${world.schoolA.id}/patrons/${students[0]!.id}/loans`)
    ).json()) as { loans: LoanBody[] };
    const renew = await desk.post(`/api/v1/loans/${loans[0]!.id}/renew`, {});
    expect(renew.status).to.equal(409);
    expect(await reasons(renew)).to.deep.equal(['block.held_for_other']);

    const back = (await (await giveBack(desk, barcodes[0]!)).json()) as {
      returned: boolean;
      copy: { status: { code: string } };
      setAsideFor: { patronName: string; pickupBy: string };
    };
    expect(back.returned).to.equal(true);
    expect(back.copy.status.code).to.equal('held');
    expect(back.setAsideFor.patronName).to.equal('Trần Bình');

    const toOther = await lend(desk, other!, barcodes[0]!);
    expect(await reasons(toOther)).to.deep.equal(['confirm.held_for_other']);
    const toReader = await lend(desk, waitingFirst!, barcodes[0]!);
    expect(toReader.status).to.equal(201);
    const holdsOf = await testContext().services.holds.ofPatron(waitingFirst!.id);
    expect(holdsOf.map((h) => h.status)).to.deep.equal(['fulfilled']);
  });

  it('renews a loan from the reader’s own account up to the rule’s count', async () => {
    // Others wait for this title (the holds above): cancel them first, as the readers would.
    for (const h of await testContext().services.holds.queue(world.schoolA.id, titleId))
      await testContext().services.holds.cancel(librarian.actor, h.id);
    const reader = await signedIn(server.url, students[5]!);
    expect((await lend(desk, students[5]!, barcodes[5]!)).status).to.equal(201);
    const { loans } = (await (
      await reader.get(`/api/v1/library/organisations/${world.schoolA.id}/patrons/${students[5]!.id}/loans`)
    ).json()) as { loans: LoanBody[] };
    const renewed = await reader.post(`/api/v1/loans/${loans[0]!.id}/renew`, {});
    expect(renewed.status).to.equal(200);
    const body = (await renewed.json()) as LoanBody;
    check.answer('POST', '/loans/{id}/renew', 200, body);
    expect(body.renewals).to.equal(1);
    expect(await reasons(await reader.post(`/api/v1/loans/${loans[0]!.id}/renew`, {}))).to.deep.equal([
      'block.no_renewals_left',
    ]);
  });

  it('keeps one school’s desk and patrons out of another school’s reach', async () => {
    const otherLibrarian = await signedIn(
      server.url,
      await person([{ org: world.schoolB, role: 'librarian' }], 'Thầy Trường B'),
    );
    expect((await lend(otherLibrarian, students[1]!, barcodes[6]!)).status).to.equal(403);
    const peek = await otherLibrarian.get(
      `/api/v1/library/organisations/${world.schoolB.id}/patrons/${students[0]!.id}/loans`,
    );
    expect(peek.status).to.equal(404);
    const classmate = await signedIn(server.url, students[2]!);
    expect(
      (await classmate.get(`/api/v1/library/organisations/${world.schoolA.id}/patrons/${students[0]!.id}/loans`))
        .status,
    ).to.equal(404);
    expect((await lend(classmate, students[2]!, barcodes[6]!)).status).to.equal(403);
  });

  it('issues one card per patron even when asked twice at once, numbered per school; a scan of it serves the patron', async () => {
    const reader = students[3]!;
    const cardPath = `/api/v1/library/organisations/${world.schoolA.id}/patrons/${reader.id}/card`;
    const both = await Promise.all([desk.post(cardPath, {}), desk.post(cardPath, {})]);
    const cards = (await Promise.all(both.map((r) => r.json()))) as { number: string }[];
    check.answer('POST', '/library/organisations/{id}/patrons/{personId}/card', 200, cards[0]);
    expect(cards[0]!.number).to.match(/^TV\d{6}$/);
    expect(cards[1]!.number).to.equal(cards[0]!.number);

    const scanPath = `/api/v1/library/organisations/${world.schoolA.id}/desk/scan`;
    const served = await desk.post(scanPath, { code: ` ${cards[0]!.number.toLowerCase()} ` });
    const body = (await served.json()) as { kind: string; patron: { displayName: string }; message: { text: string } };
    check.answer('POST', '/library/organisations/{id}/desk/scan', 200, body);
    expect(body.kind).to.equal('patron');
    expect(body.message.text).to.equal('Đang phục vụ bạn đọc Phạm Dũng: 0 sách đang mượn. Quét mã sách để cho mượn.');
    const unknown = await desk.post(scanPath, { code: 'TV999999' });
    expect(unknown.status, 'a card number no one holds is no copy either').to.equal(404);
  });
});
