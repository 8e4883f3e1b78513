/**
 * Mocha root hooks: one real database for the whole run, started only when the run holds a test
 * that needs it. Unit tests (test/unit) never do, so `npm run test:unit` starts no database and
 * does not even load the app; `npm test` loads integration and browser tests too, and starts it
 * once before the first of them, as before. The OpenSearch node a test may have started
 * (test/support/searchNode.ts) is stopped at the end.
 */
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type * as Context from './context.js';
import type * as SearchNode from './searchNode.js';

/** The files of every suite loaded in this run. */
function suiteFiles(suite: Mocha.Suite, files = new Set<string>()): Set<string> {
  if (suite.file) files.add(suite.file);
  for (const child of suite.suites) suiteFiles(child, files);
  return files;
}

const unitFolder = fileURLToPath(new URL('../unit/', import.meta.url));
const isUnitTest = (file: string) => path.resolve(file).startsWith(unitFolder);

/**
 * Mocha requires test files (tsx compiles them for require), so the app is loaded the same way
 * here: an import() would load a second copy of every module, models included.
 */
const loadContext = () => createRequire(import.meta.url)('./context.js') as typeof Context;
const loadSearchNode = () => createRequire(import.meta.url)('./searchNode.js') as typeof SearchNode;

let started = false;

export const mochaHooks = {
  async beforeAll(this: Mocha.Context) {
    const root = this.test?.parent;
    if (root && [...suiteFiles(root)].every(isUnitTest)) return;
    this.timeout(300_000); // the first run on a machine builds FerretDB
    const { startTestDatabase } = loadContext();
    await startTestDatabase();
    started = true;
  },
  async afterAll(this: Mocha.Context) {
    if (!started) return;
    this.timeout(30_000);
    const { stopTestDatabase } = loadContext();
    await stopTestDatabase();
    await loadSearchNode().stopSearchNode();
  },
};
