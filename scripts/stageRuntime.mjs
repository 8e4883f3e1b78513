#!/usr/bin/env node
/**
 * Copies what the production image runs into a folder: the compiled app (dist/, built first if
 * stale), the files it reads at run time and the manifests `npm ci --omit=dev` installs from.
 *
 *   node scripts/stageRuntime.mjs <folder>
 *
 * The Dockerfile's build stage and the compiled-start test (test/integration/ops/compiledStart)
 * both use this list, so the test runs exactly what the image holds.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Read at run time: templates and assets, translations, classification schemes and label sheets, the guides admin pages serve, the demo simulation. */
export const runtimePaths = [
  'package.json',
  'package-lock.json',
  '.npmrc',
  'dist',
  'views',
  'config/locales',
  'config/classification',
  'config/label-sheets.json',
  'docs',
  'src/seed/simulation',
  'scripts/build.mjs',
];

const target = process.argv[2];
if (!target) {
  console.error('usage: node scripts/stageRuntime.mjs <folder>');
  process.exit(2);
}
const built = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs'), '--if-stale'], {
  stdio: 'inherit',
});
if (built.status !== 0) process.exit(built.status ?? 1);
for (const relative of runtimePaths) {
  fs.cpSync(path.join(root, relative), path.join(target, relative), { recursive: true, dereference: true });
}
