/**
 * The librarians' inter-library list beyond 200 requests, over HTTP on the real database: pages of
 * 200 newest first with "older" and "newer" links (a cursor on {createdAt, id}, steady when many
 * requests share a time), every request shown exactly once across the pages, the counts in the
 * menu exact, and a forged cursor a 400 rather than a crash.
 */
import { expect } from 'chai';
import { Types } from 'mongoose';
import type { InterLibraryRequest } from '../../../src/domain/interLibrary.js';
import { insertInterLibraryRequest } from '../../../src/models/interLibraryRequest.js';
import { startTestServer, type TestServer } from '../../support/context.js';
import { signedIn, type Client } from '../../support/client.js';
import { person, printedTitle, province, type TestPerson } from '../../support/fixtures.js';

const TOTAL = 230;

describe('inter-library list for librarians: paging beyond 200', function () {
  this.timeout(300_000);
  let server: TestServer;
  let world: Awaited<ReturnType<typeof province>>;
  let librarian: TestPerson;
  let client: Client;
  let ids: string[];

  before(async () => {
    server = await startTestServer();
    world = await province();
    librarian = await person([{ org: world.schoolA, role: 'librarian' }], 'Thủ thư A');
    const reader = await person([{ org: world.schoolB, role: 'student' }], 'Em Hà');
    const title = await printedTitle(librarian.actor, world.schoolA, { metadata: { title: 'Vợ nhặt' } });
    // Requests made over days; every tenth shares its time with the one before (the id breaks the tie).
    const start = Date.parse('2026-09-01T01:00:00Z');
    const requests: InterLibraryRequest[] = Array.from({ length: TOTAL }, (_, i) => {
      const at = new Date(start + (i - (i % 10 === 9 ? 1 : 0)) * 3_600_000);
      return {
        id: new Types.ObjectId().toHexString(),
        resourceId: title.id,
        requesterId: reader.id,
        borrowingOrgId: world.schoolB.id,
        lendingOrgId: world.schoolA.id,
        status: 'requested',
        copyId: null,
        reason: null,
        note: `Yêu cầu ${i}`,
        history: [{ at, status: 'requested', actorId: reader.id, reason: null }],
        createdAt: at,
        modifiedAt: at,
        version: 1,
      };
    });
    for (const r of requests) await insertInterLibraryRequest(r);
    // Newest first, and of two made at the same time the later id first.
    ids = requests
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.id.localeCompare(a.id))
      .map((r) => r.id);
    client = await signedIn(server.url, librarian);
  });
  after(() => server.close());

  const rowsOf = (html: string) => [...html.matchAll(/<tr id="request-([0-9a-f]{24})"/g)].map((m) => m[1]!);
  const link = (html: string, rel: 'next' | 'prev') =>
    new RegExp(`<a rel="${rel}" href="([^"]+)"`).exec(html)?.[1]?.replaceAll('&amp;', '&').replaceAll('&#x3D;', '=') ??
    null;

  it('shows 200 newest first, then the rest on the older page, each once, with exact counts and links both ways', async () => {
    const base = `/library/schools/${world.schoolA.id}/inter-library?side=incoming&status=requested`;
    const first = await (await client.get(base)).text();
    const firstRows = rowsOf(first);
    expect(firstRows).to.have.length(200);
    expect(first).to.match(new RegExp(`data-status="requested">[^<]*\\(${TOTAL}\\)`));
    expect(link(first, 'prev')).to.equal(null);
    const older = link(first, 'next');
    expect(older).to.match(/after=\d+\.[0-9a-f]{24}/, String(older));

    const second = await (await client.get(older!)).text();
    const secondRows = rowsOf(second);
    expect(secondRows).to.have.length(TOTAL - 200);
    expect(link(second, 'next')).to.equal(null);
    expect(second).to.match(new RegExp(`data-status="requested">[^<]*\\(${TOTAL}\\)`));
    const seen = [...firstRows, ...secondRows];
    expect(new Set(seen).size).to.equal(TOTAL);
    expect(seen).to.deep.equal(ids);

    const back = await (await client.get(link(second, 'prev')!)).text();
    expect(rowsOf(back)).to.deep.equal(firstRows);
    expect(link(back, 'prev')).to.equal(null);
  });

  it('answers a forged cursor with 400', async () => {
    const res = await client.get(`/library/schools/${world.schoolA.id}/inter-library?side=incoming&after=abc`);
    expect(res.status).to.equal(400);
  });
});
