/**
 * A school's trial moved onto the province's database, end to end, as docs/operations.md tells it:
 * the trial runs on the embedded database with the demo data; `backup` is taken while it runs;
 * `restore` with MONGODB_URI set writes it into the "production" database (a second embedded
 * server here, which speaks the same protocol as MongoDB); the app then starts there and serves
 * the same library. Every document and file is compared.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'chai';
import { MongoClient } from 'mongodb';
import { projectRoot } from '../../../config/index.js';
import { storageBackend } from '../../../config/files.js';
import { ensureBinary } from '../../../src/db/embedded/binary.js';
import { launchEmbeddedDatabase, type EmbeddedDatabase } from '../../../src/db/embedded/launcher.js';
import { createStorage } from '../../../src/registry/storage.js';
import { testContext } from '../../support/context.js';
import { startServerProcess, type ServerProcess } from '../../support/processes.js';
import { freePort } from '../../support/toolkit.js';
import { contentsOf, type Contents } from './backupSupport.js';

const DB_NAME = 'thuvienso';

function tool(script: string, args: string[], env: NodeJS.ProcessEnv) {
  return spawnSync(process.execPath, ['--import', 'tsx', `src/backup/${script}`, ...args], {
    cwd: projectRoot,
    encoding: 'utf8',
    timeout: 300_000,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'test', ...env },
  });
}

async function contentsAt(uri: string): Promise<Contents> {
  const client = await MongoClient.connect(uri);
  try {
    const db = client.db(DB_NAME);
    return await contentsOf(db, createStorage(storageBackend, { db: () => db }));
  } finally {
    await client.close();
  }
}

async function start(env: NodeJS.ProcessEnv): Promise<ServerProcess> {
  const port = await freePort();
  return startServerProcess({ PORT: String(port), BASE_URL: `http://127.0.0.1:${port}`, ...env }, 300_000);
}

describe('moving a trial from the embedded database to production', function () {
  this.timeout(900_000);
  const dirs: string[] = [];
  const servers: ServerProcess[] = [];
  let production: EmbeddedDatabase | undefined;
  const tempDir = (name: string) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `thuvien-${name}-`));
    dirs.push(dir);
    return dir;
  };

  after(async () => {
    for (const server of servers.filter((s) => s.proc.exitCode === null)) {
      server.proc.kill('SIGKILL');
      await server.exited;
    }
    await production?.stop();
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('backs the running trial up, restores it with MONGODB_URI set, and the app serves it there', async () => {
    const trialDir = tempDir('trial');
    const trial = await start({ DATA_DIR: trialDir, SEED_DEMO_DATA: 'true' });
    servers.push(trial);
    const trialUri = trial.logs.filter((l) => typeof l.uri === 'string').at(-1)!.uri as string;
    await textExtractionDone(trialUri);
    const listing = await (await fetch(`${trial.url}/api/v1/resources?limit=100`)).json();

    const archive = path.join(tempDir('archive'), 'truong-thu.zip');
    const backup = tool('backupCli.ts', [archive], { DATA_DIR: trialDir });
    expect(backup.status, backup.stderr).to.equal(0);
    expect(backup.stdout).to.match(/backed up: \d+ documents in \d+ collections, [1-9]\d* files/);
    const trialContents = await contentsAt(trialUri);
    trial.proc.kill('SIGTERM');
    expect(await trial.exited).to.equal(0);

    production = await launchEmbeddedDatabase({
      binary: await ensureBinary(testContext().log),
      dataDir: tempDir('production'),
      log: testContext().log,
    });
    const productionEnv = { MONGODB_URI: production.uri, DB_NAME, DATA_DIR: tempDir('production-app') };
    const restore = tool('restoreCli.ts', [archive], productionEnv);
    expect(restore.status, restore.stderr).to.equal(0);
    expect(restore.stdout).to.match(/restored: \d+ documents, [1-9]\d* files/);
    const moved = await contentsAt(production.uri);
    expect(Object.keys(moved.collections)).to.deep.equal(Object.keys(trialContents.collections));
    for (const [name, docs] of Object.entries(trialContents.collections))
      expect(moved.collections[name], name).to.deep.equal(docs);
    expect(Object.keys(moved.files)).to.deep.equal(Object.keys(trialContents.files));
    for (const [id, file] of Object.entries(trialContents.files))
      expect(moved.files[id]!.bytes.equals(file.bytes), `file ${id}`).to.equal(true);

    const again = tool('restoreCli.ts', [archive], productionEnv);
    expect(again.status).to.equal(3);
    expect(again.stderr).to.include('not empty').and.include('--force');

    const served = await start({ ...productionEnv, SEED_DEMO_DATA: 'false' });
    servers.push(served);
    expect((await fetch(`${served.url}/readyz`)).status).to.equal(200);
    expect(await (await fetch(`${served.url}/api/v1/resources?limit=100`)).json()).to.deep.equal(listing);
    served.proc.kill('SIGTERM');
    expect(await served.exited).to.equal(0);
  });
});

/** The trial extracts the demo files' text in the background; the comparison wants it finished. */
async function textExtractionDone(uri: string): Promise<void> {
  const client = await MongoClient.connect(uri);
  try {
    // Generous: on a machine shared with other work, the demo files took over two minutes.
    const deadline = Date.now() + 300_000;
    while ((await client.db(DB_NAME).collection('textjobs').countDocuments()) > 0) {
      if (Date.now() > deadline) throw new Error('text extraction did not finish within 5 minutes');
      await sleep(500);
    }
  } finally {
    await client.close();
  }
}
