/**
 * A fault harness: our real server (`src/server.ts`) as a child process on a data directory of its
 * own, with its embedded database; it can be killed with SIGKILL at a chosen moment, have its
 * database frozen (SIGSTOP … SIGCONT), be restarted on the same directory, and have its stores
 * checked against the invariants below.
 *
 * Adding a scenario (a bulk MARC or spreadsheet import, say) takes a few lines:
 *
 *   const app = await AppUnderTest.start();
 *   const signedIn = await app.signIn();                           // the seeded system admin
 *   const importing = startTheImport(signedIn);                    // not awaited: it will be cut short
 *   await app.killWhen(async (db) => (await db.collection('…').countDocuments()) > 10);
 *   await importing.catch(() => {});                               // the connection died with the app
 *   await app.restart();
 *   expect(await app.violations()).to.deep.equal([]);              // the stores agree with each other
 *   // then what the scenario promises: e.g. every imported record once, the import resumable
 *
 * and, if the scenario has rules of its own, an Invariant added to `storeInvariants`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { MongoClient, type Db } from 'mongodb';
import { Client } from './client.js';
import { startServerProcess, type ServerProcess } from './processes.js';
import { freePort, pollUntil } from './toolkit.js';

export interface Invariant {
  name: string;
  /** What is wrong, one line each; empty when the rule holds. */
  check(db: Db): Promise<string[]>;
}

const DB_NAME = 'thuvienso';

export class AppUnderTest {
  private client: MongoClient | undefined;

  private constructor(
    readonly dataDir: string,
    readonly env: NodeJS.ProcessEnv,
    public server: ServerProcess,
    readonly admin: { username: string; password: string },
  ) {}

  /** Starts a fresh app (demo data seeded) on a new data directory and a free port. */
  static async start(env: NodeJS.ProcessEnv = {}): Promise<AppUnderTest> {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'thuvien-fault-'));
    const port = await freePort();
    const fullEnv = {
      DATA_DIR: dataDir,
      PORT: String(port),
      BASE_URL: `http://127.0.0.1:${port}`,
      SEED_DEMO_DATA: 'true',
      ...env,
    };
    const server = await startServerProcess(fullEnv);
    const accounts = server.logs.find((l) => Array.isArray(l.accounts))!.accounts as {
      username: string;
      password: string;
      role: string;
    }[];
    return new AppUnderTest(
      dataDir,
      fullEnv,
      server,
      accounts.find((a) => a.role === 'system_admin')!,
    );
  }

  get url(): string {
    return this.server.url;
  }

  /** The embedded database's server process (FerretDB), as the running app logged it. */
  get databasePid(): number {
    return this.server.logs.filter((l) => typeof l.pid === 'number' && typeof l.uri === 'string').at(-1)!.pid as number;
  }

  /** The app's database, read directly (another client of the app's embedded server). */
  async db(): Promise<Db> {
    if (!this.client) {
      const uri = this.server.logs.filter((l) => typeof l.uri === 'string').at(-1)!.uri as string;
      this.client = await MongoClient.connect(uri, { serverSelectionTimeoutMS: 5000 });
    }
    return this.client.db(DB_NAME);
  }

  async signIn(): Promise<Client> {
    return new Client(this.url).signIn(this.admin.username, this.admin.password);
  }

  /** SIGKILL as soon as `moment` holds (polled), as a crash at that point would. */
  async killWhen(moment: (db: Db) => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
    const db = await this.db();
    await pollUntil(() => moment(db), { timeoutMs, intervalMs: 10, message: 'the moment to kill the app' });
    await this.kill();
  }

  async kill(): Promise<void> {
    this.server.proc.kill('SIGKILL');
    await this.server.exited;
    await this.client?.close(true);
    this.client = undefined;
  }

  /** Stops the app as an operator would (SIGTERM), leaving its data directory. */
  async stop(): Promise<void> {
    await this.client?.close(true);
    this.client = undefined;
    this.server.proc.kill('SIGTERM');
    await this.server.exited;
  }

  /** Starts the app again on the same data directory and port (its embedded database clears the stale lock). */
  async restart(env: NodeJS.ProcessEnv = {}): Promise<void> {
    // The embedded database comes back on another port: `db()` connects afresh.
    await this.client?.close(true);
    this.client = undefined;
    this.server = await startServerProcess({ ...this.env, ...env });
  }

  /** Freezes the embedded database for `ms` (SIGSTOP, then SIGCONT), as a stalled disk or a paused VM would. */
  async freezeDatabase(ms: number): Promise<void> {
    const pid = this.databasePid;
    process.kill(pid, 'SIGSTOP');
    try {
      await sleep(ms);
    } finally {
      process.kill(pid, 'SIGCONT');
    }
  }

  /** Everything `invariants` find wrong in the stores now. */
  async violations(invariants: readonly Invariant[] = storeInvariants): Promise<string[]> {
    const db = await this.db();
    const found: string[] = [];
    for (const invariant of invariants)
      found.push(...(await invariant.check(db)).map((v) => `${invariant.name}: ${v}`));
    return found;
  }

  /** Stops the app (SIGTERM, as an operator would) and removes its data directory. */
  async dispose(): Promise<void> {
    await this.client?.close(true);
    if (this.server.proc.exitCode === null && this.server.proc.signalCode === null) {
      this.server.proc.kill('SIGTERM');
      await this.server.exited;
    }
    fs.rmSync(this.dataDir, { recursive: true, force: true });
  }
}

