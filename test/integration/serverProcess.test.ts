/**
 * The server as `npm start` runs it: a separate process, its own data directory, the embedded
 * database it starts itself.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import { spawnSync } from 'node:child_process';
import { expect } from 'chai';
import { MongoClient } from 'mongodb';
import { startServerProcess, type ServerProcess } from '../support/processes.js';
import { freePort, pollUntil } from '../support/toolkit.js';
import { projectRoot } from '../../config/index.js';

describe('the server process', function () {
  this.timeout(180_000);
  let dataDir: string;
  let running: ServerProcess | undefined;

  const start = async () => {
    const port = await freePort();
    running = await startServerProcess({
      DATA_DIR: dataDir,
      PORT: String(port),
      BASE_URL: `http://127.0.0.1:${port}`,
      SEED_DEMO_DATA: 'false',
    });
    return running;
  };
  const databaseUri = (server: ServerProcess) =>
    server.logs.filter((l) => typeof l.uri === 'string').at(-1)!.uri as string;
  const embeddedPid = () =>
    (JSON.parse(fs.readFileSync(path.join(dataDir, 'db', 'embedded.lock'), 'utf8')) as { childPid: number }).childPid;

  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'thuvien-process-'));
  });
  afterEach(async () => {
    if (running && running.proc.exitCode === null) {
      running.proc.kill('SIGKILL');
      await running.exited;
    }
    running = undefined;
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps data across a clean restart and across kill -9', async () => {
    let server = await start();
    expect((await fetch(`${server.url}/readyz`)).status).to.equal(200);
    let client = await MongoClient.connect(databaseUri(server));
    await client
      .db('thuvienso')
      .collection('probe')
      .insertOne({ _id: 'restart' as never, note: 'Trường THCS Nhựt Tảo' });
    await client.close();

    server.proc.kill('SIGTERM');
    expect(await server.exited).to.equal(0);

    server = await start();
    client = await MongoClient.connect(databaseUri(server));
    expect(
      await client
        .db('thuvienso')
        .collection('probe')
        .findOne({ _id: 'restart' as never }),
    ).to.include({ note: 'Trường THCS Nhựt Tảo' });
    await client
      .db('thuvienso')
      .collection('probe')
      .insertOne({ _id: 'kill9' as never, note: 'Trường THPT Tân An' });
    await client.close();

    const oldDatabasePid = embeddedPid();
    server.proc.kill('SIGKILL');
    await server.exited;
    server = await start();
    expect(embeddedPid()).to.not.equal(oldDatabasePid);
    expect((await fetch(`${server.url}/readyz`)).status).to.equal(200);
    client = await MongoClient.connect(databaseUri(server));
    expect(await client.db('thuvienso').collection('probe').countDocuments({})).to.equal(2);
    await client.close();
  });

  it('logs every request as JSON with its request id', async () => {
    const server = await start();
    const res = await fetch(`${server.url}/khong-co`, { headers: { 'x-request-id': 'test-request-0001' } });
    expect(res.status).to.equal(404);
    const line = await server.waitForLog((l) => l.msg === 'request completed' && l.reqId === 'test-request-0001', 5000);
    expect(line).to.deep.include({ req: { method: 'GET', url: '/khong-co' }, res: { statusCode: 404 } });
  });

  it('finishes in-flight requests on SIGTERM, then stops the embedded database', async () => {
    const server = await start();
    const databasePid = embeddedPid();
    const url = new URL(`${server.url}/api/v1/slow-upload`);
    // A request whose body is still arriving when the signal comes.
    const answer = new Promise<number>((resolve, reject) => {
      const req = http.request(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-length': 13 },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.write('{"title":');
      setTimeout(() => {
        server.proc.kill('SIGTERM');
        setTimeout(() => req.end('"x"}'), 500);
      }, 200);
    });
    expect(await answer, 'the request got its answer (403: it carries no CSRF token)').to.equal(403);
    expect(await server.exited).to.equal(0);
    expect(fs.existsSync(`/proc/${databasePid}`), 'the embedded database stopped too').to.equal(false);
    expect(fs.existsSync(path.join(dataDir, 'db', 'embedded.lock'))).to.equal(false);
    expect(server.logs.some((l) => /stopped/.test(l.msg))).to.equal(true);
  });

  it('answers 503 on /readyz and on requests that need the database while it does not answer, and recovers', async () => {
    const port = await freePort();
    const server = (running = await startServerProcess({
      DATA_DIR: dataDir,
      PORT: String(port),
      BASE_URL: `http://127.0.0.1:${port}`,
      SEED_DEMO_DATA: 'false',
      DB_TIMEOUT_MS: '1500',
    }));
    const pid = embeddedPid();
    process.kill(pid, 'SIGSTOP');
    try {
      const res = await fetch(`${server.url}/readyz`);
      expect(res.status).to.equal(503);
      expect(await res.json()).to.deep.equal({ status: 'not-ready', checks: { database: 'failing', catalogue: 'ok' } });
      expect((await fetch(`${server.url}/healthz`)).status, 'the process itself is alive').to.equal(200);

      const api = await fetch(`${server.url}/api/v1/resources/0123456789abcdef01234567`, {
        headers: { 'accept-language': 'en' },
      });
      expect(api.status).to.equal(503);
      expect(api.headers.get('retry-after')).to.equal('5');
      expect(((await api.json()) as { error: { code: string; message: string } }).error).to.deep.include({
        code: 'unavailable',
        message: 'The database cannot be reached right now. Please try again shortly.',
      });
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    await pollUntil(async () => (await fetch(`${server.url}/readyz`)).status === 200, {
      timeoutMs: 20_000,
      message: 'ready again',
    });
  });

  it('stops with one clear line when the configuration is wrong', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
      cwd: projectRoot,
      env: { PATH: process.env.PATH, DATA_DIR: dataDir, PORT: 'tám nghìn' },
      encoding: 'utf8',
    });
    expect(result.status).to.equal(78);
    expect(result.stderr.trim()).to.equal('Cấu hình không hợp lệ / Invalid configuration: PORT must be a number');
  });
});
