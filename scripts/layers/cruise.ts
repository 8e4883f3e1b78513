/**
 * Runs dependency-cruiser over the project with the rules of .dependency-cruiser.cjs and gives back
 * every violation.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CONFIG = '.dependency-cruiser.cjs';
/** What is checked: the application, its plugins and configuration, and the tests and benches that use them. */
export const CRUISED = ['src', 'plugins', 'config', 'test', 'bench'];

export interface Violation {
  type: string;
  from: string;
  to: string;
  rule: { name: string; severity: string };
  cycle?: { name: string }[];
  via?: { name: string }[];
}

interface CruiseResult {
  summary: { violations: Violation[]; totalCruised: number; totalDependenciesCruised: number };
  modules: { source: string; dependencies: { resolved: string; circular: boolean }[] }[];
}

export function cruise(): CruiseResult {
  const bin = path.join(root, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');
  const json = execFileSync(process.execPath, [bin, '--config', CONFIG, '--output-type', 'json', ...CRUISED], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  return JSON.parse(json) as CruiseResult;
}

const names = (list: { name: string }[] | undefined) => (list ?? []).map((m) => m.name);

/** One line for a person: the rule, then the dependency or the cycle. */
export function describe(v: Violation): string {
  const what = v.cycle ? [v.from, ...names(v.cycle)].join(' → ') : `${v.from} → ${v.to}`;
  return `${v.rule.name}: ${what}`;
}
