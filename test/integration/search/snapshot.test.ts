/**
 * The memory engine's snapshot, through the real server as a process (src/server.ts) on its own
 * data directory and embedded database: a restart reads the index back instead of loading the
 * catalogue, and must answer exactly as before; what changed while it was down (written by another
 * process on the same database) shows; a damaged snapshot, or a crash while one is written, costs
 * a full load and never a wrong answer.
 */
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'chai';
import { AppUnderTest } from '../../support/faultHarness.js';
import type { LogLine } from '../../support/processes.js';

/** Searches, browsing orders with facets, and the OAI-PMH list: what users and harvesters see. */
const ASKED = [
  '/api/v1/resources?limit=50',
  '/api/v1/resources?limit=50&sort=title',
  '/api/v1/resources?limit=50&sort=views',
  '/api/v1/resources?q=toan&limit=50',
  '/api/v1/resources?q=tieng%20viet&limit=50',
  '/api/v1/resources?q=bai&limit=50&sort=newest',
  '/oai?verb=ListIdentifiers&metadataPrefix=oai_dc',
];

async function answers(app: AppUnderTest): Promise<Record<string, string>> {
  const found: Record<string, string> = {};
  for (const asked of ASKED) {
    const res = await fetch(app.url + asked);
    expect(res.status, asked).to.equal(200);
    // The OAI-PMH envelope carries the time of the answer; the records are what must not change.
    found[asked] = (await res.text()).replace(/<responseDate>[^<]*<\/responseDate>/, '');
  }
  return found;
}

const SNAPSHOT_READ = (l: LogLine) => l.msg === 'catalogue index read from its snapshot';
const FULL_LOAD = (l: LogLine) => l.msg === 'catalogue index loaded';
const snapshotFile = (app: AppUnderTest) => path.join(app.dataDir, 'search-snapshot', 'memory-index.bin');

async function stop(app: AppUnderTest): Promise<void> {
  app.server.proc.kill('SIGTERM');
  await app.server.exited;
}

describe('the memory engine snapshot across restarts (real server processes)', function () {
  this.timeout(600_000);
  let app: AppUnderTest;

  before(async () => {
    app = await AppUnderTest.start({ SEARCH_SNAPSHOT_SECONDS: '300' });
  });
  after(async () => app?.dispose());

  it('a restart reads the snapshot written at shutdown and answers exactly as before', async () => {
    expect(app.server.logs.some(FULL_LOAD), 'the first start loads the catalogue').to.equal(true);
    const before = await answers(app);
    expect(before[ASKED[0]!]).to.match(/"total":[1-9]/);
    await stop(app);
    expect(fs.existsSync(snapshotFile(app)), 'written at shutdown').to.equal(true);
    await app.restart();
    expect(app.server.logs.some(SNAPSHOT_READ), 'read back').to.equal(true);
    expect(app.server.logs.some(FULL_LOAD), 'nothing loaded from the database').to.equal(false);
    expect(await answers(app)).to.deep.equal(before);
  });

  it('shows what another process changed while this one was down', async () => {
    await stop(app);
    // Another instance (no snapshot of its own) on the same database deletes one resource and retitles another.
    await app.restart({ SEARCH_SNAPSHOT_SECONDS: '0' });
    const admin = await app.signIn();
    const { items } = (await (await fetch(`${app.url}/api/v1/resources?limit=2&q=toan`)).json()) as {
      items: { id: string }[];
    };
    const [deleted, retitled] = items.map((i) => i.id);
    const detail = async (id: string) =>
      (await (await admin.get(`/api/v1/resources/${id}`)).json()) as {
        version: number;
        scope: string;
        metadata: Record<string, unknown>;
      };
    const d = await detail(deleted!);
    expect((await admin.delete(`/api/v1/resources/${deleted}`, { version: d.version })).status).to.equal(204);
    const r = await detail(retitled!);
    const put = await admin.put(`/api/v1/resources/${retitled}`, {
      version: r.version,
      scope: r.scope,
      metadata: { ...r.metadata, title: 'Chim hải âu bay qua biển' },
    });
    expect(put.status, await put.clone().text()).to.equal(200);
    const changed = await answers(app);
    await stop(app);
    await app.restart({ SEARCH_SNAPSHOT_SECONDS: '300' });
    expect(app.server.logs.some(SNAPSHOT_READ), 'the snapshot is still used').to.equal(true);
    expect(await answers(app)).to.deep.equal(changed);
    const found = (await (await fetch(`${app.url}/api/v1/resources?q=hai%20au`)).json()) as {
      items: { id: string }[];
    };
    expect(found.items.map((i) => i.id)).to.deep.equal([retitled]);
    expect(changed[ASKED[0]!]).not.to.include(deleted);
  });

  it('a damaged snapshot is not used: the catalogue loads in full, with the same answers', async () => {
    const before = await answers(app);
    await stop(app);
    const file = snapshotFile(app);
    const bytes = fs.readFileSync(file);
    bytes[Math.floor(bytes.length / 2)]! ^= 0xff;
    fs.writeFileSync(file, bytes);
    await app.restart();
    expect(app.server.logs.some(SNAPSHOT_READ)).to.equal(false);
    expect(
      app.server.logs.some((l) => l.msg === 'snapshot of the catalogue index not used: loading it in full'),
    ).to.equal(true);
    expect(await answers(app)).to.deep.equal(before);
  });

  it('a kill -9 while a snapshot is being written leaves the previous one usable, with right answers', async () => {
    await stop(app);
    await app.restart({ SEARCH_SNAPSHOT_SECONDS: '1' });
    const admin = await app.signIn();
    const { items } = (await (await fetch(`${app.url}/api/v1/resources?limit=1`)).json()) as {
      items: { id: string }[];
    };
    const id = items[0]!.id;
    // Changes keep coming, so a snapshot is written every second; the app dies as soon as one is being written.
    let changing = true;
    const changes = (async () => {
      for (let n = 0; changing; n++) {
        const r = (await (await admin.get(`/api/v1/resources/${id}`)).json()) as {
          version: number;
          scope: string;
          metadata: Record<string, unknown>;
        };
        await admin.put(`/api/v1/resources/${id}`, {
          version: r.version,
          scope: r.scope,
          metadata: { ...r.metadata, title: `Đổi tên lần ${n}` },
        });
      }
    })().catch(() => undefined); // the app dies under it
    const dir = path.dirname(snapshotFile(app));
    const deadline = Date.now() + 30_000;
    let caughtWriting = false;
    while (!caughtWriting && Date.now() < deadline) {
      caughtWriting = fs.readdirSync(dir).some((f) => f.endsWith('.tmp'));
      if (!caughtWriting) await sleep(1);
    }
    expect(caughtWriting, 'a snapshot was being written within 30 s').to.equal(true);
    await app.kill();
    changing = false;
    await changes;
    await app.restart({ SEARCH_SNAPSHOT_SECONDS: '300' });
    expect(app.server.logs.some(SNAPSHOT_READ), 'the last whole snapshot is read').to.equal(true);
    const restarted = await answers(app);
    // What the database holds, loaded in full without any snapshot, is what the restarted instance must answer.
    await stop(app);
    await app.restart({ SEARCH_SNAPSHOT_SECONDS: '0' });
    expect(app.server.logs.some(FULL_LOAD)).to.equal(true);
    expect(restarted).to.deep.equal(await answers(app));
  });
});
