/**
 * `npm run lint:layers`: fails on a layering violation that is not in the known-violations
 * baseline, and on a baseline entry that no longer occurs (it was fixed: take it out, so that it
 * cannot come back unnoticed). dependency-cruiser's own --ignore-known leaves folder cycles out,
 * so the comparison is made here, the way dependency-cruiser matches a baseline.
 */
import { BASELINE, cruise, describe, knownViolations, sameViolation } from './layers/cruise.js';

const result = cruise();
const current = result.summary.violations;
const known = knownViolations();
const added = current.filter((v) => !known.some((k) => sameViolation(k, v)));
const fixed = known.filter((k) => !current.some((v) => sameViolation(k, v)));

const out = (line: string) => process.stdout.write(`${line}\n`);
out(
  `layers: ${result.summary.totalCruised} modules, ${result.summary.totalDependenciesCruised} dependencies; ` +
    `${current.length} violations, ${known.length} known (${BASELINE})`,
);
if (added.length) {
  out(`\n${added.length} new layering violation(s): fix them (docs/architecture.md says what may import what)`);
  for (const v of added) out(`  ✗ ${describe(v)}`);
}
if (fixed.length) {
  out(
    `\n${fixed.length} known violation(s) no longer occur: well done; take them out with npm run lint:layers:baseline`,
  );
  for (const v of fixed) out(`  ✓ ${describe(v)}`);
}
if (added.length || fixed.length) process.exit(1);
out('no new layering violations');
