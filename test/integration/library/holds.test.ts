/**
 * Holds through the services on the real database, with notices sent to a real SMTP server on
 * loopback (smtp-server): a returned copy is set aside for the first reader waiting, who is told in
 * the app and by e-mail; a hold not collected by its pickup deadline expires and the copy passes to
 * the next reader, then back to the shelf when nobody waits.
 */
import { expect } from 'chai';
import { testContext } from '../../support/context.js';
import { person, printedTitle, province, type TestPerson } from '../../support/fixtures.js';
import { createMailer } from '../../../src/services/mailer.js';
import { HoldNotices } from '../../../src/services/library/holdNotices.js';
import { HoldService } from '../../../src/services/library/holds.js';
import { CirculationService } from '../../../src/services/library/circulation.js';
import { noticesOf } from '../../../src/models/notice.js';
import { startSmtpCapture, type SmtpCapture } from '../../support/smtpCapture.js';

describe('holds: the queue, notices by app and e-mail, expiry', function () {
  this.timeout(120_000);
  let smtp: SmtpCapture;

  before(async () => {
    smtp = await startSmtpCapture();
  });
  after(() => smtp.close());

  it('sets a returned copy aside for the first in the queue, tells them, and passes it on when not collected', async () => {
    const services = testContext().services;
    const mailer = createMailer(smtp.url, 'thuvien@truong.example.edu.vn', services.log);
    const holds = new HoldService(
      services.tree,
      services.circulationSettings,
      new HoldNotices(services.accounts, services.search, services.tree, mailer),
    );
    const circulation = new CirculationService(
      services.patrons,
      services.copies,
      services.librarySettings,
      services.circulationSettings,
      holds,
    );
    const { schoolA } = await province();
    const librarian = await person([{ org: schoolA, role: 'librarian' }]);
    const [borrower, first, second] = (await Promise.all(
      ['Em Một', 'Em Hai', 'Em Ba'].map((n) => person([{ org: schoolA, role: 'student' }], n)),
    )) as [TestPerson, TestPerson, TestPerson];
    const title = await printedTitle(librarian.actor, schoolA, { metadata: { title: 'Chiếc lược ngà' } });
    const { copies } = await services.copies.add(librarian.actor, title.id, {
      orgId: schoolA.id,
      collection: 'TK',
      location: 'KHO',
      numbering: { count: 1 },
      batch: { date: '2025-09-05', source: 'purchase', supplier: null, documentNumber: null, note: null },
      price: null,
      volume: null,
      note: null,
    });
    const barcode = copies[0]!.barcode;
    await circulation.checkOut(librarian.actor, schoolA.id, { patronId: borrower.id, barcode });
    const firstHold = await holds.place(first.actor, schoolA.id, title.id, first.id, new Date('2026-03-02T01:00:00Z'));
    const secondHold = await holds.place(
      second.actor,
      schoolA.id,
      title.id,
      second.id,
      new Date('2026-03-02T02:00:00Z'),
    );
    expect((await holds.queue(schoolA.id, title.id)).map((h) => h.id)).to.deep.equal([firstHold.id, secondHold.id]);

    // Returned on Thursday 12 March 2026: set aside for the first reader until Monday 16 (3 days, Sunday closed).
    const back = await circulation.checkIn(librarian.actor, schoolA.id, barcode, new Date('2026-03-12T03:00:00Z'));
    expect(back.setAsideFor).to.deep.include({ holdId: firstHold.id, patronName: 'Em Hai', pickupBy: '2026-03-16' });
    expect(back.copy.status).to.equal('held');
    const mail = smtp.received.find((m) => m.to.includes(`${first.username}@example.edu.vn`));
    expect(mail, 'an e-mail to the first reader').to.not.equal(undefined);
    expect(mail!.data).to.match(/^Subject: /m);
    const body = mail!.data.replace(/=\r?\n/g, '');
    expect(body).to.contain('=?UTF-8?');
    expect((await noticesOf(first.id)).map((n) => n.params)).to.deep.equal([
      { title: 'Chiếc lược ngà', school: schoolA.name, pickupBy: '2026-03-16' },
    ]);

    // Not collected by Monday: on Tuesday the hold expires, the copy goes to the second reader.
    expect(await circulation.expireHolds(new Date('2026-03-17T01:00:00Z'))).to.equal(1);
    const queue = await holds.ofPatron(second.id);
    expect(queue[0]).to.deep.include({ status: 'ready', copyId: copies[0]!.id, pickupBy: '2026-03-20' });
    expect((await holds.ofPatron(first.id))[0]!.status).to.equal('expired');
    expect(smtp.received.some((m) => m.to.includes(`${second.username}@example.edu.vn`))).to.equal(true);

    // Nobody else waits: the next expiry puts the copy back on the shelf.
    expect(await circulation.expireHolds(new Date('2026-03-21T01:00:00Z'))).to.equal(1);
    expect((await services.copies.find(copies[0]!.id))!.status).to.equal('available');
  });
});
