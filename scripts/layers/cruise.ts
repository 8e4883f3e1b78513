/**
 * Runs dependency-cruiser over the project with the rules of .dependency-cruiser.cjs and gives back
 * every violation, known or not, and the known ones listed in the baseline file.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CONFIG = '.dependency-cruiser.cjs';
export const BASELINE = '.dependency-cruiser-known-violations.json';
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

export function knownViolations(): Violation[] {
  const file = path.join(root, BASELINE);
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Violation[]) : [];
}

const names = (list: { name: string }[] | undefined) => (list ?? []).map((m) => m.name);
const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((x) => b.includes(x));

/** As dependency-cruiser matches a baseline: a cycle by its members wherever it starts, else by its two ends. */
export function sameViolation(a: Violation, b: Violation): boolean {
  if (a.rule.name !== b.rule.name) return false;
  if (a.cycle && b.cycle) return sameSet(names(a.cycle), names(b.cycle));
  return a.from === b.from && a.to === b.to && sameSet(names(a.via), names(b.via));
}

/** One line for a person: the rule, then the dependency or the cycle. */
export function describe(v: Violation): string {
  const what = v.cycle ? [v.from, ...names(v.cycle)].join(' → ') : `${v.from} → ${v.to}`;
  return `${v.rule.name}: ${what}`;
}
