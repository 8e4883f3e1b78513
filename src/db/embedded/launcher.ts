/**
 * Starts the embedded FerretDB as a child process on a free loopback port, its SQLite files under
 * DATA_DIR/db, keeps it running and stops it cleanly.
 *
 * Unclean stops are expected (kill -9 of the app, a crash, a power cut):
 * - the child exits by itself when our end of its stdin closes, so it never outlives us for long;
 * - DATA_DIR/db/embedded.lock names the app and child processes; a lock whose app is gone is
 *   stale: its child, if still there, is stopped and the lock taken over. A lock whose app is
 *   alive means another instance uses this DATA_DIR, and we refuse to start rather than share
 *   SQLite files between two servers;
 * - if the child dies while we run, it is started again on the same port, so the driver's
 *   connection pool reconnects by itself; meanwhile requests answer 503.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../../log.js';

const PROGRAM_MARK = 'thuvien-ferretdb';
const MAX_RESTARTS_PER_MINUTE = 5;

interface LockContent {
  appPid: number;
  childPid?: number;
  /** Where the child listens: tools such as a backup connect to it while the app runs. */
  uri?: string;
  startedAt: string;
}

interface ChildEvent {
  event: string;
  uri?: string;
  error?: string;
  created?: number;
}

export class EmbeddedDatabaseError extends Error {
  override name = 'EmbeddedDatabaseError';
}

export interface EmbeddedDatabase {
  readonly uri: string;
  /** The process id of the current FerretDB child. */
  readonly pid: number;
  /** Resolves once every FerretDB table has its `_id` path index (see src/db/ferretdb/main.go). */
  indexIdPaths(): Promise<number>;
  stop(): Promise<void>;
}

export interface LaunchOptions {
  binary: string;
  dataDir: string;
  log: Logger;
  startTimeoutMs?: number;
}

export async function launchEmbeddedDatabase(options: LaunchOptions): Promise<EmbeddedDatabase> {
  const dbDir = path.join(options.dataDir, 'db');
  fs.mkdirSync(dbDir, { recursive: true, mode: 0o700 });
  const lockFile = path.join(dbDir, 'embedded.lock');
  await takeLock(lockFile, options.log);
  try {
    const running = new RunningDatabase(options, dbDir, lockFile);
    await running.start('127.0.0.1:0');
    options.log.info(
      { uri: running.uri, pid: running.pid, dataDir: dbDir },
      'Cơ sở dữ liệu nhúng đã sẵn sàng / embedded database ready',
    );
    return running;
  } catch (err) {
    fs.rmSync(lockFile, { force: true });
    throw err;
  }
}

class RunningDatabase implements EmbeddedDatabase {
  uri = '';
  private child: ChildProcessWithoutNullStreams | undefined;
  private stopping = false;
  private restarts: number[] = [];
  private indexWaiters: Array<(event: ChildEvent) => void> = [];

  constructor(
    private readonly options: LaunchOptions,
    private readonly dbDir: string,
    private readonly lockFile: string,
  ) {}

  get pid(): number {
    return this.child?.pid ?? -1;
  }

  async start(listenAddr: string): Promise<void> {
    const child = spawn(this.options.binary, ['--data-dir', this.dbDir, '--listen-addr', listenAddr], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const { uri, events } = await awaitListening(child, this.options.startTimeoutMs ?? 30_000);
    this.child = child;
    this.uri = uri;
    writeLock(this.lockFile, { appPid: process.pid, childPid: child.pid!, uri, startedAt: new Date().toISOString() });
    events.on('line', (line) => this.onEvent(parseEvent(line)));
    child.once('exit', (code, signal) => void this.onExit(child, code, signal));
  }

  private onEvent(event: ChildEvent | undefined): void {
    if (event?.event === 'index-error')
      this.options.log.warn({ error: event.error }, 'FerretDB _id index sweep failed');
    if (event?.event === 'indexed') this.indexWaiters.shift()?.(event);
  }

  private async onExit(
    child: ChildProcessWithoutNullStreams,
    code: number | null,
    signal: NodeJS.Signals | null,
  ): Promise<void> {
    if (this.stopping || child !== this.child) return;
    const log = this.options.log;
    log.error({ code, signal }, 'Cơ sở dữ liệu nhúng đã dừng bất ngờ / the embedded database stopped unexpectedly');
    for (const waiter of this.indexWaiters.splice(0))
      waiter({ event: 'indexed', error: 'the embedded database stopped' });
    const now = Date.now();
    this.restarts = this.restarts.filter((t) => now - t < 60_000);
    if (this.restarts.length >= MAX_RESTARTS_PER_MINUTE) {
      log.fatal('the embedded database keeps stopping; not restarting it again');
      return;
    }
    this.restarts.push(now);
    await sleep(500);
    if (this.stopping) return;
    try {
      await this.start(new URL(this.uri).host);
      log.warn({ pid: this.pid }, 'Đã khởi động lại cơ sở dữ liệu nhúng / restarted the embedded database');
    } catch (err) {
      log.fatal({ err }, 'could not restart the embedded database');
    }
  }

  indexIdPaths(): Promise<number> {
    const child = this.child;
    if (!child) return Promise.reject(new EmbeddedDatabaseError('the embedded database is not running'));
    return new Promise((resolve, reject) => {
      this.indexWaiters.push((event) =>
        event.error ? reject(new EmbeddedDatabaseError(event.error)) : resolve(event.created ?? 0),
      );
      child.stdin.write('index\n');
    });
  }

  async stop(): Promise<void> {
    this.stopping = true;
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) {
      fs.rmSync(this.lockFile, { force: true });
      return;
    }
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.stdin.end('stop\n');
    if (
      (await Promise.race([exited.then(() => 'exited' as const), sleep(10_000).then(() => 'timeout' as const)])) ===
      'timeout'
    ) {
      this.options.log.warn({ pid: child.pid }, 'FerretDB did not stop within 10 s; killing it');
      child.kill('SIGKILL');
      await exited;
    }
    fs.rmSync(this.lockFile, { force: true });
  }
}

