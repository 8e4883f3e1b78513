#!/usr/bin/env node
/**
 * `npm audit --omit=dev`, failing on high or critical advisories that the allow-list does not
 * excuse (audit-allowlist.json: one entry per advisory, with the reason and a date after which it
 * no longer excuses). Installs stay quiet (.npmrc has audit=false); CI runs this step explicitly.
 *
 *   node scripts/audit.mjs [--report npm-audit.json] [--allowlist file]
 *
 * When the registry does not offer its advisory service (it answers the bulk-advisory request with
 * an HTTP error, as some mirrors do), the audit cannot run: that is said plainly and, unless
 * AUDIT_REQUIRED=true, the step passes, since nothing was learned either way.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BLOCKING = new Set(['high', 'critical']);

function option(name) {
  const at = process.argv.indexOf(name);
  return at === -1 ? undefined : process.argv[at + 1];
}

function auditReport() {
  const file = option('--report');
  if (file) return JSON.parse(fs.readFileSync(file, 'utf8'));
  const run = spawnSync('npm', ['audit', '--omit=dev', '--json'], { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 });
  try {
    return JSON.parse(run.stdout);
  } catch {
    return { error: { summary: run.stderr.trim() || `npm audit exited ${run.status}` } };
  }
}

/** High and critical advisories, one per advisory and package: `via` entries that are objects are advisories. */
function advisoriesOf(report) {
  const found = new Map();
  for (const [pkg, vulnerability] of Object.entries(report.vulnerabilities ?? {})) {
    for (const via of vulnerability.via ?? []) {
      if (typeof via !== 'object' || !BLOCKING.has(via.severity)) continue;
      const id = String(via.url ?? via.source)
        .split('/')
        .pop();
      found.set(`${id} ${pkg}`, { id, pkg, severity: via.severity, title: via.title, range: via.range });
    }
  }
  return [...found.values()];
}

function excused(advisory, allowList, today) {
  return allowList.some(
    (entry) =>
      entry.advisory === advisory.id && (!entry.package || entry.package === advisory.pkg) && entry.until >= today,
  );
}

const report = auditReport();
if (report.error || (report.statusCode && !report.vulnerabilities)) {
  const why = report.error?.summary || report.message || JSON.stringify(report.error);
  console.log(`npm audit could not run: the registry's advisory service did not answer (${why}).`);
  process.exit(process.env.AUDIT_REQUIRED === 'true' ? 1 : 0);
}
const allowList = JSON.parse(fs.readFileSync(option('--allowlist') ?? path.join(root, 'audit-allowlist.json'), 'utf8'));
const today = new Date().toISOString().slice(0, 10);
const advisories = advisoriesOf(report);
const blocking = advisories.filter((a) => !excused(a, allowList.advisories, today));
for (const a of advisories)
  console.log(
    `${blocking.includes(a) ? 'BLOCKING' : 'allowed '} ${a.severity} ${a.id} ${a.pkg} ${a.range ?? ''}: ${a.title}`,
  );
const counts = report.metadata?.vulnerabilities ?? {};
console.log(
  `npm audit --omit=dev: ${
    Object.entries(counts)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ') || 'no report counts'
  }; ` + `${blocking.length} high or critical not allowed`,
);
process.exit(blocking.length ? 1 : 0);
