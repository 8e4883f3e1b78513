/**
 * `npm run search:engine`: one OpenSearch node for trying the app on it, on 127.0.0.1:9200 (or
 * `--port`), its data kept under `--data` (default data/opensearch). Then, in another terminal:
 *   OPENSEARCH_URL=http://127.0.0.1:9200 npm start
 * Ctrl-C stops it.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startSearchNode } from './launcher.js';

const { values: args } = parseArgs({
  options: {
    port: { type: 'string', default: '9200' },
    data: { type: 'string', default: path.join('data', 'opensearch') },
    heap: { type: 'string', default: '512' },
  },
});

process.stdout.write('Đang khởi động OpenSearch / starting OpenSearch…\n');
const started = Date.now();
const node = await startSearchNode({
  dataDir: path.resolve(args.data!),
  port: Number(args.port),
  heapMb: Number(args.heap),
});
process.stdout.write(
  `OpenSearch sẵn sàng / ready in ${((Date.now() - started) / 1000).toFixed(1)} s at ${node.url} (data in ${node.dataDir})\n` +
    `  OPENSEARCH_URL=${node.url} npm start\n`,
);
const stop = () => void node.stop().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
