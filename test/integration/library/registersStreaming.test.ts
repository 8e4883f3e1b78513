/**
 * The individual register of a school with 2,000 copies stays streamed: the renderers write while
 * the cursor is still reading, and stop reading when nobody takes the bytes (so memory stays flat
 * however big the school); every PDF page repeats the column headers and carries its number, the
 * workbook prints its header row on every page; a download whose socket is destroyed half way
 * ends that download only, and the app goes on serving.
 */
import http from 'node:http';
import { Writable } from 'node:stream';
import { expect } from 'chai';
import type { Copy } from '../../../src/domain/copy.js';
import type { Organisation } from '../../../src/domain/organisation.js';
import type { IndividualRegisterLine } from '../../../src/domain/registers.js';
import { insertCopies } from '../../../src/models/copy.js';
import { individualRegisterDocument } from '../../../src/presenters/registers.js';
import { writeDocumentPdf } from '../../../src/services/render/documentPdf.js';
import { writeDocumentXlsx } from '../../../src/services/render/documentXlsx.js';
import { DownloadAborted } from '../../../src/services/render/streaming.js';
import { startTestServer, testContext, type TestServer } from '../../support/context.js';
import { signedIn, type Client } from '../../support/client.js';
import { organisation, person, printedTitle, province, type TestPerson } from '../../support/fixtures.js';
import { storedCopy } from '../../support/storedCopy.js';
import { pdfPages, sheets } from './registerFiles.js';

const COPIES = 2000;

/** A reader: takes every byte at once (`open`) or none past its buffer; notes how many rows were read at its first byte. */
class Tap extends Writable {
  bytes = 0;
  linesAtFirstBytes = -1;
  constructor(
    private readonly open: boolean,
    private readonly linesRead: () => number,
  ) {
    super({ highWaterMark: 16 * 1024 });
  }
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    if (this.bytes === 0) this.linesAtFirstBytes = this.linesRead();
    this.bytes += chunk.length;
    if (this.open) done();
  }
}

