/**
 * pyoai, the reference server of `bench:oai --against pyoai`: a virtual environment under
 * bench/.venv-pyoai (made on first use from bench/pyoai/requirements.txt, from PyPI), the records
 * exported from our provider's own oai_dc answers into a JSON-lines file, and the server started
 * as its own process (bench/pyoai/server.py).
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { SaxesParser } from 'saxes';
import { projectRoot } from '../../config/index.js';
import { freePort } from '../../test/support/toolkit.js';
import { get } from './harvestClient.js';

const pyoaiDir = path.join(projectRoot, 'bench', 'pyoai');
const venv = path.join(projectRoot, 'bench', '.venv-pyoai');
const python = path.join(venv, 'bin', 'python');

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed`);
}

/** Python 3.11 when there (pyoai 2.5 needs the `cgi` module, gone in 3.13), else python3. */
export function ensurePyoai(): void {
  const requirements = path.join(pyoaiDir, 'requirements.txt');
  const marker = path.join(venv, 'installed.txt');
  if (fs.existsSync(marker) && fs.readFileSync(marker, 'utf8') === fs.readFileSync(requirements, 'utf8')) return;
  const base = spawnSync('python3.11', ['--version']).status === 0 ? 'python3.11' : 'python3';
  process.stdout.write(`Creating ${venv} (${base}) with pyoai…\n`);
  run(base, ['-m', 'venv', venv]);
  run(python, ['-m', 'pip', 'install', '--quiet', '-r', requirements]);
  fs.copyFileSync(requirements, marker);
}

interface ExportedRecord {
  identifier: string;
  datestamp: string;
  sets: string[];
  dc: Record<string, string[]>;
}

/** One page's records: header fields and Dublin Core elements (by local name), in order. */
function recordsOf(xml: string): { records: ExportedRecord[]; token: string | null } {
  const parser = new SaxesParser({ xmlns: true });
  const records: ExportedRecord[] = [];
  let text = '';
  let token: string | null = null;
  parser.on('opentag', (tag) => {
    text = '';
    if (tag.local === 'record') records.push({ identifier: '', datestamp: '', sets: [], dc: {} });
  });
  parser.on('text', (t) => (text += t));
  parser.on('closetag', (tag) => {
    const r = records.at(-1);
    if (tag.local === 'resumptionToken') token = text || null;
    else if (r && tag.local === 'identifier' && tag.uri.startsWith('http://www.openarchives.org/OAI/2.0/'))
      r.identifier = text;
    else if (r && tag.local === 'datestamp') r.datestamp = text;
    else if (r && tag.local === 'setSpec') r.sets.push(text);
    else if (r && tag.uri === 'http://purl.org/dc/elements/1.1/') (r.dc[tag.local] ??= []).push(text);
    text = '';
  });
  parser.write(xml).close();
  return { records, token };
}

/** Our provider's oai_dc records as JSON lines for pyoai, written once next to the catalogue. */
export async function exportRecords(oaiUrl: string, file: string, count: number): Promise<void> {
  if (fs.existsSync(file)) return;
  process.stdout.write(`Exporting the records for pyoai to ${file}…\n`);
  const out: string[] = [];
  let query = 'verb=ListRecords&metadataPrefix=oai_dc';
  for (;;) {
    const { records, token } = recordsOf((await get(`${oaiUrl}?${query}`, true)).body.toString('utf8'));
    for (const r of records) out.push(JSON.stringify(r));
    if (!token) break;
    query = `verb=ListRecords&resumptionToken=${encodeURIComponent(token)}`;
  }
  if (out.length !== count) throw new Error(`exported ${out.length} records, expected ${count}`);
  fs.writeFileSync(`${file}.partial`, out.join('\n') + '\n');
  fs.renameSync(`${file}.partial`, file);
}

export interface PyoaiServer {
  oaiUrl: string;
  pid: number;
  stop(): Promise<void>;
}

export async function startPyoai(file: string, pageSize: number): Promise<PyoaiServer> {
  const port = await freePort();
  const proc = spawn(python, [path.join(pyoaiDir, 'server.py'), file, String(port), String(pageSize)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    readline.createInterface({ input: proc.stdout! }).on('line', (line) => line.includes('listening') && resolve());
    void exited.then(() => reject(new Error('pyoai exited during start-up')));
  });
  return {
    oaiUrl: `http://127.0.0.1:${port}/oai`,
    pid: proc.pid!,
    stop: async () => {
      proc.kill('SIGTERM');
      await exited;
    },
  };
}
