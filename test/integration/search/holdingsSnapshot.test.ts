/**
 * The holdings read model kept in the search snapshot, through the real server as a process on its
 * own data directory and embedded database (the demo data's printed titles and copies): a restart
 * reads the copies back from the snapshot instead of the database and shows the same availability;
 * copy changes made by another process while it was down show after it; a snapshot written before
 * it kept the holdings is still used for the index, and the copies are read in full, said once;
 * after a kill -9 the copies are read in full (a copy's last changes may not have reached the feed).
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import type { ObjectId } from 'mongodb';
import { openSnapshotFile, writeSnapshotFile } from '../../../src/search/memory/snapshotFile.js';
import { AppUnderTest } from '../../support/faultHarness.js';
import type { LogLine } from '../../support/processes.js';

const HOLDINGS_FROM_SNAPSHOT = (l: LogLine) => l.msg === 'holdings read from the snapshot';
const HOLDINGS_FROM_DATABASE = (l: LogLine) => l.msg === 'holdings loaded';
const INDEX_FROM_SNAPSHOT = (l: LogLine) => l.msg === 'catalogue index read from its snapshot';
const NO_HOLDINGS_IN_SNAPSHOT = (l: LogLine) =>
  l.msg === 'the snapshot holds no holdings (written before it kept them): reading every copy';
const UNCLEAN_STOP = (l: LogLine) => l.msg.startsWith('the last run did not stop cleanly');
const snapshotFile = (app: AppUnderTest) => path.join(app.dataDir, 'search-snapshot', 'memory-index.bin');

async function stop(app: AppUnderTest): Promise<void> {
  app.server.proc.kill('SIGTERM');
  await app.server.exited;
}

/** What people see of the holdings: each title's schools and counts, and "available at" each school. */
async function availability(app: AppUnderTest): Promise<Record<string, unknown>> {
  const db = await app.db();
  const titles = (await db.collection('copies').distinct('resourceId')) as ObjectId[];
  const schools = await db.collection('organisations').find({ type: 'school' }).toArray();
  const seen: Record<string, unknown> = {};
  for (const id of titles.map((t) => t.toHexString()).sort()) {
    const res = await fetch(`${app.url}/api/v1/resources/${id}/holdings`);
    expect(res.status, id).to.equal(200);
    seen[id] = await res.json();
  }
  for (const school of schools) {
    const asked = `/api/v1/resources?available=${school._id.toHexString()}&limit=100&sort=title`;
    const found = (await (await fetch(app.url + asked)).json()) as { items: { id: string }[] };
    seen[asked] = found.items.map((i) => i.id);
  }
  expect(Object.keys(seen).length, 'the demo data holds printed titles').to.be.greaterThan(schools.length);
  return seen;
}

