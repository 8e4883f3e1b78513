/**
 * `npm run lint:layers`: fails on any layering violation (docs/architecture.md says what may import
 * what). There is no list of tolerated ones: the last were fixed in issue 13, and a new one is
 * fixed where it appears.
 */
import { cruise, describe } from './layers/cruise.js';

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
  process.exit(1);
}
out('no layering violations');