/** The stored files (GridFS layout) agree with their chunks: each file has all its chunks, each chunk a file or a write under way. */
export const chunksMatchFiles: Invariant = {
  name: 'chunks against files',
  async check(db) {
    const problems: string[] = [];
    const files = await db
      .collection('fs.files')
      .find({}, { projection: { length: 1, chunkSize: 1 } })
      .toArray();
    const pending = new Set((await db.collection('fs.pending').find({}).toArray()).map((p) => String(p._id)));
    const counts = new Map<string, number>();
    for await (const chunk of db.collection('fs.chunks').find({}, { projection: { files_id: 1 } }))
      counts.set(String(chunk.files_id), (counts.get(String(chunk.files_id)) ?? 0) + 1);
    for (const file of files) {
      const expected = Math.ceil(Number(file.length) / Number(file.chunkSize));
      const actual = counts.get(String(file._id)) ?? 0;
      if (actual !== expected) problems.push(`file ${String(file._id)} has ${actual} chunks, ${expected} expected`);
      counts.delete(String(file._id));
    }
    for (const [id, n] of counts) if (!pending.has(id)) problems.push(`${n} chunks of ${id}, which is no file`);
    return problems;
  },
};

/** Every file a resource names is stored; every stored file is some resource's (or a simulation's entry), or an upload still to be swept. */
export const resourcesMatchStorage: Invariant = {
  name: 'resources against storage',
  async check(db) {
    const problems: string[] = [];
    const stored = new Set(
      (
        await db
          .collection('fs.files')
          .find({}, { projection: { _id: 1 } })
          .toArray()
      ).map((f) => String(f._id)),
    );
    const named = new Set<string>();
    for await (const r of db.collection('resources').find({}, { projection: { files: 1 } }))
      for (const f of (r.files ?? []) as { id: string }[]) {
        named.add(f.id);
        if (!stored.has(f.id)) problems.push(`resource ${String(r._id)} names file ${f.id}, which is not stored`);
      }
    for await (const job of db.collection('importjobs').find({}, { projection: { fileId: 1 } })) named.add(job.fileId);
    for await (const sim of db.collection('simulations').find({}))
      for (const e of (sim.entries ?? []) as { storedId: string }[]) named.add(e.storedId);
    const pending = new Set((await db.collection('pendinguploads').find({}).toArray()).map((p) => String(p._id)));
    for (const id of stored)
      if (!named.has(id) && !pending.has(id)) problems.push(`stored file ${id} belongs to nothing`);
    return problems;
  },
};

/** A harvested record is imported once: one resource per (source, identifier). */
export const harvestedOnce: Invariant = {
  name: 'harvested records',
  async check(db) {
    const seen = new Map<string, number>();
    for await (const r of db
      .collection('resources')
      .find({ external: { $ne: null } }, { projection: { external: 1 } })) {
      const e = r.external as { sourceId?: string; identifier?: string } | null;
      if (!e?.sourceId) continue;
      const key = `${e.sourceId} ${e.identifier}`;
      seen.set(key, (seen.get(key) ?? 0) + 1);
    }
    return [...seen].filter(([, n]) => n > 1).map(([key, n]) => `${key} imported ${n} times`);
  },
};

export const storeInvariants: readonly Invariant[] = [chunksMatchFiles, resourcesMatchStorage, harvestedOnce];
