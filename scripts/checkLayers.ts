/**
 * `npm run lint:layers`: fails on any layering violation (docs/architecture.md says what may import
 * what). There is no list of tolerated ones: the last were fixed in issue 13, and a new one is
 * fixed where it appears. Also fails on a function that is too long (./layers/functions.ts), and
 * when the lines longer than Prettier's width grow in number (./layers/lineLength.ts).
 */
import { cruise, describe } from './layers/cruise.js';
import { allFunctions, MAX_FUNCTION_LINES, tooLong } from './layers/functions.js';
import { LONG_LINES_AT_MOST, longLines, MAX_LINE } from './layers/lineLength.js';

const result = cruise();
const violations = result.summary.violations;

const out = (line: string) => process.stdout.write(`${line}\n`);
out(
  `layers: ${result.summary.totalCruised} modules, ${result.summary.totalDependenciesCruised} dependencies; ` +
    `${violations.length} violations`,
);
if (violations.length) {
  out(`\n${violations.length} layering violation(s): fix them (docs/architecture.md says what may import what)`);
  for (const v of violations) out(`  ✗ ${describe(v)}`);
}

const functions = allFunctions();
const long = tooLong(functions);
if (long.length) {
  out(
    `\n${long.length} function(s) over ${MAX_FUNCTION_LINES} lines of code: split them (one function per page or step)`,
  );
  for (const f of long) out(`  ✗ ${f.name} (${f.codeLines} lines)  ${f.where}`);
}
const wide = longLines();
if (wide.length > LONG_LINES_AT_MOST) {
  out(
    `\n${wide.length} lines over ${MAX_LINE} characters, more than the ${LONG_LINES_AT_MOST} allowed: ` +
      'wrap the new ones (a long string in parts, a comment on more lines)',
  );
  for (const line of wide) out(`  ✗ ${line.where} (${line.length})`);
} else if (wide.length < LONG_LINES_AT_MOST) {
  out(
    `\n${wide.length} lines over ${MAX_LINE} characters: lower LONG_LINES_AT_MOST (scripts/layers/lineLength.ts) to it`,
  );
}
if (violations.length || long.length || wide.length > LONG_LINES_AT_MOST) process.exit(1);
out(`no layering violations; no function over ${MAX_FUNCTION_LINES} lines of code but declarative data`);
out(`${wide.length} lines over ${MAX_LINE} characters (at most ${LONG_LINES_AT_MOST})`);