function parseEvent(line: string): ChildEvent | undefined {
  try {
    return JSON.parse(line) as ChildEvent;
  } catch {
    return undefined;
  }
}

function awaitListening(
  child: ChildProcessWithoutNullStreams,
  timeoutMs: number,
): Promise<{ uri: string; events: readline.Interface }> {
  const events = readline.createInterface({ input: child.stdout });
  let stderr = '';
  const keepStderr = (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  };
  child.stderr.on('data', keepStderr);
  return new Promise((resolve, reject) => {
    const cleanUp = () => {
      clearTimeout(timer);
      events.off('line', onLine);
      child.off('error', onError);
      child.off('exit', onExit);
    };
    const fail = (why: string) => {
      cleanUp();
      child.kill('SIGKILL');
      const detail = stderr ? ` — ${stderr.trim().split('\n').slice(-2).join(' | ')}` : '';
      reject(
        new EmbeddedDatabaseError(
          `Không khởi động được cơ sở dữ liệu nhúng / The embedded database did not start: ${why}${detail}`,
        ),
      );
    };
    const onError = (err: Error) => fail(err.message);
    const onExit = (code: number | null) => fail(`exited with code ${code}`);
    const onLine = (line: string) => {
      const event = parseEvent(line);
      if (event?.event === 'error') return fail(event.error ?? 'unknown error');
      if (event?.event !== 'listening' || !event.uri) return;
      cleanUp();
      resolve({ uri: event.uri, events });
    };
    const timer = setTimeout(() => fail(`no answer within ${timeoutMs} ms`), timeoutMs);
    child.once('error', onError);
    child.once('exit', onExit);
    events.on('line', onLine);
  });
}

async function takeLock(lockFile: string, log: Logger): Promise<void> {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(lockFile, JSON.stringify({ appPid: process.pid, startedAt: new Date().toISOString() }), {
        flag: 'wx',
      });
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    await clearStaleLock(lockFile, log);
  }
  throw new EmbeddedDatabaseError(`Could not take ${lockFile}`);
}

async function clearStaleLock(lockFile: string, log: Logger): Promise<void> {
  let lock: LockContent | undefined;
  try {
    lock = JSON.parse(fs.readFileSync(lockFile, 'utf8')) as LockContent;
  } catch {
    lock = undefined; // unreadable or half-written: stale by definition
  }
  if (lock && lock.appPid !== process.pid && isAlive(lock.appPid) && commandLineOf(lock.appPid).includes('node')) {
    throw new EmbeddedDatabaseError(
      `Thư mục dữ liệu đang được tiến trình ${lock.appPid} dùng / ` +
        `DATA_DIR is in use by process ${lock.appPid} (${lockFile}); stop it or choose another DATA_DIR`,
    );
  }
  if (lock?.childPid && isAlive(lock.childPid) && commandLineOf(lock.childPid).includes(PROGRAM_MARK)) {
    log.warn({ pid: lock.childPid }, 'Stopping the embedded database left over from an unclean stop');
    await stopProcess(lock.childPid);
  }
  log.warn({ lockFile, previous: lock }, 'Removing a stale embedded-database lock');
  fs.rmSync(lockFile, { force: true });
}

/**
 * The address of the embedded database that a running app started on this DATA_DIR, if one does:
 * a second process (a backup) may read it there, as a client, while the app owns it.
 */
export function runningEmbeddedUri(dataDir: string): string | undefined {
  try {
    const lock = JSON.parse(fs.readFileSync(path.join(dataDir, 'db', 'embedded.lock'), 'utf8')) as LockContent;
    const running = isAlive(lock.appPid) && lock.childPid !== undefined && isAlive(lock.childPid);
    return running && lock.uri ? lock.uri : undefined;
  } catch {
    return undefined;
  }
}

function writeLock(lockFile: string, content: LockContent): void {
  const tmp = `${lockFile}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(content));
  fs.renameSync(tmp, lockFile);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function commandLineOf(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return `node ${PROGRAM_MARK}`; // no /proc (not Linux): trust the lock file
  }
}

async function stopProcess(pid: number): Promise<void> {
  process.kill(pid, 'SIGTERM');
  for (let waited = 0; waited < 10_000; waited += 100) {
    if (!isAlive(pid)) return;
    await sleep(100);
  }
  process.kill(pid, 'SIGKILL');
}