describe('registers: a 2,000-copy individual register is streamed', function () {
  this.timeout(600_000);
  let server: TestServer;
  let school: Organisation;
  let librarian: TestPerson;
  let client: Client;

  before(async () => {
    server = await startTestServer();
    school = await organisation('Trường THPT Phan Đình Phùng', (await province()).department);
    librarian = await person([{ org: school, role: 'librarian' }], 'Cô Thư');
    client = await signedIn(server.url, librarian);
    const title = await printedTitle(librarian.actor, school, {
      metadata: { title: 'Lịch sử Việt Nam – Tập một', creators: ['Trần Trọng Kim'] },
    });
    const batch = await testContext().services.registers.createIntakeBatch(librarian.actor, school.id, {
      date: '2025-09-05',
      source: 'state_budget',
      supplier: null,
      documentNumber: null,
      note: null,
    });
    const now = new Date();
    const copies: Copy[] = Array.from({ length: COPIES }, (_, i) =>
      storedCopy(
        {
          orgId: school.id,
          resourceId: title.id,
          batchId: batch.id,
          accessionNumber: `TK-${String(i + 1).padStart(5, '0')}`,
          barcode: `TK-${String(i + 1).padStart(5, '0')}`,
          source: 'state_budget',
          price: 45_000,
        },
        now,
      ),
    );
    for (let i = 0; i < COPIES; i += 500) await insertCopies(copies.slice(i, i + 500));
  });
  after(() => server.close());

  /** The register's document with its lines counted as the cursor yields them. */
  async function countedRegister() {
    const data = await testContext().services.registerReports.individual(librarian.actor, school.id);
    const read = { lines: 0 };
    async function* counted(): AsyncGenerator<IndividualRegisterLine> {
      for await (const line of data.lines) {
        read.lines++;
        yield line;
      }
    }
    return { read, document: individualRegisterDocument({ ...data, lines: counted() }, 'vi', '2026-01-15') };
  }

  for (const [format, render] of [
    ['XLSX', writeDocumentXlsx],
    ['PDF', writeDocumentPdf],
  ] as const)
    it(`${format}: bytes leave while the cursor reads, and reading stops while nobody takes them`, async () => {
      const { read, document } = await countedRegister();
      // The bytes must leave once rows are being read, not only after the last one.
      const tap = new Tap(true, () => read.lines);
      // A reader that takes nothing: the renderer must stop asking the cursor for rows.
      const stalledRun = (async () => {
        const other = await countedRegister();
        const stalled = new Tap(false, () => other.read.lines);
        const running = render(other.document, stalled);
        // Wait until the rows read stop moving (the renderer waits for its reader), however slow the machine.
        let heldAt = -1;
        for (let i = 0; i < 120 && (heldAt <= 0 || heldAt !== other.read.lines); i++) {
          heldAt = other.read.lines;
          await new Promise((r) => setTimeout(r, 1000));
        }
        await new Promise((r) => setTimeout(r, 2000));
        const stillAt = other.read.lines;
        stalled.destroy();
        await running.then(
          () => expect.fail('a download nobody read finished'),
          (err: unknown) => expect(err).to.be.instanceOf(DownloadAborted),
        );
        return { heldAt, stillAt };
      })();
      await render(document, tap);
      expect(read.lines).to.equal(COPIES);
      expect(tap.linesAtFirstBytes, 'rows read when the first bytes had left').to.be.below(COPIES);
      const { heldAt, stillAt } = await stalledRun;
      expect(heldAt, 'rows read for a reader that takes nothing').to.be.below(COPIES);
      expect(stillAt).to.equal(heldAt);
    });

  it('PDF: every page repeats the column headers and carries its number', async () => {
    const res = await client.get(`/library/schools/${school.id}/registers/individual.pdf`);
    expect(res.status).to.equal(200);
    const pages = await pdfPages(Buffer.from(await res.arrayBuffer()));
    expect(pages.length).to.be.above(20);
    pages.forEach((text, i) => {
      expect(text, `page ${i + 1}`).to.include(`Trang ${i + 1}`);
      if (!text.includes('TK-')) return; // the signature block's page, after the table
      expect(text, `page ${i + 1}`).to.include('Số ĐKCB');
      expect(text, `page ${i + 1}`).to.include('Tên sách');
    });
    expect(pages.filter((p) => p.includes('TK-')).length).to.be.above(20);
    const all = pages.join('\n');
    expect(all).to.include('TK-00001');
    expect(all).to.include('TK-02000');
    expect(all).to.include('Lịch sử Việt Nam – Tập một');
  });

  it('XLSX: one row per copy in accession order, the header row printed on every page', async () => {
    const res = await client.get(`/library/schools/${school.id}/registers/individual.xlsx`);
    const [sheet] = await sheets(Buffer.from(await res.arrayBuffer()));
    const header = sheet!.rows.findIndex((r) => r[1] === 'Số ĐKCB');
    const numbers = sheet!.rows
      .slice(header + 1)
      .map((r) => r[1])
      .filter((n) => typeof n === 'string' && n.startsWith('TK-'));
    expect(numbers.length).to.equal(COPIES);
    expect(numbers[0]).to.equal('TK-00001');
    expect(numbers.at(-1)).to.equal('TK-02000');
    const ExcelJS = (await import('exceljs')).default;
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(
      (await (
        await client.get(`/library/schools/${school.id}/registers/individual.xlsx`)
      ).arrayBuffer()) as ArrayBuffer,
    );
    expect(workbook.worksheets[0]!.pageSetup.printTitlesRow).to.equal(`${header + 1}:${header + 1}`);
    expect(workbook.worksheets[0]!.pageSetup.orientation).to.equal('landscape');
  });

  it('a socket destroyed mid-download ends that download only: the app goes on serving', async () => {
    for (const format of ['pdf', 'xlsx']) {
      const received = await new Promise<number>((resolve, reject) => {
        const req = http.get(
          `${server.url}/library/schools/${school.id}/registers/individual.${format}`,
          { headers: { cookie: client.cookieHeader } },
          (res) => {
            expect(res.statusCode).to.equal(200);
            res.once('data', (chunk: Buffer) => {
              req.destroy();
              resolve(chunk.length);
            });
          },
        );
        req.on('error', (err) => (req.destroyed ? undefined : reject(err)));
      });
      expect(received).to.be.above(0);
    }
    await new Promise((r) => setTimeout(r, 500));
    expect((await fetch(`${server.url}/healthz`)).status).to.equal(200);
    const again = await client.get(`/library/schools/${school.id}/registers/individual.pdf`);
    expect(again.status).to.equal(200);
    const text = (await pdfPages(Buffer.from(await again.arrayBuffer()))).join('\n');
    expect(text).to.include('TK-02000');
  });
});
