/**
 * What a title's holdings table and its public page cost in database operations (issue 14: the
 * union catalogue over a province's million copies at today's search p95). The counts and the
 * places come from the holdings read model; the title is read once; the own school's copies are
 * read by id (the one filter the embedded database answers from an index), projected to the
 * table's columns.
 */
import { expect } from 'chai';
import { startTestServer, testContext, type TestServer } from '../../support/context.js';
import { signedIn, type Client } from '../../support/client.js';
import { databaseOperations } from '../../support/databaseOperations.js';
import { person, printedTitle, province } from '../../support/fixtures.js';
import type { Actor } from '../../../src/policies/actor.js';
import type { Organisation } from '../../../src/domain/organisation.js';

describe('A title’s holdings: database operations per page', function () {
  this.timeout(300_000);
  let server: TestServer;
  let librarian: Client;
  let anonymous: Client;
  let titleId: string;
  let accessions: string[];

  async function addCopies(actor: Actor, org: Organisation, count: number) {
    const added = await testContext().services.copies.add(actor, titleId, {
      orgId: org.id,
      collection: 'TK',
      location: 'KHO',
      numbering: { count },
      batch: { date: '2025-09-05', source: 'purchase', supplier: null, documentNumber: null, note: null },
      price: 30_000,
      volume: null,
      note: null,
    });
    return added.copies.map((c) => c.accessionNumber);
  }

  before(async () => {
    server = await startTestServer();
    const world = await province();
    const a = await person([{ org: world.schoolA, role: 'librarian' }], 'Cô Thư');
    const b = await person([{ org: world.schoolB, role: 'librarian' }], 'Thầy Bình');
    const title = await printedTitle(a.actor, world.schoolA, { metadata: { title: 'Dế Mèn phiêu lưu ký' } });
    titleId = title.id;
    accessions = await addCopies(a.actor, world.schoolA, 4);
    await addCopies(b.actor, world.schoolB, 3);
    librarian = await signedIn(server.url, a);
    anonymous = await signedIn(server.url, null);
    // The first requests warm what the app keeps (settings, the session, templates).
    await librarian.get(`/library/titles/${titleId}/holdings`);
    await anonymous.get(`/resources/${titleId}`);
  });
  after(() => server.close());

  it('reads the title once and the own school’s copies by id, the counts from memory', async () => {
    let html = '';
    const table = await databaseOperations(async () => {
      const res = await librarian.get(`/library/titles/${titleId}/holdings`);
      expect(res.status).to.equal(200);
      html = await res.text();
    });
    for (const accession of accessions) expect(html).to.include(accession);
    expect(html).to.include('Trường THCS B');
    const finds = table.filter((o) => o === 'find copies');
    expect(finds, table.join(', ')).to.have.length(accessions.length);
    expect(
      table.filter((o) => o === 'find resources'),
      'the title is read once',
    ).to.have.length.at.most(1);
    // Before: 8 (the title read twice, the copies whole); now the session, the title, the holding
    // schools' settings and one projected read per own copy.
    expect(table, table.join(', ')).to.have.length.at.most(accessions.length + 3);
  });

  it('shows the public page’s "available at …" without reading a copy', async () => {
    let html = '';
    const item = await databaseOperations(async () => {
      const res = await anonymous.get(`/resources/${titleId}`);
      expect(res.status).to.equal(200);
      html = await res.text();
    });
    expect(html).to.include('Trường THCS A');
    expect(
      item.filter((o) => o.endsWith(' copies')),
      item.join(', '),
    ).to.deep.equal([]);
    expect(item, item.join(', ')).to.have.length.at.most(3);
  });
});
