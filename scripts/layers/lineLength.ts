/**
 * Lines longer than Prettier's width (120) in the application's code, for the check in
 * `npm run lint:layers`: Prettier wraps code but not a long string or comment, so those are
 * wrapped by hand. A line inside a template literal that spans lines is text, not layout (wrapping
 * it would change the text), and is not counted. The count may only go down: `LONG_LINES_AT_MOST`.
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { root } from './cruise.js';
import { APPLICATION, parse, sourceFiles, visit } from './functions.js';

export const MAX_LINE = 120;
/** Lines over MAX_LINE today (issue 13): lower it as lines are wrapped; it never goes up. */
export const LONG_LINES_AT_MOST = 10;

export interface LongLine {
  where: string;
  length: number;
}

/** The lines (0-based) that start inside a template literal spanning lines. */
function templateTextLines(file: ts.SourceFile): Set<number> {
  const lines = new Set<number>();
  visit(file, (node) => {
    if (!ts.isTemplateExpression(node) && !ts.isNoSubstitutionTemplateLiteral(node)) return;
    const first = file.getLineAndCharacterOfPosition(node.getStart(file)).line;
    const last = file.getLineAndCharacterOfPosition(node.getEnd()).line;
    for (let line = first + 1; line <= last; line++) lines.add(line);
  });
  return lines;
}

export function longLines(): LongLine[] {
  const found: LongLine[] = [];
  for (const name of sourceFiles(APPLICATION)) {
    const lines = fs.readFileSync(path.join(root, name), 'utf8').split('\n');
    if (!lines.some((l) => l.length > MAX_LINE)) continue;
    const text = templateTextLines(parse(name));
    lines.forEach((line, i) => {
      if (line.length > MAX_LINE && !text.has(i)) found.push({ where: `${name}:${i + 1}`, length: line.length });
    });
  }
  return found;
}
