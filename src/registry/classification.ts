/**
 * The classification schemes in use: one JSON file per scheme in config/classification/ (see
 * docs/classification.md). DDC ships with the app; a library's own scheme is one more file. Every
 * file is checked at start-up, and a bad one is reported with what is wrong, as for plugins.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { projectRoot } from '../../config/index.js';
import type { ClassificationScheme } from '../domain/classification.js';
import type { PluginCheck } from './check.js';

const caption = z.string().trim().min(1).max(300);
const schemeFile = z.object({
  code: z.string().regex(/^[a-z0-9-]{2,20}$/, { error: 'lower-case letters, digits and -, 2 to 20 of them' }),
  name: z.object({ vi: caption, en: caption }),
  pattern: z.string().refine(
    (p) => {
      try {
        new RegExp(p);
        return true;
      } catch {
        return false;
      }
    },
    { error: 'not a regular expression' },
  ),
  hierarchy: z.enum(['decimal', 'prefix']),
  note: z.string().optional(),
  entries: z
    .array(z.object({ notation: z.string().min(1).max(30), vi: caption, en: caption, level: z.number().int().min(1) }))
    .min(1),
});

export const defaultSchemesDir = path.join(projectRoot, 'config', 'classification');

export function readSchemes(dir: string): { schemes: ClassificationScheme[]; checks: PluginCheck[] } {
  const schemes: ClassificationScheme[] = [];
  const checks: PluginCheck[] = [];
  for (const file of fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    const problems: string[] = [];
    try {
      const parsed = schemeFile.safeParse(JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')));
      if (!parsed.success) problems.push(...parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
      else {
        const scheme = parsed.data;
        const bad = scheme.entries.filter((e) => !new RegExp(`^(?:${scheme.pattern})$`).test(e.notation));
        if (bad.length) problems.push(`entries not matching the pattern: ${bad.map((e) => e.notation).join(', ')}`);
        if (schemes.some((s) => s.code === scheme.code)) problems.push(`code "${scheme.code}" is used by another file`);
        if (!problems.length) schemes.push(scheme);
      }
    } catch (err) {
      problems.push((err as Error).message);
    }
    checks.push({ kind: 'classification scheme', name: file, problems });
  }
  return { schemes, checks };
}

const loaded = readSchemes(defaultSchemesDir);

export const classificationSchemes: ReadonlyMap<string, ClassificationScheme> = new Map(
  loaded.schemes.map((s) => [s.code, s]),
);

export function checkClassificationSchemes(): PluginCheck[] {
  return [
    ...loaded.checks,
    ...(classificationSchemes.has('ddc')
      ? []
      : [{ kind: 'classification scheme', name: 'ddc', problems: ['the default scheme (ddc.json) is missing'] }]),
  ];
}
