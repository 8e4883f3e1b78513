import { expect } from 'chai';
import { startTestServer, testContext, type TestServer } from '../../support/context.js';
import type { Organisation } from '../../../src/domain/organisation.js';
import type { Client } from '../../support/client.js';
import { organisation, person, printedTitle, province, type TestPerson } from '../../support/fixtures.js';
import { barcodesOnPage, textOnPages, type PlacedText } from '../../support/pdfRead.js';
import { unique } from '../../support/toolkit.js';
import { as, links, page, submit } from '../web/pages.js';

/**
 * Sheets as a label maker prints them (mm): first label's top-left corner, pitch, label size.
 * Written out here rather than read from config/label-sheets.json, so the test checks the PDF
 * against the paper, not the code against itself.
 */
const paper = {
  'a4-3x8': { columns: 3, rows: 8, left: 7.25, top: 12.9, pitchX: 66, pitchY: 33.9, width: 63.5, height: 33.9 },
  'a4-5x13': { columns: 5, rows: 13, left: 4.75, top: 10.7, pitchX: 40.6, pitchY: 21.2, width: 38.1, height: 21.2 },
};
type Paper = (typeof paper)[keyof typeof paper];

/** The label cell at `position` (from 1) of a sheet. */
function cell(sheet: Paper, position: number) {
  const row = Math.floor((position - 1) / sheet.columns);
  const column = (position - 1) % sheet.columns;
  const x = sheet.left + column * sheet.pitchX;
  const y = sheet.top + row * sheet.pitchY;
  return { x, y, right: x + sheet.width, bottom: y + sheet.height };
}
const inside = (c: ReturnType<typeof cell>, x: number, y: number) => x > c.x && x < c.right && y > c.y && y < c.bottom;
/** Which position of the sheet a point is on (0 when between labels). */
const positionAt = (sheet: Paper, x: number, y: number) => {
  for (let p = 1; p <= sheet.columns * sheet.rows; p++) if (inside(cell(sheet, p), x, y)) return p;
  return 0;
};
/** The whole of a text lies within one label. */
const textIn = (sheet: Paper, t: PlacedText) => {
  const p = positionAt(sheet, t.x, t.y);
  return p && positionAt(sheet, t.x + t.width, t.y) === p ? p : 0;
};

