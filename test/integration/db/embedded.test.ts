import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { expect } from 'chai';
import { MongoClient } from 'mongodb';
import { ensureBinary } from '../../../src/db/embedded/binary.js';
import { launchEmbeddedDatabase, type EmbeddedDatabase } from '../../../src/db/embedded/launcher.js';
import { testContext } from '../../support/context.js';
import { pollUntil } from '../../support/toolkit.js';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return fs.existsSync(`/proc/${pid}/cmdline`) && fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').length > 0;
  } catch {
    return false;
  }
};

describe('embedded FerretDB launcher', function () {
  this.timeout(120_000);
  let dataDir: string;
  let binary: string;
  const started: EmbeddedDatabase[] = [];

  const launch = async () => {
    const db = await launchEmbeddedDatabase({ binary, dataDir, log: testContext().log });
    started.push(db);
    return db;
  };
  const withClient = async <T>(uri: string, fn: (client: MongoClient) => Promise<T>): Promise<T> => {
    const client = await MongoClient.connect(uri, { serverSelectionTimeoutMS: 5000 });
    try {
      return await fn(client);
    } finally {
      await client.close();
    }
  };

  before(async () => {
    binary = await ensureBinary(testContext().log);
  });
  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'thuvien-launcher-'));
  });
  afterEach(async () => {
    for (const db of started.splice(0)) await db.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts on a free loopback port and keeps data across a restart', async () => {
    const first = await launch();
    expect(first.uri).to.match(/^mongodb:\/\/127\.0\.0\.1:\d+\/$/);
    await withClient(first.uri, (c) =>
      c
        .db('keep')
        .collection('books')
        .insertOne({ _id: 'sgk-toan-6' as never, title: 'Toán 6 — Kết nối tri thức' }),
    );
    await first.stop();
    expect(alive(first.pid)).to.equal(false);
    expect(fs.existsSync(path.join(dataDir, 'db', 'embedded.lock')), 'a clean stop removes the lock').to.equal(false);

    const second = await launch();
    const doc = await withClient(second.uri, (c) =>
      c
        .db('keep')
        .collection('books')
        .findOne({ _id: 'sgk-toan-6' as never }),
    );
    expect(doc?.title).to.equal('Toán 6 — Kết nối tri thức');
  });

  it('indexes the _id path of every collection so lookups by _id do not scan', async () => {
    const db = await launch();
    await withClient(db.uri, async (c) => {
      await c
        .db('idx')
        .collection('items')
        .insertMany(
          Array.from({ length: 5000 }, (_, i) => ({
            _id: `item-${i}` as never,
            n: i,
            text: 'Sách giáo khoa điện tử '.repeat(5),
          })),
        );
      expect(await db.indexIdPaths()).to.be.at.least(1);
      // EXPLAIN alone does not make SQLite notice a schema change; a real query does.
      expect(
        await c
          .db('idx')
          .collection('items')
          .findOne({ _id: 'item-4999' as never }),
      ).to.include({ n: 4999 });
      const explained = await c.db('idx').command({ explain: { find: 'items', filter: { _id: 'item-7' } } });
      expect(JSON.stringify(explained.queryPlanner)).to.include('USING INDEX');
      expect(await db.indexIdPaths(), 'a second sweep has nothing to do').to.equal(0);
    });
  });

  it('refuses a data directory that a live app instance is using', async () => {
    await launch();
    const lock = path.join(dataDir, 'db', 'embedded.lock');
    const content = JSON.parse(fs.readFileSync(lock, 'utf8')) as { appPid: number };
    expect(content.appPid).to.equal(process.pid);
    // Another app instance: pretend to be a different, living node process that holds the lock.
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
    try {
      fs.writeFileSync(lock, JSON.stringify({ ...content, appPid: other.pid }));
      let error: Error | undefined;
      await launchEmbeddedDatabase({ binary, dataDir, log: testContext().log }).catch((e: Error) => (error = e));
      expect(error?.message).to.match(/DATA_DIR is in use by process \d+/);
    } finally {
      other.kill();
    }
  });

  it('takes over after an unclean stop: a stale lock and an orphaned database process', async () => {
    // An orphan FerretDB whose app died (its stdin is held open by us, so it does not exit by itself).
    const orphan = spawn(binary, ['--data-dir', path.join(dataDir, 'db'), '--listen-addr', '127.0.0.1:0'], {
      stdio: ['pipe', 'pipe', 'ignore'],
    });
    const uri = await new Promise<string>((resolve) =>
      orphan.stdout.once('data', (d: Buffer) => resolve((JSON.parse(d.toString()) as { uri: string }).uri)),
    );
    await withClient(uri, (c) => c.db('keep').collection('books').insertOne({ title: 'Ngữ văn 7' }));
    const deadApp = spawn(process.execPath, ['-e', '0']);
    await new Promise((resolve) => deadApp.once('exit', resolve));
    fs.writeFileSync(
      path.join(dataDir, 'db', 'embedded.lock'),
      JSON.stringify({ appPid: deadApp.pid, childPid: orphan.pid, startedAt: new Date().toISOString() }),
    );

    const db = await launch();
    await pollUntil(() => orphan.exitCode !== null || orphan.signalCode !== null, {
      intervalMs: 50,
      message: 'the orphaned database exited',
    });
    const doc = await withClient(db.uri, (c) => c.db('keep').collection('books').findOne({ title: 'Ngữ văn 7' }));
    expect(doc?.title, 'data written before the unclean stop is still there').to.equal('Ngữ văn 7');
  });

  it('takes over a lock that is half written', async () => {
    fs.mkdirSync(path.join(dataDir, 'db'), { recursive: true });
    fs.writeFileSync(path.join(dataDir, 'db', 'embedded.lock'), '{"appPid": 12');
    const db = await launch();
    expect(alive(db.pid)).to.equal(true);
  });

  it('exits by itself when the app that started it is killed', async () => {
    // A separate node process launches the database, then is killed with SIGKILL.
    const script = `
      import { launchEmbeddedDatabase } from './src/db/embedded/launcher.ts';
      import { createLogger } from './src/log.ts';
      const db = await launchEmbeddedDatabase({ binary: ${JSON.stringify(binary)}, dataDir: ${JSON.stringify(dataDir)}, log: createLogger('silent') });
      process.stdout.write(JSON.stringify({ pid: db.pid, uri: db.uri }) + '\\n');
      setInterval(() => {}, 1000);
    `;
    const app = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: path.resolve('.'),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const { pid, uri } = await new Promise<{ pid: number; uri: string }>((resolve) =>
      app.stdout.once('data', (d: Buffer) => resolve(JSON.parse(d.toString()) as { pid: number; uri: string })),
    );
    await withClient(uri, (c) => c.db('keep').collection('books').insertOne({ title: 'Lịch sử và Địa lí 8' }));
    app.kill('SIGKILL');
    await pollUntil(() => !alive(pid), { intervalMs: 50, message: 'the database exited with its app' });

    const db = await launch();
    const doc = await withClient(db.uri, (c) =>
      c.db('keep').collection('books').findOne({ title: 'Lịch sử và Địa lí 8' }),
    );
    expect(doc?.title).to.equal('Lịch sử và Địa lí 8');
  });

  it('restarts the database on the same port when it dies under a running app', async () => {
    const db = await launch();
    const firstPid = db.pid;
    await withClient(db.uri, async (c) => {
      await c.db('keep').collection('books').insertOne({ title: 'Tin học 10' });
      process.kill(firstPid, 'SIGKILL');
      await pollUntil(() => db.pid !== firstPid && alive(db.pid), {
        timeoutMs: 15_000,
        intervalMs: 50,
        message: 'the database restarted',
      });
      const doc = await c.db('keep').collection('books').findOne({ title: 'Tin học 10' });
      expect(doc?.title, 'the same client reconnects to the restarted database').to.equal('Tin học 10');
    });
  });
});
