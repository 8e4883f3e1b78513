#!/usr/bin/env node
/**
 * Compiles the TypeScript into dist/ (tsconfig.build.json) and stamps it with a hash of its sources.
 *
 *   node scripts/build.mjs             build now (npm run build)
 *   node scripts/build.mjs --if-stale  build only when dist/ is missing or older than the sources
 *                                      (npm start's prestart: a fresh clone builds on first start)
 *
 * Plain JavaScript on purpose: it runs before anything is compiled. Where there are no sources
 * (the production image carries dist/ only) there is nothing to be stale against, so it does
 * nothing; there the compiler (a dev dependency) is not installed and is not needed.
 */
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
const stampFile = path.join(dist, '.sources-sha256');
const sourceDirs = ['src', 'config', 'plugins'];
const configFiles = ['tsconfig.json', 'tsconfig.build.json'];

function sourceFiles() {
  const found = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts')) found.push(full);
    }
  };
  for (const dir of sourceDirs) if (fs.existsSync(path.join(root, dir))) walk(path.join(root, dir));
  return found.sort();
}

function fingerprint(files) {
  const hash = createHash('sha256');
  for (const file of [...files, ...configFiles.map((f) => path.join(root, f))]) {
    if (!fs.existsSync(file)) continue;
    hash.update(path.relative(root, file)).update('\0').update(fs.readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}

function compilerPath() {
  try {
    return createRequire(path.join(root, 'package.json')).resolve('typescript/bin/tsc');
  } catch {
    return undefined;
  }
}

/** Compiles into a temporary folder and swaps it in, so that a process reading dist/ never sees half a build. */
function build(stamp) {
  const tsc = compilerPath();
  if (!tsc) {
    console.error(
      'Không tìm thấy TypeScript để biên dịch: chạy `npm install` (cài cả gói phát triển) trước `npm start` /\n' +
        'TypeScript is not installed, so dist/ cannot be built: run `npm install` (with dev dependencies) before `npm start`',
    );
    process.exit(1);
  }
  const staging = path.join(root, `dist.${process.pid}.partial`);
  fs.rmSync(staging, { recursive: true, force: true });
  const run = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--outDir', staging], {
    cwd: root,
    stdio: 'inherit',
  });
  if (run.status !== 0) {
    fs.rmSync(staging, { recursive: true, force: true });
    process.exit(run.status ?? 1);
  }
  fs.writeFileSync(path.join(staging, '.sources-sha256'), `${stamp}\n`);
  const previous = path.join(root, `dist.${process.pid}.previous`);
  if (fs.existsSync(dist)) fs.renameSync(dist, previous);
  fs.renameSync(staging, dist);
  fs.rmSync(previous, { recursive: true, force: true });
}

const ifStale = process.argv.includes('--if-stale');
const files = sourceFiles();
if (ifStale && files.length === 0) {
  if (!fs.existsSync(path.join(dist, 'src', 'server.js'))) {
    console.error('Thiếu cả mã nguồn lẫn dist/ / neither the sources nor dist/ are here');
    process.exit(1);
  }
  process.exit(0);
}
const stamp = fingerprint(files);
const current = fs.existsSync(stampFile) ? fs.readFileSync(stampFile, 'utf8').trim() : '';
if (ifStale && current === stamp) process.exit(0);
if (ifStale) console.error('Đang biên dịch / compiling to dist/ …');
build(stamp);
