/**
 * kill -9 during a bulk import (test/support/faultHarness.ts): the app is killed while a MARC file
 * is being imported, started again, and finishes the import by itself once the dead instance's
 * lease runs out. Nothing may be half stored or stored twice: every record once, every title once,
 * every copy once.
 */
import { expect } from 'chai';
import { AppUnderTest } from '../../support/faultHarness.js';
import { iso2709, type Field } from '../../support/marcFixtures.js';
import { pollUntil, unique } from '../../support/toolkit.js';

const RECORDS = 120;

function bulkFile(word: string): Buffer {
  const records: Field[][] = Array.from({ length: RECORDS }, (_, i) => [
    ['041', '0 ', 'a', 'vie'],
    ['100', '0 ', 'a', 'Nam Cao'],
    ['245', '10', 'a', `Truyện ngắn ${word} số ${i + 1}`],
    // One copy numbered in the file, one the school numbers itself (in another collection: see docs/marc.md).
    ['952', '  ', 'c', 'KHO', 'p', `TK-${String(50_000 + i).padStart(5, '0')}`],
    ['952', '  ', 'c', 'KHO'],
  ]);
  return Buffer.concat(records.map((r) => iso2709(r)));
}

describe('faults: kill -9 during a bulk import', function () {
  this.timeout(600_000);
  let app: AppUnderTest;
  before(async () => (app = await AppUnderTest.start({ IMPORT_LEASE_SECONDS: '3' })));
  after(async () => app?.dispose());

  it('resumes after the restart: every record, title and copy once, the stores consistent', async () => {
    const client = await app.signIn();
    const db = await app.db();
    const school = (await db.collection('organisations').findOne({ type: 'school' }))!;
    const word = unique('k');
    const form = new FormData();
    for (const [k, v] of Object.entries({ collection: 'NV', location: 'KHO', source: 'donation', scope: 'public' }))
      form.append(k, v);
    form.append('file', new Blob([new Uint8Array(bulkFile(word))]), 'bulk.mrc');
    const sent = await fetch(`${app.url}/library/schools/${String(school._id)}/imports?_csrf=${client.csrfToken}`, {
      method: 'POST',
      body: form,
      headers: { cookie: client.cookieHeader },
      redirect: 'manual',
    });
    expect(sent.status, await sent.clone().text()).to.equal(303);

    let atKill = 0;
    await app.killWhen(async (d) => (atKill = await d.collection('importoutcomes').countDocuments()) >= 20);
    expect(atKill, 'killed half way').to.be.below(RECORDS);
    await app.restart();

    const after = await app.db();
    const job = await pollUntil(
      async () => {
        const found = await after.collection('importjobs').findOne({ fileName: 'bulk.mrc' });
        return found?.status === 'done' ? found : null;
      },
      { timeoutMs: 300_000, intervalMs: 500, message: 'the import to finish after the restart' },
    );
    expect(job.position).to.equal(RECORDS + 1);
    expect(await app.violations()).to.deep.equal([]);
    expect(await after.collection('importoutcomes').countDocuments({ jobId: String(job._id) })).to.equal(RECORDS);

    const titles = await after
      .collection('resources')
      .find({ 'metadata.title': { $regex: `^Truyện ngắn ${word} số ` } })
      .toArray();
    expect(titles, 'every title once').to.have.length(RECORDS);
    const copies = await after
      .collection('copies')
      .find({ resourceId: { $in: titles.map((t) => t._id) } })
      .toArray();
    const perTitle = new Map<string, number>();
    for (const c of copies) perTitle.set(String(c.resourceId), (perTitle.get(String(c.resourceId)) ?? 0) + 1);
    const problems = await after
      .collection('importoutcomes')
      .find({ jobId: String(job._id), 'problems.0': { $exists: true } })
      .limit(3)
      .toArray();
    expect(
      problems.map((p) => JSON.stringify(p.problems)),
      'no record refused in part',
    ).to.deep.equal([]);
    expect(
      [...perTitle.values()].filter((n) => n !== 2),
      'two copies per title, none twice',
    ).to.deep.equal([]);
    expect(copies).to.have.length(2 * RECORDS);
    const numbers = copies.map((c) => c.accessionNumber as string);
    expect(new Set(numbers).size, 'no accession number twice').to.equal(numbers.length);
    for (const c of copies)
      expect(
        await after.collection('copykeys').countDocuments({ copyId: c._id }),
        `keys of ${c.accessionNumber}`,
      ).to.equal(2);
  });
});
