/** Running the app as its own process for a benchmark, signing in, and reporting. */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { projectRoot } from '../../config/index.js';
import { loadOrCreateDevSecrets } from '../../config/secrets.js';
import { loadOrCreateSpCredentials } from '../../src/auth/saml/spCredentials.js';
import { CookieJar, freePort } from '../../test/support/toolkit.js';

export interface BenchServer {
  url: string;
  pid: number;
  indexLoadMs: number | null;
  /** The embedded database's address, as the app logged it. */
  databaseUri: string | null;
  /** From the process's start to /healthz answering, and to /readyz answering 200 (the search index loaded). */
  listeningMs: number;
  readyMs: number;
  /** How the holdings (every copy's state) came at start: read from the search snapshot, or from the database. */
  holdingsLoad: { from: 'snapshot' | 'database'; ms: number } | null;
  stop(): Promise<void>;
}

/** Resident memory of a process, in MB (Linux). */
export function residentMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
}

async function waitUntilReady(url: string): Promise<void> {
  for (;;) {
    const res = await fetch(`${url}/readyz`).catch(() => null);
    if (res?.status === 200) return;
    await res?.arrayBuffer();
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * The app as production runs it (NODE_ENV=production: compiled templates kept, request logs at
 * info), with the secrets and SAML key of the data directory, so that what earlier runs stored
 * there stays readable.
 */
function productionEnv(dataDir: string, url: string): NodeJS.ProcessEnv {
  const secrets = loadOrCreateDevSecrets(dataDir);
  const saml = loadOrCreateSpCredentials(null, dataDir, '127.0.0.1');
  return {
    NODE_ENV: 'production',
    // As `npm start` and the image run it (see the Dockerfile for why).
    MALLOC_ARENA_MAX: '2',
    SESSION_SECRET: secrets.sessionSecret,
    TOKEN_SECRET: secrets.tokenSecret,
    LTI_KEY_SECRET: secrets.ltiKeySecret,
    SAML_SP_KEY: saml.key,
    SAML_SP_CERT: saml.cert,
    BASE_URL: url,
  };
}

/**
 * How a benchmark starts the app: from its sources through tsx (BENCH_CPU_PROF can profile it), or
 * exactly as `npm start` does (compiled, with the start script's node flags), where memory is measured.
 */
export type StartedAs = 'sources' | 'npm start';

function appCommand(startedAs: StartedAs): [string, string[]] {
  if (startedAs === 'sources') return [process.execPath, [...profiling(), '--import', 'tsx', 'src/server.ts']];
  const build = spawnSync(process.execPath, ['scripts/build.mjs', '--if-stale'], {
    cwd: projectRoot,
    stdio: 'inherit',
  });
  if (build.status !== 0) throw new Error('the app did not compile (node scripts/build.mjs)');
  const pkg = JSON.parse(fs.readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  // The start script ends in `exec node …`: the shell becomes the app, so the pid measured is the app's.
  return ['sh', ['-c', pkg.scripts.start!]];
}

export async function startBenchServer(
  dataDir: string,
  env: NodeJS.ProcessEnv = {},
  startedAs: StartedAs = 'sources',
): Promise<BenchServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const spawnedAt = Date.now();
  const [command, commandArgs] = appCommand(startedAs);
  const proc = spawn(command, commandArgs, {
    cwd: projectRoot,
    env: {
      ...process.env,
      ...productionEnv(dataDir, url),
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      SEED_DEMO_DATA: 'false',
      LOG_LEVEL: 'info',
      // The test platform (JWKS, tokens) listens on loopback, which outgoing requests may not reach otherwise.
      OUTBOUND_ALLOW: '127.0.0.1,localhost',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let indexLoadMs: number | null = null;
  let holdingsLoad: BenchServer['holdingsLoad'] = null;
  let databaseUri: string | null = null;
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the app did not start within 10 minutes')), 600_000);
    readline.createInterface({ input: proc.stdout! }).on('line', (line) => {
      try {
        const entry = JSON.parse(line) as { msg?: string; ms?: number; uri?: unknown; level?: number };
        // The app's warnings and errors are shown: a benchmark that stalls says why.
        if ((entry.level ?? 0) >= 40) process.stderr.write(`app: ${line}\n`);
        if (entry.msg === 'catalogue index loaded') indexLoadMs = entry.ms ?? null;
        if (entry.msg === 'holdings loaded') holdingsLoad = { from: 'database', ms: entry.ms ?? 0 };
        if (entry.msg === 'holdings read from the snapshot') holdingsLoad = { from: 'snapshot', ms: entry.ms ?? 0 };
        if (typeof entry.uri === 'string') databaseUri = entry.uri;
        if (entry.msg?.includes('is running')) {
          clearTimeout(timer);
          resolve();
        }
      } catch {
        /* not a log line */
      }
    });
    void exited.then(() => reject(new Error('the app exited during start-up')));
  });
  const listeningMs = Date.now() - spawnedAt;
  await waitUntilReady(url);
  const readyMs = Date.now() - spawnedAt;
  return {
    url,
    pid: proc.pid!,
    databaseUri,
    listeningMs,
    readyMs,
    get indexLoadMs() {
      return indexLoadMs;
    },
    get holdingsLoad() {
      return holdingsLoad;
    },
    stop: async () => {
      proc.kill('SIGTERM');
      await exited;
    },
  };
}

/** Signs in through the login form like a browser; returns the Cookie header to send. */
export async function signInAs(baseUrl: string, username: string, password: string): Promise<string> {
  const page = await fetch(`${baseUrl}/login`);
  const cookies = new CookieJar().keep(page);
  const token = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1];
  if (!token) throw new Error('no CSRF token on the login page');
  const res = await fetch(`${baseUrl}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookies.header() },
    body: new URLSearchParams({ _csrf: token, username, password, next: '/' }),
  });
  if (res.status !== 303) throw new Error(`sign-in failed: ${res.status}`);
  return cookies.keep(res).header();
}

export interface Percentiles {
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

export function percentiles(samples: number[]): Percentiles {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! * 10) / 10;
  const mean = Math.round((sorted.reduce((s, x) => s + x, 0) / sorted.length) * 10) / 10;
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), max: Math.round(sorted.at(-1)! * 10) / 10, mean };
}

export function writeResults(
  name: string,
  summary: unknown,
  markdown: string[],
  dir = path.join(projectRoot, 'bench', 'results'),
): void {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, `${name}.json`), JSON.stringify(summary, null, 2) + '\n');
  fs.writeFileSync(path.join(dir, `${name}.md`), markdown.join('\n') + '\n');
}

/** BENCH_CPU_PROF=<dir> writes a CPU profile of the app process there (open it in Chrome's DevTools). */
function profiling(): string[] {
  const dir = process.env.BENCH_CPU_PROF;
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : [];
}
