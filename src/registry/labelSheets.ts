/**
 * The label sheets a library can print on: data in config/label-sheets.json, read and checked at
 * start-up (every label on the page, none overlapping), a bad entry reported as for plugins.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { projectRoot } from '../../config/index.js';
import { sheetProblems, type LabelSheet } from '../domain/labelSheet.js';
import type { PluginCheck } from './check.js';

const mm = z.number().min(0).max(1000);
const positive = z.number().positive().max(1000);
const name = z.string().trim().min(1).max(200);
const sheetEntry = z.object({
  code: z.string().regex(/^[a-z0-9-]{2,40}$/, { error: 'lower-case letters, digits and -, 2 to 40 of them' }),
  name: z.object({ vi: name, en: name }),
  page: z.object({ width: positive, height: positive }),
  columns: z.number().int().min(1).max(20),
  rows: z.number().int().min(1).max(40),
  label: z.object({ width: positive, height: positive }),
  margin: z.object({ top: mm, left: mm }),
  pitch: z.object({ x: positive, y: positive }),
});
const sheetsFile = z.object({ note: z.string().optional(), sheets: z.array(z.unknown()).min(1) });

export const defaultLabelSheetsFile = path.join(projectRoot, 'config', 'label-sheets.json');

export function readLabelSheets(file: string): { sheets: LabelSheet[]; checks: PluginCheck[] } {
  const sheets: LabelSheet[] = [];
  const checks: PluginCheck[] = [];
  let entries: unknown[] = [];
  try {
    const parsed = sheetsFile.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
    if (parsed.success) entries = parsed.data.sheets;
    else checks.push({ kind: 'label sheets', name: path.basename(file), problems: [parsed.error.message] });
  } catch (err) {
    checks.push({ kind: 'label sheets', name: path.basename(file), problems: [(err as Error).message] });
  }
  entries.forEach((entry, i) => {
    const parsed = sheetEntry.safeParse(entry);
    const problems = parsed.success
      ? sheetProblems(parsed.data)
      : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    if (parsed.success && sheets.some((s) => s.code === parsed.data.code))
      problems.push(`code "${parsed.data.code}" is used twice`);
    if (parsed.success && !problems.length) sheets.push(parsed.data);
    checks.push({ kind: 'label sheet', name: parsed.success ? parsed.data.code : `#${i + 1}`, problems });
  });
  return { sheets, checks };
}

const loaded = readLabelSheets(defaultLabelSheetsFile);

export const labelSheets: readonly LabelSheet[] = loaded.sheets;

export function checkLabelSheets(): PluginCheck[] {
  return loaded.checks;
}
