/**
 * A request arriving tells the lending school's librarians, in the app and by e-mail (Vietnamese,
 * then English) through a real SMTP server on loopback; nobody else of either school is told. The
 * librarian sees the notice on their page.
 */
import { expect } from 'chai';
import { noticesOf } from '../../../src/models/notice.js';
import { createMailer } from '../../../src/services/mailer.js';
import { InterLibraryService } from '../../../src/services/library/interLibrary.js';
import { InterLibraryNotices } from '../../../src/services/library/interLibraryNotices.js';
import { startTestServer, testContext } from '../../support/context.js';
import { signedIn } from '../../support/client.js';
import { person, printedTitle, province } from '../../support/fixtures.js';
import { addPrintedCopies } from '../../support/printedCopies.js';
import { startSmtpCapture, type SmtpCapture } from '../../support/smtpCapture.js';

describe('inter-library notices to the lending school’s librarians (real database, real SMTP)', function () {
  this.timeout(120_000);
  let smtp: SmtpCapture;

  before(async () => {
    smtp = await startSmtpCapture();
  });
  after(() => smtp.close());

  it('tells each librarian of the lending school, in the app and by e-mail, and no one else', async () => {
    const services = testContext().services;
    const mailer = createMailer(smtp.url, 'thuvien@so.example.edu.vn', services.log);
    const interLibrary = new InterLibraryService(
      services.tree,
      services.resources,
      services.copies,
      services.holdings,
      new InterLibraryNotices(services.accounts, services.search, services.tree, mailer),
    );
    const { schoolA, schoolB } = await province();
    const [librarian1, librarian2, teacherA, librarianB] = await Promise.all([
      person([{ org: schoolA, role: 'librarian' }], 'Cô Thu'),
      person([{ org: schoolA, role: 'librarian' }], 'Thầy Nam'),
      person([{ org: schoolA, role: 'teacher' }], 'Cô giáo A'),
      person([{ org: schoolB, role: 'librarian' }], 'Thủ thư B'),
    ]);
    const student = await person([{ org: schoolB, role: 'student' }], 'Em Bình');
    const title = await printedTitle(librarian1.actor, schoolA, { metadata: { title: 'Vợ nhặt' } });
    await addPrintedCopies(librarian1.actor, schoolA.id, title.id, 1);

    await interLibrary.request(student.actor, {
      resourceId: title.id,
      borrowingOrgId: schoolB.id,
      lendingOrgId: schoolA.id,
      note: null,
    });

    for (const librarian of [librarian1, librarian2]) {
      const notices = await noticesOf(librarian.id);
      expect(notices.map((n) => n.kind)).to.deep.equal(['interlibrary_arrived']);
      expect(notices[0]!.params).to.include({
        title: 'Vợ nhặt',
        reader: 'Em Bình',
        borrowingSchool: schoolB.name,
        lendingSchool: schoolA.name,
      });
      const mail = smtp.received.find((m) => m.to.includes(`${librarian.username}@example.edu.vn`));
      expect(mail, `an e-mail to ${librarian.username}`).to.not.equal(undefined);
      const body = mail!.data.replace(/=\r?\n/g, '');
      expect(body).to.match(/^Subject: =\?UTF-8\?/m);
      expect(body).to.contain('Dear ').and.contain('asks to borrow');
    }
    for (const other of [teacherA, librarianB, student]) expect(await noticesOf(other.id)).to.deep.equal([]);
    expect(smtp.received.flatMap((m) => m.to)).to.have.members([
      `${librarian1.username}@example.edu.vn`,
      `${librarian2.username}@example.edu.vn`,
    ]);

    // The librarian's own page shows the notice in their language.
    const server = await startTestServer();
    try {
      const page = await signedIn(server.url, librarian1);
      const html = await (await page.get('/my/loans')).text();
      expect(html).to.contain('Em Bình (' + schoolB.name + ') xin mượn «Vợ nhặt».');
    } finally {
      await server.close();
    }
  });
});
