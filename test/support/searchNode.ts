/**
 * The real OpenSearch node of a test run: started once, on first use (search-engine/launcher.ts: a
 * free loopback port, data in a temporary directory), stopped by the root hook at the end. Each
 * user gets an index (alias) of its own, so suites never see each other's documents.
 */
import { randomBytes } from 'node:crypto';
import { startSearchNode, type SearchNode } from '../../search-engine/launcher.js';

let node: Promise<SearchNode> | undefined;

export function searchNode(): Promise<SearchNode> {
  node ??= startSearchNode({ heapMb: 384 });
  return node;
}

export const uniqueAlias = (purpose: string) => `test-${purpose}-${randomBytes(4).toString('hex')}`;

/** Whether this run puts the whole app on OpenSearch (TEST_OPENSEARCH=1), as CI does for the OAI-PMH tests. */
export const appOnOpenSearch = () => process.env.TEST_OPENSEARCH === '1';

export async function stopSearchNode(): Promise<void> {
  if (!node) return;
  const started = node;
  node = undefined;
  await (await started).stop();
}
