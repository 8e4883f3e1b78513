/**
 * The union catalogue over real HTTP, in whichever engine the app runs on (CI runs this folder once
 * more on OpenSearch): a printed title's result card says which schools hold copies and how many are
 * on the shelf now, and "available at my school" follows loans through the change feed.
 */
import { expect } from 'chai';
import type { Organisation } from '../../../src/domain/organisation.js';
import { startTestServer, testContext, type TestServer } from '../../support/context.js';
import { organisation, person, printedTitle, province, type TestPerson } from '../../support/fixtures.js';
import { pollUntil, unique } from '../../support/toolkit.js';
import { as, links, page } from '../web/pages.js';

describe('union catalogue: where a printed title is held across the province, and what is on the shelf at my school', function () {
  this.timeout(180_000);
  let server: TestServer;
  let schoolA: Organisation;
  let schoolB: Organisation;
  let librarianA: TestPerson;
  let librarianB: TestPerson;
  const word = unique('kieu');
  let titleId = '';
  let copiesOfA: { id: string; version: number }[] = [];

  const batch = { date: '2025-09-05', source: 'purchase' as const, supplier: null, documentNumber: null, note: null };
  const addCopies = async (who: TestPerson, org: Organisation, count: number) =>
    (
      await testContext().services.copies.add(who.actor, titleId, {
        orgId: org.id,
        collection: 'TK',
        location: 'KHO',
        numbering: { count },
        batch,
        price: null,
        volume: null,
        note: null,
      })
    ).copies;

  before(async () => {
    server = await startTestServer();
    const world = await province();
    schoolA = await organisation(`Trường Tiểu học Lê Lợi ${unique()}`, world.department);
    schoolB = await organisation(`Trường THCS Trần Phú ${unique()}`, world.department);
    librarianA = await person([{ org: schoolA, role: 'librarian' }]);
    librarianB = await person([{ org: schoolB, role: 'librarian' }]);
    titleId = (await printedTitle(librarianA.actor, schoolA, { metadata: { title: `Truyện Kiều ${word}` } })).id;
    copiesOfA = await addCopies(librarianA, schoolA, 2);
    await addCopies(librarianB, schoolB, 1);
  });
  after(async () => server.close());

  /** The search page for the title's word, as `who` sees it, once `ready` says it is up to date. */
  const searchAs = async (who: TestPerson | null, query: string, ready: (html: string) => boolean) => {
    const client = await as(server.url, who);
    return pollUntil(
      async () => {
        const html = await page(await client.get(`/search?q=${word}${query}`));
        return ready(html) && html;
      },
      { message: `search ${query}` },
    );
  };

  it('shows on the result card which schools hold copies and how many are available now', async () => {
    const html = await searchAs(null, '', (h) => h.includes('Có tại'));
    expect(html).to.include(`<strong>${schoolA.name}</strong> (2/2 bản có sẵn)`);
    expect(html).to.include(`<strong>${schoolB.name}</strong> (1/1 bản có sẵn)`);
    const english = await searchAs(null, '&lang=en', (h) => h.includes('Held at'));
    expect(english).to.include('2 of 2 available');
    const item = await page(await (await as(server.url, null)).get(`/resources/${titleId}`));
    expect(item).to.include(`${schoolA.name}</strong>: 2 bản, 2 bản có sẵn`);
  });

  it('filters "available at my school", following loans through the change feed', async () => {
    const teacherA = await person([{ org: schoolA, role: 'teacher' }]);
    const first = await searchAs(teacherA, '', (h) => h.includes('Chỉ sách đang có sẵn ở'));
    const toggle = links(first).find((l) => l.includes(`available=${schoolA.id}`));
    expect(toggle, 'a link that narrows to the teacher’s school').to.be.a('string');
    const client = await as(server.url, teacherA);
    expect(await page(await client.get(toggle!))).to.include(`Truyện Kiều ${word}`);

    const { copies } = testContext().services;
    for (const c of copiesOfA) await copies.changeStatus(librarianA.actor, c.id, c.version, 'on_loan');
    const none = await searchAs(teacherA, `&available=${schoolA.id}`, (h) => !h.includes(`Truyện Kiều ${word}`));
    expect(none).to.include('Đang lọc: sách có sẵn ở');
    const card = await searchAs(null, '', (h) => h.includes('(0/2 bản có sẵn)'));
    expect(card.indexOf(schoolB.name), 'the school with a copy on the shelf first').to.be.lessThan(
      card.indexOf(schoolA.name),
    );
    const teacherB = await person([{ org: schoolB, role: 'teacher' }]);
    await searchAs(teacherB, `&available=${schoolB.id}`, (h) => h.includes(`Truyện Kiều ${word}`));

    const api = await as(server.url, teacherA);
    const answer = (await (
      await api.get(`/api/v1/resources?q=${word}&holder=${schoolA.id}&holder=${schoolB.id}`)
    ).json()) as { total: number; facets: { name: string; values: { value: string; count: number }[] }[] };
    expect(answer.total, 'the API filters by holder too').to.equal(1);
    const available = answer.facets.find((f) => f.name === 'available')!.values;
    expect(available.map((v) => [v.value, v.count])).to.deep.equal([[schoolB.id, 1]]);
  });

  it('keeps the counts right as copies are added, lent, returned and withdrawn', async () => {
    const { copies } = testContext().services;
    const client = await as(server.url, null);
    /** School B's counts in the holdings API, and whether the search counts B among the schools with a copy on the shelf. */
    const countsOfB = async () => {
      const holdings = (await (await client.get(`/api/v1/resources/${titleId}/holdings`)).json()) as {
        orgId: string;
        total: number;
        available: number;
      }[];
      const b = holdings.find((h) => h.orgId === schoolB.id)!;
      const answer = (await (await client.get(`/api/v1/resources?q=${word}&available=${schoolB.id}`)).json()) as {
        total: number;
      };
      return `${b.total} held, ${b.available} available, found on the shelf: ${answer.total === 1}`;
    };
    const expectB = (counts: string) =>
      pollUntil(async () => (await countsOfB()) === counts, { message: `school B: ${counts}` });

    const [one, two] = await addCopies(librarianB, schoolB, 2);
    await expectB('3 held, 3 available, found on the shelf: true');
    const lent = await copies.changeStatus(librarianB.actor, one!.id, one!.version, 'on_loan');
    await expectB('3 held, 2 available, found on the shelf: true');
    await copies.changeStatus(librarianB.actor, lent.id, lent.version, 'available');
    await expectB('3 held, 3 available, found on the shelf: true');
    await copies.withdraw(librarianB.actor, two!.id, two!.version, {
      record: { date: '2025-12-20', reason: 'worn', documentNumber: 'QĐ 7/2025', note: null },
      reason: null,
      note: null,
    });
    await expectB('2 held, 2 available, found on the shelf: true');
    const shelf = (await copies.ofTitle(librarianB.actor, titleId, schoolB.id)).filter((c) => c.status === 'available');
    for (const c of shelf) await copies.changeStatus(librarianB.actor, c.id, c.version, 'on_loan');
    await expectB('2 held, 0 available, found on the shelf: false');
  });
});
