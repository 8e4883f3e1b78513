/**
 * The desk's pages over HTTP without a browser: a reader's own page of loans (renewing by a form,
 * a renewal refused with the reason, cancelling a hold) and the desk's no-JavaScript form asking a
 * confirmation inline before lending a copy someone else waits for.
 */
import { expect } from 'chai';
import { startTestServer, testContext, type TestServer } from '../../support/context.js';
import { signedIn, type Client } from '../../support/client.js';
import { person, printedTitle, province, type TestPerson } from '../../support/fixtures.js';

describe('pages: my loans, and the desk form asking a confirmation', function () {
  this.timeout(180_000);
  let server: TestServer;
  let world: Awaited<ReturnType<typeof province>>;
  let librarian: TestPerson;
  let reader: TestPerson;
  let waiting: TestPerson;
  let barcodes: string[];
  let titleId: string;

  before(async () => {
    server = await startTestServer();
    world = await province();
    librarian = await person([{ org: world.schoolA, role: 'librarian' }], 'Cô Thư');
    reader = await person([{ org: world.schoolA, role: 'student' }], 'Em Lan');
    waiting = await person([{ org: world.schoolA, role: 'student' }], 'Em Minh');
    const title = await printedTitle(librarian.actor, world.schoolA, { metadata: { title: 'Lão Hạc' } });
    titleId = title.id;
    const added = await testContext().services.copies.add(librarian.actor, title.id, {
      orgId: world.schoolA.id,
      collection: 'TN',
      location: 'KHO',
      numbering: { count: 2 },
      batch: { date: '2025-09-05', source: 'donation', supplier: null, documentNumber: null, note: null },
      price: null,
      volume: null,
      note: null,
    });
    barcodes = added.copies.map((c) => c.barcode);
  });
  after(() => server.close());

  const form = (client: Client, path: string, fields: Record<string, string>) =>
    client.request('POST', path, { form: { _csrf: client.csrfToken!, ...fields } });

  it('shows a reader their loan, renews it by a form once, then says why not', async () => {
    const { circulation } = testContext().services;
    await circulation.checkOut(librarian.actor, world.schoolA.id, { patronId: reader.id, barcode: barcodes[0]! });
    const me = await signedIn(server.url, reader);
    const page = await (await me.get('/my/loans')).text();
    expect(page).to.contain('Sách tôi mượn').and.contain('Lão Hạc').and.contain(world.schoolA.name);
    const loanId = /action="\/my\/loans\/([0-9a-f]{24})\/renew"/.exec(page)![1]!;
    const renewed = await form(me, `/my/loans/${loanId}/renew`, {});
    expect(renewed.status).to.equal(200);
    expect(await renewed.text()).to.match(/Đã gia hạn, hạn trả mới \d{4}-\d{2}-\d{2}\./);
    const again = await form(me, `/my/loans/${loanId}/renew`, {});
    expect(again.status).to.equal(409);
    expect(await again.text()).to.contain('Không thể gia hạn lượt mượn này. Đã hết số lần gia hạn.');
    const api = (await (await me.get('/api/v1/me/loans')).json()) as { loans: { renewals: number }[] };
    expect(api.loans.map((l) => l.renewals)).to.deep.equal([1]);
  });

  it('asks the librarian inline, without JavaScript, before lending a copy another reader waits for', async () => {
    const { holds } = testContext().services;
    const hold = await holds.place(waiting.actor, world.schoolA.id, titleId, waiting.id);
    const desk = await signedIn(server.url, librarian);
    const deskPath = `/library/schools/${world.schoolA.id}/desk`;
    const asked = await form(desk, deskPath, { code: barcodes[1]!, patronId: reader.id });
    expect(asked.status).to.equal(409);
    const html = await asked.text();
    expect(html).to.contain('Cần cán bộ thư viện xác nhận trước khi cho mượn.');
    expect(html).to.contain('Bản sách đang được đặt trước cho bạn đọc khác. Vẫn cho mượn?');
    expect(html).to.contain('name="confirm" value="held_for_other"');
    const lent = await desk.request('POST', deskPath, {
      form: { _csrf: desk.csrfToken!, code: barcodes[1]!, patronId: reader.id, confirm: 'held_for_other' },
    });
    expect(lent.status).to.equal(200);
    expect(await lent.text()).to.contain('Đã cho mượn “Lão Hạc” (TN-00002)');
    // The reader who waits keeps their place for the next copy back.
    expect((await holds.queue(world.schoolA.id, titleId)).map((h) => h.id)).to.deep.equal([hold.id]);

    const me = await signedIn(server.url, waiting);
    expect(await (await me.get('/my/loans')).text()).to.contain('Đang chờ');
    expect((await form(me, `/my/holds/${hold.id}/cancel`, {})).status).to.equal(303);
    expect(await holds.queue(world.schoolA.id, titleId)).to.deep.equal([]);
  });
});
