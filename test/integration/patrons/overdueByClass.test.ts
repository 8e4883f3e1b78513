/**
 * The overdue list per class over real HTTP on the real database (page and API), and the reminder
 * slips as an A4 PDF read back with pdftotext (poppler-utils): each reader's slip names the school,
 * the reader, their class and each overdue book; another school's librarian gets nothing.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { saveClassMembership } from '../../../src/models/classMembership.js';
import { signedIn } from '../../support/client.js';
import { startTestServer, testContext, type TestServer } from '../../support/context.js';
import { person, printedTitle, province } from '../../support/fixtures.js';

async function pdfText(pdf: Buffer): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'slips-'));
  try {
    await fs.writeFile(path.join(dir, 'slips.pdf'), pdf);
    const { stdout } = await promisify(execFile)('pdftotext', ['-layout', path.join(dir, 'slips.pdf'), '-']);
    return stdout;
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

describe('pages and API: overdue books by class and reminder slips', function () {
  this.timeout(180_000);
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  it('groups overdue loans by class and prints one slip per reader', async () => {
    const { schoolA, schoolB } = await province();
    const librarian = await person([{ org: schoolA, role: 'librarian' }], 'Cô Thư');
    const { copies, circulation } = testContext().services;
    const title = await printedTitle(librarian.actor, schoolA, { metadata: { title: 'Dế Mèn phiêu lưu ký' } });
    const added = await copies.add(librarian.actor, title.id, {
      orgId: schoolA.id,
      collection: 'TK',
      location: 'KHO',
      numbering: { count: 3 },
      batch: { date: '2025-09-05', source: 'purchase', supplier: null, documentNumber: null, note: null },
      price: null,
      volume: null,
      note: null,
    });
    const readers = [
      ['Nguyễn Văn An', '10A1'],
      ['Trần Thị Bình', '11B'],
      ['Thầy Cường', null],
    ] as const;
    const monthAgo = new Date(Date.now() - 40 * 86_400_000);
    for (const [i, [name, className]] of readers.entries()) {
      const reader = await person([{ org: schoolA, role: className ? 'student' : 'teacher' }], name);
      const year = await testContext().services.schoolClasses.currentYear(schoolA.id);
      if (className)
        await saveClassMembership({
          personId: reader.id,
          orgId: schoolA.id,
          schoolYear: year,
          grade: Number(className.slice(0, 2)),
          className,
          studentCode: `OD${i}`,
          outcome: 'enrolled',
          updatedAt: new Date(),
        });
      await circulation.checkOut(
        librarian.actor,
        schoolA.id,
        { patronId: reader.id, barcode: added.copies[i]!.barcode },
        monthAgo,
      );
    }
    const desk = await signedIn(server.url, librarian);

    const api = await desk.get(`/api/v1/library/organisations/${schoolA.id}/overdues/by-class`);
    expect(api.status).to.equal(200);
    const body = (await api.json()) as { classes: { className: string | null; readers: { patronName: string }[] }[] };
    expect(body.classes.map((c) => [c.className, c.readers.map((r) => r.patronName)])).to.deep.equal([
      ['10A1', ['Nguyễn Văn An']],
      ['11B', ['Trần Thị Bình']],
      [null, ['Thầy Cường']],
    ]);
    const one = await desk.get(`/api/v1/library/organisations/${schoolA.id}/overdues/by-class?class=10a1`);
    expect(((await one.json()) as { classes: unknown[] }).classes).to.have.length(1);

    const page = await (await desk.get(`/library/schools/${schoolA.id}/overdues`)).text();
    expect(page).to.include('Dế Mèn phiêu lưu ký');
    expect(page).to.include('Chưa xếp lớp (giáo viên, nhân viên…)');

    const res = await desk.get(`/library/schools/${schoolA.id}/overdues/slips.pdf`);
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.equal('application/pdf');
    const text = await pdfText(Buffer.from(await res.arrayBuffer()));
    expect(text.match(/PHIẾU NHẮC TRẢ SÁCH/g)).to.have.length(3);
    expect(text.match(/Trường THCS A/g)).to.have.length(3);
    for (const line of [
      'Họ và tên: Nguyễn Văn An',
      'Lớp: 10A1 — Năm học',
      'Họ và tên: Thầy Cường',
      'Dế Mèn phiêu lưu ký',
    ])
      expect(text).to.include(line);
    const classOnly = await pdfText(
      Buffer.from(await (await desk.get(`/library/schools/${schoolA.id}/overdues/slips.pdf?class=11B`)).arrayBuffer()),
    );
    expect(classOnly.match(/PHIẾU NHẮC TRẢ SÁCH/g)).to.have.length(1);
    expect(classOnly).to.include('Trần Thị Bình');

    const other = await signedIn(server.url, await person([{ org: schoolB, role: 'librarian' }]));
    expect((await other.get(`/library/schools/${schoolA.id}/overdues/slips.pdf`)).status).to.equal(403);
    expect((await other.get(`/api/v1/library/organisations/${schoolA.id}/overdues/by-class`)).status).to.equal(403);
  });
});
