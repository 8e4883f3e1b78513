/**
 * A process that only folds usage (src/services/usageFold.ts) into the database at `uri`, one
 * counter document per write so that a round takes a while, printing each step as it finishes it:
 * the crash test kills it with SIGKILL in the middle of a round.
 *
 *   node --import tsx test/support/foldingProcess.ts <uri> <database name>
 */
import { createLogger } from '../../src/log.js';
import { openDatabase } from '../../src/db/index.js';
import { UsageFold } from '../../src/services/usageFold.js';

const [uri, name] = process.argv.slice(2);
const log = createLogger('silent');
const db = await openDatabase({ uri, name: name!, dataDir: process.cwd(), ferretdbBinary: undefined }, log);
const fold = new UsageFold(log, {
  cadenceMs: 60_000,
  chunk: 1,
  afterStep: (step) => void process.stdout.write(`${step}\n`),
});
await fold.fold();
process.stdout.write('folded\n');
await db.close();