describe('the holdings in the search snapshot across restarts (real server processes)', function () {
  this.timeout(600_000);
  let app: AppUnderTest;

  before(async () => {
    app = await AppUnderTest.start({ SEARCH_SNAPSHOT_SECONDS: '300' });
  });
  after(async () => app?.dispose());

  it('a restart reads the copies from the snapshot and shows the same availability', async () => {
    expect(app.server.logs.some(HOLDINGS_FROM_DATABASE), 'the first start reads every copy').to.equal(true);
    const before = await availability(app);
    await stop(app);
    await app.restart();
    expect(app.server.logs.some(HOLDINGS_FROM_SNAPSHOT), 'read back').to.equal(true);
    expect(app.server.logs.some(HOLDINGS_FROM_DATABASE), 'no copy read in full').to.equal(false);
    expect(await availability(app)).to.deep.equal(before);
  });

  it('shows the copy changes another process made while this one was down', async () => {
    await stop(app);
    // Another instance without a snapshot of its own, on the same database: a copy damaged, copies added.
    await app.restart({ SEARCH_SNAPSHOT_SECONDS: '0' });
    const admin = await app.signIn();
    const db = await app.db();
    const copy = (await db.collection('copies').findOne({ status: 'available' }))!;
    const damaged = await admin.post(`/api/v1/copies/${copy._id.toHexString()}/status`, {
      version: copy.version as number,
      status: 'damaged',
      note: null,
    });
    expect(damaged.status, await damaged.clone().text()).to.equal(200);
    const added = await admin.post(`/api/v1/resources/${(copy.resourceId as ObjectId).toHexString()}/copies`, {
      orgId: (copy.orgId as ObjectId).toHexString(),
      collection: copy.collectionCode as string,
      location: copy.location as string,
      numbering: { count: 2 },
      batch: { date: '2025-09-05', source: 'donation', supplier: null, documentNumber: null, note: null },
      price: 20_000,
      volume: null,
      note: null,
    });
    expect(added.status, await added.clone().text()).to.equal(201);
    const changed = await availability(app);
    await stop(app);
    await app.restart({ SEARCH_SNAPSHOT_SECONDS: '300' });
    expect(app.server.logs.some(HOLDINGS_FROM_SNAPSHOT), 'the snapshot is still used').to.equal(true);
    expect(app.server.logs.some(HOLDINGS_FROM_DATABASE)).to.equal(false);
    const after = await availability(app);
    expect(after).to.deep.equal(changed);
    const title = (after[(copy.resourceId as ObjectId).toHexString()] as { orgId: string; byStatus: object }[]).find(
      (h) => h.orgId === (copy.orgId as ObjectId).toHexString(),
    );
    expect(title?.byStatus).to.have.property('damaged').that.is.at.least(1);
  });

  it('a snapshot written before it kept the holdings serves the index; the copies are read in full', async () => {
    const before = await availability(app);
    await stop(app);
    // The same snapshot without the holdings' sections, as the release before wrote it.
    const file = snapshotFile(app);
    const reader = await openSnapshotFile(file);
    const sections = await reader.rest();
    await reader.close();
    for (const name of [...sections.keys()]) if (name.startsWith('holdings.')) sections.delete(name);
    expect(sections.size).to.be.greaterThan(1);
    await writeSnapshotFile(file, reader.facts, sections);
    await app.restart();
    expect(app.server.logs.some(INDEX_FROM_SNAPSHOT), 'the index is read back').to.equal(true);
    expect(app.server.logs.filter(NO_HOLDINGS_IN_SNAPSHOT), 'said once').to.have.length(1);
    expect(app.server.logs.some(HOLDINGS_FROM_DATABASE), 'every copy read').to.equal(true);
    expect(await availability(app)).to.deep.equal(before);
    // Written again at shutdown, with the holdings: the next start reads them back.
    await stop(app);
    await app.restart();
    expect(app.server.logs.some(HOLDINGS_FROM_SNAPSHOT)).to.equal(true);
    expect(fs.existsSync(file)).to.equal(true);
  });

  it('after a kill -9 reads every copy from the database, then the snapshot again after a clean stop', async () => {
    const admin = await app.signIn();
    const copy = (await (await app.db()).collection('copies').findOne({ status: 'available' }))!;
    const damaged = await admin.post(`/api/v1/copies/${copy._id.toHexString()}/status`, {
      version: copy.version as number,
      status: 'damaged',
      note: null,
    });
    expect(damaged.status, await damaged.clone().text()).to.equal(200);
    // At once: the copy's feed entry is written just after the answer, and may not be yet.
    app.server.proc.kill('SIGKILL');
    await app.server.exited;
    await app.restart();
    expect(app.server.logs.filter(UNCLEAN_STOP), 'said once').to.have.length(1);
    expect(app.server.logs.some(HOLDINGS_FROM_DATABASE), 'every copy read').to.equal(true);
    expect(app.server.logs.some(HOLDINGS_FROM_SNAPSHOT)).to.equal(false);
    const title = (await (
      await fetch(`${app.url}/api/v1/resources/${(copy.resourceId as ObjectId).toHexString()}/holdings`)
    ).json()) as { orgId: string; byStatus: Record<string, number> }[];
    const school = title.find((h) => h.orgId === (copy.orgId as ObjectId).toHexString());
    expect(school?.byStatus.damaged, 'the damaged copy').to.be.at.least(1);

    await stop(app);
    await app.restart();
    expect(app.server.logs.some(UNCLEAN_STOP)).to.equal(false);
    expect(app.server.logs.some(HOLDINGS_FROM_SNAPSHOT), 'read back after a clean stop').to.equal(true);
  });
});
