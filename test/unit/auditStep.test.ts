/** The CI audit step (scripts/audit.mjs) on npm audit reports: what blocks, what the allow-list excuses, and for how long. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { projectRoot } from '../../config/index.js';

const report = path.join(projectRoot, 'test', 'fixtures', 'audit', 'report.json');

function audit(allowed: object[], reportFile = report) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'audit-'));
  const allowlist = path.join(dir, 'allow.json');
  fs.writeFileSync(allowlist, JSON.stringify({ advisories: allowed }));
  const run = spawnSync(process.execPath, ['scripts/audit.mjs', '--report', reportFile, '--allowlist', allowlist], {
    cwd: projectRoot,
    encoding: 'utf8',
    env: { PATH: process.env.PATH },
  });
  fs.rmSync(dir, { recursive: true, force: true });
  return run;
}

describe('the audit step', () => {
  it('fails on a critical advisory and names it, not the low one', () => {
    const run = audit([]);
    expect(run.status).to.equal(1);
    expect(run.stdout).to.include('BLOCKING critical GHSA-aaaa-bbbb-cccc xml-crypto');
    expect(run.stdout).not.to.include('GHSA-pxg6-pf52-xh8x');
  });

  it('passes when the allow-list excuses it, until the date it gives', () => {
    const entry = { advisory: 'GHSA-aaaa-bbbb-cccc', package: 'xml-crypto', reason: 'test', until: '2999-12-31' };
    const allowed = audit([entry]);
    expect(allowed.status, allowed.stdout).to.equal(0);
    expect(allowed.stdout).to.include('allowed  critical GHSA-aaaa-bbbb-cccc');
    expect(audit([{ ...entry, until: '2020-01-01' }]).status, 'expired').to.equal(1);
    expect(audit([{ ...entry, package: 'other' }]).status, 'another package').to.equal(1);
  });

  it('says so when the registry offers no advisory service, and passes unless the audit is required', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'audit-'));
    const refused = path.join(dir, 'refused.json');
    fs.writeFileSync(
      refused,
      JSON.stringify({ message: '405 Method Not Allowed', statusCode: 405, error: { summary: '' } }),
    );
    const run = audit([], refused);
    fs.rmSync(dir, { recursive: true, force: true });
    expect(run.status).to.equal(0);
    expect(run.stdout).to.include('npm audit could not run');
  });
});
