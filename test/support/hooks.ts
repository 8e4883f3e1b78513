/** Mocha root hooks: one real database for the whole run (and one OpenSearch node, once a test asks for it). */
import { startTestDatabase, stopTestDatabase } from './context.js';
import { stopSearchNode } from './searchNode.js';

export const mochaHooks = {
  async beforeAll(this: Mocha.Context) {
    this.timeout(300_000); // the first run on a machine builds FerretDB
    await startTestDatabase();
  },
  async afterAll(this: Mocha.Context) {
    this.timeout(30_000);
    await stopTestDatabase();
    await stopSearchNode();
  },
};
