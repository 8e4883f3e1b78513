/**
 * A harvest interrupted by kill -9 of the app, resumed by the restarted app: both the provider and
 * the harvesting app are our server as its own process (own data directory, own embedded
 * database). A small proxy slows the provider's pages so the kill lands mid-harvest.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'chai';
import { MongoClient } from 'mongodb';
import { startServerProcess, type ServerProcess } from '../../support/processes.js';
import { freePort, pollUntil } from '../../support/toolkit.js';
import { Client } from '../../support/client.js';
import { submit } from '../web/pages.js';

describe('harvester: a restart mid-harvest (kill -9 of a separate server process)', function () {
  this.timeout(300_000);
  const dirs: string[] = [];
  const processes: ServerProcess[] = [];
  let proxy: http.Server;

  const start = async (dataDir: string, env: NodeJS.ProcessEnv) => {
    const port = await freePort();
    const p = await startServerProcess({
      DATA_DIR: dataDir,
      PORT: String(port),
      BASE_URL: `http://127.0.0.1:${port}`,
      ...env,
    });
    processes.push(p);
    return p;
  };
  const tempDir = () => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'thuvien-harvest-'));
    dirs.push(d);
    return d;
  };
  const adminOf = (p: ServerProcess) =>
    (
      p.logs.find((l) => Array.isArray(l.accounts))!.accounts as { username: string; password: string; role: string }[]
    ).find((a) => a.role === 'system_admin')!;
  const databaseUri = (p: ServerProcess) => p.logs.filter((l) => typeof l.uri === 'string').at(-1)!.uri as string;

  after(async () => {
    for (const p of processes) {
      if (p.proc.exitCode === null) {
        p.proc.kill('SIGKILL');
        await p.exited;
      }
    }
    await new Promise<void>((r) => (proxy ? proxy.close(() => r()) : r()));
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  it('resumes the interrupted run after the restart, completes it and imports every record once', async () => {
    const provider = await start(tempDir(), {
      SEED_DEMO_DATA: 'true',
      OAI_PAGE_SIZE: '3',
      OAI_REPOSITORY_ID: 'nguon.example.edu.vn',
    });
    proxy = http.createServer((req, res) => {
      void sleep(400).then(() =>
        http
          .get(`${provider.url}${req.url}`, (upstream) => {
            res.writeHead(upstream.statusCode ?? 502, {
              'content-type': upstream.headers['content-type'] ?? 'text/xml',
            });
            upstream.pipe(res);
          })
          // Once the provider is stopped (after the test), a late request must not become another test's uncaught error.
          .on('error', () => res.destroy()),
      );
    });
    proxy.listen(0, '127.0.0.1');
    await new Promise((r) => proxy.once('listening', r));
    const sourceUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}/oai`;
    const listed = await (await fetch(`${provider.url}/oai?verb=ListIdentifiers&metadataPrefix=oai_dc`)).text();
    const total = Number(/completeListSize="(\d+)"/.exec(listed)![1]);
    expect(total).to.be.greaterThan(9);

    const harvesterDir = tempDir();
    const env = { SEED_DEMO_DATA: 'true', HARVEST_LEASE_SECONDS: '2' };
    let app = await start(harvesterDir, env);
    const admin = adminOf(app);
    const client = new Client(app.url);
    await client.signIn(admin.username, admin.password);
    let db = await MongoClient.connect(databaseUri(app));
    const department = (await db.db('thuvienso').collection('organisations').findOne({ parentId: null }))!;
    const created = await submit(client, '/admin/harvest/sources', {
      name: 'Kho Sở',
      baseUrl: sourceUrl,
      metadataPrefix: 'oai_dc',
      set: '',
      intervalHours: '0',
      orgId: String(department._id),
    });
    expect(created.status).to.equal(303);
    const sourceUrlPath = created.headers.get('location')!;
    expect((await submit(client, `${sourceUrlPath}/run`, {})).status).to.equal(303);

    const runs = () => db.db('thuvienso').collection('harvestruns');
    await pollUntil(async () => ((await runs().findOne({}))?.pages ?? 0) >= 2, {
      timeoutMs: 20_000,
      intervalMs: 50,
      message: 'the harvest got going (two pages)',
    });
    app.proc.kill('SIGKILL');
    await app.exited;
    await db.close();

    app = await start(harvesterDir, env);
    db = await MongoClient.connect(databaseUri(app));
    const run = await pollUntil(
      async () => {
        const current = await runs().findOne({});
        return current?.status !== 'running' && current;
      },
      { timeoutMs: 60_000, message: 'the resumed run finished' },
    );
    expect(run, JSON.stringify(run)).to.deep.include({ status: 'succeeded', resumed: 1 });
    // The page the kill cut short is fetched again: what it had imported counts as updated or unchanged then.
    expect(run.added).to.be.within(total - 3, total);
    expect(await runs().countDocuments({}), 'the same run, resumed').to.equal(1);
    const imported = await db
      .db('thuvienso')
      .collection('resources')
      .countDocuments({ 'external.sourceId': sourceUrlPath.split('/').pop() });
    expect(imported, 'every record once').to.equal(total);
    await db.close();
  });
});
