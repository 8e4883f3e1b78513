/**
 * The hardening tests attack the app as `npm start` runs it: a separate process with the demo
 * data, so that "the server stays up" means the process did not exit, and what storage holds is
 * read straight from its database.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MongoClient, type Db } from 'mongodb';
import { startServerProcess, type ServerProcess } from '../../support/processes.js';
import { freePort } from '../../support/toolkit.js';

export interface DemoLogin {
  username: string;
  password: string;
}

export interface AppProcess {
  server: ServerProcess;
  url: string;
  db: Db;
  /** The demo accounts by username, with the passwords generated at first start. */
  accounts: Map<string, DemoLogin>;
  alive(): boolean;
  stop(): Promise<void>;
}

export async function startAppProcess(env: NodeJS.ProcessEnv = {}): Promise<AppProcess> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'thuvien-hardening-'));
  const port = await freePort();
  const server = await startServerProcess(
    { DATA_DIR: dataDir, PORT: String(port), BASE_URL: `http://127.0.0.1:${port}`, SEED_DEMO_DATA: 'true', ...env },
    180_000,
  );
  const uri = server.logs.filter((l) => typeof l.uri === 'string').at(-1)!.uri as string;
  const client = await MongoClient.connect(uri);
  const accounts = new Map<string, DemoLogin>();
  for (const line of fs.readFileSync(path.join(dataDir, 'demo-accounts.txt'), 'utf8').trim().split('\n')) {
    const [username, password] = line.split('\t');
    accounts.set(username!, { username: username!, password: password! });
  }
  return {
    server,
    url: server.url,
    db: client.db('thuvienso'),
    accounts,
    alive: () => server.proc.exitCode === null && server.proc.signalCode === null,
    stop: async () => {
      await client.close();
      if (server.proc.exitCode === null) {
        server.proc.kill('SIGKILL');
        await server.exited;
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Storage holds whole files only: every chunk belongs to a stored file, every file has all its
 * chunks, and no write is left pending. Returns what does not hold, empty when all is well.
 */
export async function storageProblems(db: Db): Promise<string[]> {
  const files = await db.collection<{ _id: string; length: number; chunkSize: number }>('fs.files').find({}).toArray();
  const expected = new Map(files.map((f) => [f._id, Math.ceil(f.length / f.chunkSize)]));
  const counted = new Map<string, number>();
  for (const chunk of await db
    .collection<{ files_id: string }>('fs.chunks')
    .find({}, { projection: { files_id: 1 } })
    .toArray())
    counted.set(chunk.files_id, (counted.get(chunk.files_id) ?? 0) + 1);
  const problems: string[] = [];
  for (const [id, n] of counted)
    if (!expected.has(id)) problems.push(`${n} chunk(s) of ${id}, which is no stored file`);
  for (const [id, n] of expected)
    if ((counted.get(id) ?? 0) !== n) problems.push(`file ${id} has ${counted.get(id) ?? 0} of its ${n} chunks`);
  for (const collection of ['fs.pending', 'pendinguploads']) {
    const left = await db.collection(collection).countDocuments();
    if (left) problems.push(`${left} write(s) still pending in ${collection}`);
  }
  return problems;
}

/** Waits until storage holds whole files only (a failed upload cleans up as its request ends), or says what is left. */
export async function settledStorage(db: Db, withinMs = 10_000): Promise<string[]> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const problems = await storageProblems(db);
    if (!problems.length || Date.now() > deadline) return problems;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