describe('labels: barcode and spine labels on A4 sheets, printed by a school library', function () {
  this.timeout(300_000);
  let server: TestServer;
  let world: Awaited<ReturnType<typeof province>>;
  let school: Organisation;
  let librarian: TestPerson;
  let copies: { id: string; accessionNumber: string; barcode: string }[];
  let batchId: string;

  before(async () => {
    server = await startTestServer();
    world = await province();
    school = await organisation(`Trường THCS Nguyễn Du – Hà Tĩnh ${unique('t')}`, world.department);
    librarian = await person([{ org: school, role: 'librarian' }], 'Cô Thư');
    const title = await printedTitle(librarian.actor, school, {
      metadata: { title: 'Truyện Kiều', creators: ['Nguyễn Du'] },
      print: { classification: { scheme: 'ddc', number: '895.9221' }, authorMark: 'NG-D' },
    });
    const added = await testContext().services.copies.add(librarian.actor, title.id, {
      orgId: school.id,
      collection: 'TK',
      location: 'KHO',
      numbering: { count: 7 },
      batch: { date: '2025-09-05', source: 'donation', supplier: null, documentNumber: null, note: null },
      price: null,
      volume: null,
      note: null,
    });
    copies = added.copies;
    batchId = added.batch.id;
  });
  after(async () => server.close());

  const labelsPath = () => `/library/schools/${school.id}/labels`;
  async function printed(client: Client, form: Record<string, string | string[]>): Promise<Buffer> {
    const res = await submit(client, labelsPath(), form);
    expect(res.status, await res.clone().text()).to.equal(200);
    expect(res.headers.get('content-type')).to.equal('application/pdf');
    return Buffer.from(await res.arrayBuffer());
  }

  it('lists a range of accession numbers with their call numbers, each ticked, and the sheet as a grid of positions', async () => {
    const client = await as(server.url, librarian);
    const home = await page(await client.get(`/library/schools/${school.id}`));
    expect(links(home)).to.include(labelsPath());
    const html = await page(await client.get(`${labelsPath()}?from=TK-00002&to=tk 6&sheet=a4-3x8`));
    expect(html).to.include('In nhãn').and.include('5 bản sách');
    for (const c of copies.slice(1, 6)) expect(html).to.include(`name="copy" value="${c.id}" checked`);
    expect(html).not.to.include(copies[0]!.id).and.not.to.include(copies[6]!.id);
    expect(html).to.include('895.9221 NG-D');
    expect(html.match(/name="start" value="\d+"/g)).to.have.length(24);
    const english = await page(await client.get(`${labelsPath()}?batch=${batchId}&lang=en`));
    expect(english).to.include('7 copies').and.include('Print labels');
  });

  it('prints barcode labels from a chosen position, on to a second sheet: each where the sheet has it, each barcode decoding to its accession number', async () => {
    const client = await as(server.url, librarian);
    const sheet = paper['a4-3x8'];
    const pdf = await printed(client, { copy: copies.map((c) => c.id), kind: 'barcode', sheet: 'a4-3x8', start: '20' });
    const pages = await textOnPages(pdf);
    expect(pages, 'positions 20–24, then 1–2 of a new sheet').to.have.length(2);
    const expected = copies.map((c, i) => ({ ...c, page: i < 5 ? 0 : 1, position: i < 5 ? 20 + i : i - 4 }));
    for (const c of expected) {
      const number = pages[c.page]!.filter((t) => t.text === c.accessionNumber);
      expect(number, c.accessionNumber).to.have.length(1);
      expect(textIn(sheet, number[0]!), `${c.accessionNumber} on its label`).to.equal(c.position);
      const name = pages[c.page]!.filter((t) => t.text === school.name && textIn(sheet, t) === c.position);
      expect(name, 'the school name, in Vietnamese, on the same label').to.have.length(1);
    }
    expect(
      pages[0]!.filter((t) => textIn(sheet, t) > 0 && textIn(sheet, t) < 20),
      'used positions stay blank',
    ).to.be.empty;
    for (const [n, onPage] of [
      [1, expected.filter((c) => c.page === 0)],
      [2, expected.filter((c) => c.page === 1)],
    ] as const) {
      const read = await barcodesOnPage(pdf, n);
      expect(read.map((b) => b.text).sort(), `page ${n}`).to.deep.equal(onPage.map((c) => c.barcode).sort());
      for (const b of read) {
        const c = onPage.find((e) => e.barcode === b.text)!;
        expect(c.barcode, 'the barcode is the accession number by default').to.equal(c.accessionNumber);
        expect(positionAt(sheet, b.x, b.y), `barcode ${b.text}`).to.equal(c.position);
      }
    }
  });

  it('prints the smallest labels (5 × 13) readable, and spine labels with the call number', async () => {
    const client = await as(server.url, librarian);
    const small = paper['a4-5x13'];
    const pdf = await printed(client, { copy: copies.map((c) => c.id), kind: 'barcode', sheet: 'a4-5x13', start: '1' });
    const read = await barcodesOnPage(pdf, 1);
    expect(read.map((b) => [b.text, positionAt(small, b.x, b.y)])).to.have.deep.members(
      copies.map((c, i) => [c.accessionNumber, i + 1]),
    );
    const spine = await printed(client, { copy: [copies[2]!.id], kind: 'spine', sheet: 'a4-3x8', start: '8' });
    const [onPage] = await textOnPages(spine);
    const sheet = paper['a4-3x8'];
    const lines = onPage!.filter((t) => textIn(sheet, t) === 8).map((t) => t.text);
    expect(lines).to.deep.equal(['895.9221', 'NG-D', copies[2]!.accessionNumber]);
    expect(await barcodesOnPage(spine, 1), 'spine labels carry no barcode').to.be.empty;
  });

  it("prints a whole intake batch, and refuses another school's copies, a position off the sheet and a mixed range in the person's language", async () => {
    const client = await as(server.url, librarian);
    const listed = await page(await client.get(`${labelsPath()}?batch=${batchId}`));
    for (const c of copies) expect(listed).to.include(`value="${c.id}" checked`);

    const other = await person([{ org: world.schoolB, role: 'librarian' }]);
    const theirs = await as(server.url, other);
    const refused = await submit(theirs, labelsPath(), { copy: copies[0]!.id, kind: 'barcode', sheet: 'a4-3x8' });
    expect(refused.status, "school A's labels page").to.equal(403);
    const ownPage = `/library/schools/${world.schoolB.id}/labels`;
    const smuggled = await submit(theirs, ownPage, { copy: copies[0]!.id, kind: 'barcode', sheet: 'a4-3x8' });
    expect(smuggled.status, "school A's copy on school B's page").to.equal(400);
    expect(await smuggled.text()).to.include('1 bản sách đã chọn không phải của trường này.');
    expect((await theirs.get(labelsPath())).status).to.equal(403);
    const teacher = await as(server.url, await person([{ org: school, role: 'teacher' }]));
    expect((await teacher.get(labelsPath())).status, 'a teacher of the school').to.equal(403);

    const offSheet = await submit(client, labelsPath(), {
      copy: copies[0]!.id,
      kind: 'barcode',
      sheet: 'a4-3x8',
      start: '25',
    });
    expect(await page(offSheet, 400)).to.include('Tờ nhãn này có 24 ô.');
    const mixed = await page(await client.get(`${labelsPath()}?from=TK-1&to=SGK-5`), 400);
    expect(mixed).to.include('Số đầu và số cuối phải cùng một loại sách');
    const none = await submit(client, labelsPath(), { kind: 'barcode', sheet: 'a4-3x8' });
    expect(await page(none, 400)).to.include('Hãy chọn ít nhất một bản sách.');
    const unknown = await submit(client, labelsPath(), { copy: copies[0]!.id, kind: 'barcode', sheet: 'a4-9x99' });
    expect(unknown.status).to.equal(400);
  });
});
