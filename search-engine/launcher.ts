/**
 * A single-node OpenSearch 2.19 for tests, CI and trials, from Maven Central's jars (no
 * distribution download): `pom.xml` names them, Maven copies them into .cache/opensearch-<v>/lib
 * once, javac compiles EmbeddedNode.java beside them, and each start runs one JVM on a free
 * loopback port with its data in a directory of its own. About 5 s to start and 350 MB of memory.
 *
 * The node exits when our end of its standard input closes, so it never outlives the process that
 * started it (a test run, `npm run search:engine`, a benchmark).
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

export const OPENSEARCH_VERSION = '2.19.6';
const here = path.dirname(fileURLToPath(import.meta.url));
const cacheDir = path.join(here, '..', '.cache', `opensearch-${OPENSEARCH_VERSION}`);
const libDir = path.join(cacheDir, 'lib');
const classDir = path.join(cacheDir, 'classes');

export interface SearchNode {
  url: string;
  pid: number;
  dataDir: string;
  stop(): Promise<void>;
}

/** Fetches the jars (Maven) and compiles the launcher class (javac) unless the cache has them. */
export function ensureEngineBuilt(): void {
  if (!fs.existsSync(path.join(libDir, `opensearch-${OPENSEARCH_VERSION}.jar`))) {
    execFileSync(
      'mvn',
      ['-q', '-B', '-f', path.join(here, 'pom.xml'), 'dependency:copy-dependencies', `-DoutputDirectory=${libDir}`],
      { stdio: 'inherit' },
    );
  }
  const source = path.join(here, 'EmbeddedNode.java');
  const compiled = path.join(classDir, 'EmbeddedNode.class');
  if (!fs.existsSync(compiled) || fs.statSync(compiled).mtimeMs < fs.statSync(source).mtimeMs) {
    fs.mkdirSync(classDir, { recursive: true });
    execFileSync('javac', ['-d', classDir, '-cp', `${libDir}/*`, source], { stdio: 'inherit' });
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export interface StartOptions {
  /** Kept after stop when given; a temporary directory (removed at stop) otherwise. */
  dataDir?: string;
  port?: number;
  heapMb?: number;
  log?: (line: string) => void;
}

export async function startSearchNode(options: StartOptions = {}): Promise<SearchNode> {
  ensureEngineBuilt();
  const temporary = !options.dataDir;
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'thuvien-opensearch-'));
  fs.mkdirSync(dataDir, { recursive: true });
  const port = options.port ?? (await freePort());
  const heap = `${options.heapMb ?? 512}m`;
  const settings: Record<string, string> = {
    'path.home': dataDir,
    'path.data': path.join(dataDir, 'data'),
    'path.logs': path.join(dataDir, 'logs'),
    'cluster.name': 'thuvien-search',
    'discovery.type': 'single-node',
    'network.host': '127.0.0.1',
    'http.port': String(port),
    'transport.port': String(await freePort()),
    // A test or trial node on a shared machine: do not refuse writes when the disk is fuller than 85 %.
    'cluster.routing.allocation.disk.threshold_enabled': 'false',
  };
  const child = spawn(
    'java',
    [
      `-Xms${heap}`,
      `-Xmx${heap}`,
      '-XX:+UseSerialGC',
      ...Object.entries(settings).map(([k, v]) => `-Dopensearch.${k}=${v}`),
      '-cp',
      `${classDir}${path.delimiter}${libDir}/*`,
      'EmbeddedNode',
    ],
    { cwd: dataDir, stdio: ['pipe', 'pipe', 'pipe'] },
  );
  let output = '';
  const keep = (d: Buffer) => {
    output = (output + d.toString()).slice(-8000);
    options.log?.(d.toString());
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  await waitUntilUp(url, exited, () => output);
  return {
    url,
    pid: child.pid!,
    dataDir,
    stop: async () => {
      child.stdin.end();
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
      if (temporary) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function waitUntilUp(url: string, exited: Promise<void>, output: () => string): Promise<void> {
  let gone = false;
  void exited.then(() => (gone = true));
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    if (gone) throw new Error(`OpenSearch exited during start-up:\n${output()}`);
    try {
      const res = await fetch(`${url}/_cluster/health?wait_for_status=yellow&timeout=1s`);
      if (res.ok) return;
    } catch {
      /* not listening yet */
    }
    await sleep(250);
  }
  throw new Error(`OpenSearch did not answer within 3 minutes:\n${output()}`);
}
