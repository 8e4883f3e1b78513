/**
 * The heap the memory engine keeps per resource: the catalogue loaded into a fresh engine in this
 * process, between two full garbage collections (the embedded database runs in its own process,
 * so its memory is not counted).
 */
import v8 from 'node:v8';
import vm from 'node:vm';
import type { Logger } from '../../src/log.js';
import { allResourceBatches, toResource } from '../../src/models/resource.js';
import { MemoryOaiList } from '../../src/services/oaiMemoryList.js';
import { headerOf } from '../../src/services/oaiSource.js';
import { MemoryEngine } from '../../src/search/memory/memoryEngine.js';
import { SearchFeeder } from '../../src/services/searchFeeder.js';
import { openBenchDatabase } from './generatedOnce.js';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

const heapUsed = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};

export async function heapPerResource(dataDir: string, log: Logger): Promise<{ engine: number; withOaiList: number }> {
  const db = await openBenchDatabase(dataDir, log);
  try {
    const before = heapUsed();
    const engine = new MemoryEngine();
    await new SearchFeeder(engine, log).loadAll();
    // A first browse sorts the presorted lists once, as the first request after start does.
    await engine.search({ text: '', filters: {}, sort: 'title', limit: 1, visibility: everyone });
    const count = await engine.count();
    const withEngine = heapUsed() - before;
    const list = new MemoryOaiList();
    for await (const records of allResourceBatches(1000)) {
      for (const r of records) {
        const header = headerOf(toResource({ ...r, audit: [] }));
        if (header) list.put(header);
      }
    }
    const withList = heapUsed() - before;
    if (list.length === 0 && (await engine.count()) === 0) log.warn('empty catalogue');
    return { engine: Math.round(withEngine / count), withOaiList: Math.round(withList / count) };
  } finally {
    await db.close();
  }
}

const everyone = {
  personId: null,
  grantedIds: [],
  rules: (['public', 'school', 'subtree'] as const).map((scope) => ({
    scope,
    status: 'published' as const,
    owned: false,
    granted: false,
    orgIds: null,
  })),
};
