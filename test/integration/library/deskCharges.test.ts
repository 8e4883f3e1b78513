/**
 * Lost and damaged copies and fines at the desk, on the real database and over HTTP: a copy coming
 * back damaged is set aside with its note and history; a late return is fined only once the school
 * turned fines on, and the fine is settled (paid or waived) once, with who and when; a lost copy
 * follows the school's loss policy (a replacement owed and received, or a note). Two clicks on the
 * same act give one 200 and one 409 that changes nothing.
 */
import { expect } from 'chai';
import { startTestServer, testContext, type TestServer } from '../../support/context.js';
import { signedIn, type Client } from '../../support/client.js';
import { changeCirculation, deskSchool, lentCopies, type DeskSchool } from '../../support/deskSchool.js';
import { person, type TestPerson } from '../../support/fixtures.js';

const DAY = 86_400_000;

interface ChargeJson {
  id: string;
  loanId: string;
  amount: number;
  lateDays: number;
  owed: boolean;
  kind: { code: string };
  status: { code: string; label: string };
  settledBy: string | null;
  settledAt: string;
}
interface ReturnJson {
  copy: { status: { code: string } };
  loan: { status: { code: string } };
  fine: ChargeJson | null;
}

describe('desk: lost and damaged copies, fines and replacements', function () {
  this.timeout(180_000);
  let server: TestServer;
  let school: DeskSchool;
  let world: DeskSchool['world'];
  let librarian: TestPerson;
  let reader: TestPerson;
  let desk: Client;

  before(async () => {
    server = await startTestServer();
    school = await deskSchool(server.url, { reader: 'Em Lan', title: 'Dế Mèn phiêu lưu ký' });
    ({ world, librarian, reader, desk } = school);
  });
  after(() => server.close());

  async function lent(daysAgo = 0): Promise<{ loanId: string; copyId: string; barcode: string }> {
    const { loan, copy } = (await lentCopies(school, 1, daysAgo))[0]!;
    return { loanId: loan.id, copyId: copy.id, barcode: copy.barcode };
  }

  const setPolicy = (change: { fines?: { enabled: boolean; perDay: number }; lossPolicy?: 'replacement' | 'note' }) =>
    changeCirculation(school, () => change);

  const copyOf = (id: string) => testContext().services.copies.load(librarian.actor, id);
  const returnLoan = (loanId: string, body: Record<string, unknown>) =>
    desk.post(`/api/v1/loans/${loanId}/return`, body);

  it('sets a copy back damaged with the note and its history; the second click is a 409 that changes nothing', async () => {
    const { loanId, copyId } = await lent();
    const noNote = await returnLoan(loanId, { damaged: true });
    expect(noNote.status).to.equal(400);
    expect(JSON.stringify(await noNote.json())).to.contain('Ghi rõ sách bị hỏng thế nào.');
    expect((await copyOf(copyId)).status).to.equal('on_loan');

    const [first, second] = await Promise.all([
      returnLoan(loanId, { damaged: true, note: 'Rách bìa, mất trang 12' }),
      returnLoan(loanId, { damaged: true, note: 'Rách bìa, mất trang 12' }),
    ]);
    expect([first.status, second.status].sort()).to.deep.equal([200, 409]);
    const ok = (first.status === 200 ? first : second).json() as Promise<ReturnJson>;
    const refused = (first.status === 200 ? second : first).text();
    const answer = await ok;
    expect(answer.copy.status.code).to.equal('damaged');
    expect(answer.loan.status.code).to.equal('returned');
    expect(answer.fine).to.equal(null);
    expect(await refused).to.contain('Lượt mượn này đã kết thúc');
    const copy = await copyOf(copyId);
    expect(copy.status).to.equal('damaged');
    const last = copy.history.at(-1)!;
    expect(last).to.include({ from: 'on_loan', to: 'damaged', note: 'Rách bìa, mất trang 12', actorId: librarian.id });
    expect(copy.history.filter((e) => e.to === 'damaged')).to.have.length(1);
  });

  it('fines a late return only once the school turned fines on, shows it at the desk, and settles it once', async () => {
    const early = await lent(20);
    const off = await desk.post(`/api/v1/library/organisations/${world.schoolA.id}/returns`, {
      barcode: early.barcode,
    });
    expect(((await off.json()) as { fine: unknown }).fine).to.equal(null);

    await setPolicy({ fines: { enabled: true, perDay: 2000 } });
    const late = await lent(20);
    const loan = await testContext().services.circulation.loansOf(librarian.actor, world.schoolA.id, reader.id);
    const due = loan.loans.find((l) => l.id === late.loanId)!.dueDate;
    const today = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
    const days = Math.round((Date.parse(today) - Date.parse(due)) / DAY);
    expect(days).to.be.greaterThan(0);
    // The desk's form without JavaScript, as a scanner types the barcode.
    const page = await desk.request('POST', `/library/schools/${world.schoolA.id}/desk`, {
      form: { _csrf: desk.csrfToken!, code: late.barcode, patronId: '' },
    });
    expect(page.status).to.equal(200);
    const amount = new Intl.NumberFormat('vi-VN').format(days * 2000);
    expect(await page.text()).to.contain(`Trả muộn ${days} ngày: tiền phạt ${amount} đ.`);

    const charges = async () =>
      (
        (await (
          await desk.get(`/api/v1/library/organisations/${world.schoolA.id}/patrons/${reader.id}/charges`)
        ).json()) as {
          charges: ChargeJson[];
        }
      ).charges;
    const fine = (await charges()).find((c) => c.loanId === late.loanId)!;
    expect(fine).to.deep.include({ amount: days * 2000, lateDays: days, owed: true });
    expect(fine.kind.code).to.equal('fine');
    expect(fine.status.label).to.equal('Chưa nộp');

    const settle = (status: string) =>
      desk.post(`/api/v1/desk-charges/${fine.id}/settle`, { status, note: 'Phiếu thu 15' });
    const [a, b] = await Promise.all([settle('paid'), settle('waived')]);
    expect([a.status, b.status].sort()).to.deep.equal([200, 409]);
    const settled = (await charges()).find((c) => c.id === fine.id)!;
    expect(settled.status.code).to.be.oneOf(['paid', 'waived']);
    expect(settled.settledBy).to.equal(librarian.id);
    expect(Date.now() - Date.parse(settled.settledAt)).to.be.lessThan(60_000);
    expect((await settle('paid')).status).to.equal(409);
    await setPolicy({ fines: { enabled: false, perDay: 0 } });
  });

  it('a lost copy under the replacement policy: a replacement owed, received once, the copy back on the shelf', async () => {
    await setPolicy({ lossPolicy: 'replacement' });
    const { loanId, copyId } = await lent();
    const [first, second] = await Promise.all([
      desk.post(`/api/v1/loans/${loanId}/lost`, {}),
      desk.post(`/api/v1/loans/${loanId}/lost`, {}),
    ]);
    expect([first.status, second.status].sort()).to.deep.equal([200, 409]);
    expect((await copyOf(copyId)).status).to.equal('lost');
    const { deskCharges } = testContext().services;
    const owed = (await deskCharges.ofPatron(librarian.actor, world.schoolA.id, reader.id)).find(
      (c) => c.loanId === loanId,
    )!;
    expect(owed).to.include({ kind: 'replacement', status: 'owed' });

    const wrong = await desk.post(`/api/v1/desk-charges/${owed.id}/settle`, { status: 'paid' });
    expect(wrong.status).to.equal(400);
    const received = await desk.post(`/api/v1/desk-charges/${owed.id}/settle`, {
      status: 'received',
      note: 'Bạn đọc đền cuốn cùng tên',
    });
    expect(received.status).to.equal(200);
    expect((await desk.post(`/api/v1/desk-charges/${owed.id}/settle`, { status: 'received' })).status).to.equal(409);
    const copy = await copyOf(copyId);
    expect(copy.status).to.equal('available');
    expect(copy.history.at(-1)).to.include({ from: 'lost', to: 'available', note: 'Bạn đọc đền cuốn cùng tên' });
  });

  it('a lost copy under the note policy: the note is required and nothing is owed', async () => {
    await setPolicy({ lossPolicy: 'note' });
    const { loanId, copyId } = await lent();
    const bare = await desk.post(`/api/v1/loans/${loanId}/lost`, {});
    expect(bare.status).to.equal(400);
    expect((await copyOf(copyId)).status).to.equal('on_loan');
    const noted = await desk.post(`/api/v1/loans/${loanId}/lost`, { note: 'Mất khi chuyển nhà' });
    expect(noted.status).to.equal(200);
    const { deskCharges } = testContext().services;
    const owed = await deskCharges.ofPatron(librarian.actor, world.schoolA.id, reader.id);
    expect(owed.filter((c) => c.loanId === loanId)).to.deep.equal([]);
    expect((await copyOf(copyId)).history.at(-1)).to.include({ to: 'lost', note: 'Mất khi chuyển nhà' });
  });

  it('refuses another school’s librarian and a student, changing nothing', async () => {
    const { loanId, copyId } = await lent();
    const other = await signedIn(server.url, await person([{ org: world.schoolB, role: 'librarian' }]));
    const student = await signedIn(server.url, reader);
    for (const client of [other, student]) {
      const res = await client.post(`/api/v1/loans/${loanId}/return`, { damaged: true, note: 'x' });
      expect(res.status).to.equal(403);
    }
    expect((await copyOf(copyId)).status).to.equal('on_loan');
  });
});
