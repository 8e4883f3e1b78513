/**
 * Damaged and lost straight from the desk's scan, on the real database and over HTTP: the choice
 * beside the scan field (good, damaged with a note, lost) goes with one scan through the same paths
 * as the patron's page (the note rules, the loss policy, a replacement owed) and the answer says
 * what was recorded; the next scan is a plain return again. Through the API and the no-JS form.
 */
import { expect } from 'chai';
import type { Copy } from '../../../src/domain/copy.js';
import { startTestServer, testContext, type TestServer } from '../../support/context.js';
import type { Client } from '../../support/client.js';
import { deskSchool, type DeskSchool } from '../../support/deskSchool.js';
import type { TestPerson } from '../../support/fixtures.js';
import { addPrintedCopies } from '../../support/printedCopies.js';

interface ScanJson {
  kind: string;
  recorded: string | null;
  returned: boolean | null;
  message: { tone: string; text: string };
  copy: { status: { code: string } } | null;
  loan: { status: { code: string } } | null;
}

describe('desk: damaged and lost from the scan field', function () {
  this.timeout(180_000);
  let server: TestServer;
  let world: DeskSchool['world'];
  let librarian: TestPerson;
  let reader: TestPerson;
  let desk: Client;
  let titleId: string;

  before(async () => {
    server = await startTestServer();
    ({ world, librarian, reader, desk, titleId } = await deskSchool(server.url, {
      reader: 'Em Lan',
      title: 'Tắt đèn',
    }));
  });
  after(() => server.close());

  async function lent(): Promise<Copy> {
    const [copy] = (await addPrintedCopies(librarian.actor, world.schoolA.id, titleId, 1)) as [Copy];
    await testContext().services.circulation.checkOut(librarian.actor, world.schoolA.id, {
      patronId: reader.id,
      barcode: copy.barcode,
    });
    return copy;
  }
  const scanPath = () => `/api/v1/library/organisations/${world.schoolA.id}/desk/scan`;
  const scan = (body: Record<string, unknown>) => desk.post(scanPath(), body);
  const copyOf = (id: string) => testContext().services.copies.load(librarian.actor, id);

  it('takes a copy back damaged with its note, once; without a note it is refused per field and nothing changes', async () => {
    const copy = await lent();
    const noNote = await scan({ code: copy.barcode, returnAs: 'damaged' });
    expect(noNote.status).to.equal(400);
    const problem = (await noNote.json()) as { error: { fields: { field: string; message: string }[] } };
    expect(problem.error.fields.map((f) => f.field)).to.deep.equal(['note']);
    expect((await copyOf(copy.id)).status).to.equal('on_loan');

    const res = await scan({ code: copy.barcode, returnAs: 'damaged', note: 'Ướt mấy trang cuối' });
    expect(res.status).to.equal(200);
    const answer = (await res.json()) as ScanJson;
    expect(answer).to.include({ kind: 'returned', recorded: 'damaged', returned: true });
    expect(answer.message.text).to.contain('ghi sách bị hỏng: Ướt mấy trang cuối');
    expect(answer.loan?.status.code).to.equal('returned');
    const damaged = await copyOf(copy.id);
    expect(damaged.status).to.equal('damaged');
    expect(damaged.history.at(-1)).to.include({ to: 'damaged', note: 'Ướt mấy trang cuối' });

    const again = await scan({ code: copy.barcode, returnAs: 'damaged', note: 'Ướt mấy trang cuối' });
    expect(again.status).to.equal(409);
    expect((await copyOf(copy.id)).history.filter((e) => e.to === 'damaged')).to.have.length(1);
  });

  it('records a copy lost while its reader is served: the loan ends lost and a replacement is owed', async () => {
    const copy = await lent();
    const res = await scan({ code: copy.barcode, patronId: reader.id, returnAs: 'lost', note: 'Để quên trên xe buýt' });
    expect(res.status).to.equal(200);
    const answer = (await res.json()) as ScanJson;
    expect(answer).to.include({ kind: 'returned', recorded: 'lost' });
    expect(answer.copy?.status.code).to.equal('lost');
    expect(answer.loan?.status.code).to.equal('lost');
    expect(answer.message.text).to.contain('Đã ghi mất').and.contain('đền một bản sách thay thế');
    const charges = await testContext().services.deskCharges.ofPatron(librarian.actor, world.schoolA.id, reader.id);
    expect(charges.filter((c) => c.copyId === copy.id).map((c) => c.kind)).to.deep.equal(['replacement']);

    // The next scan, with no choice sent, is a plain return: the copy is not on loan any more.
    const next = (await (await scan({ code: copy.barcode })).json()) as ScanJson;
    expect(next).to.include({ kind: 'returned', returned: false, recorded: 'good' });
  });

  it('says a copy not on loan cannot be recorded damaged or lost, changing nothing', async () => {
    const [copy] = (await addPrintedCopies(librarian.actor, world.schoolA.id, titleId, 1)) as [Copy];
    const res = await scan({ code: copy.barcode, returnAs: 'lost', note: 'x' });
    expect(res.status).to.equal(409);
    expect(((await res.json()) as { error: { message: string } }).error.message).to.contain('không đang được mượn');
    expect((await copyOf(copy.id)).status).to.equal('available');
  });

  it('works without JavaScript: the form records a damaged return and comes back set to "good"', async () => {
    const path = `/library/schools/${world.schoolA.id}/desk`;
    const copy = await lent();
    const post = (fields: Record<string, string>) =>
      desk.request('POST', path, { form: { _csrf: desk.csrfToken!, patronId: '', ...fields } });

    const refused = await post({ code: copy.barcode, returnAs: 'damaged', note: '' });
    expect(refused.status).to.equal(400);
    const refusedPage = await refused.text();
    expect(refusedPage).to.match(/id="desk-note-error">[^<]+</);
    expect(refusedPage).to.match(/value="damaged" checked/);
    expect((await copyOf(copy.id)).status).to.equal('on_loan');

    const done = await post({ code: copy.barcode, returnAs: 'damaged', note: 'Rách gáy' });
    expect(done.status).to.equal(200);
    const page = await done.text();
    expect(page).to.contain('ghi sách bị hỏng: Rách gáy');
    expect(page).to.match(/value="good" checked/);
    expect(page).not.to.match(/value="damaged" checked/);
    expect((await copyOf(copy.id)).status).to.equal('damaged');
  });
});
