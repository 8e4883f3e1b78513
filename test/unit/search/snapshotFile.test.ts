/**
 * The memory engine's snapshot file refuses what it did not write whole: a damaged byte, a file
 * cut short, another format, facts the caller refuses, an attachment the caller cannot take. Each
 * time the engine reading it keeps what it held, so the caller can load the catalogue in full.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { MemoryEngine } from '../../../src/search/memory/memoryEngine.js';
import type { SearchDocument } from '../../../src/search/port.js';
import { sortKey } from '../../../src/search/text.js';

const at = new Date('2025-03-01T00:00:00Z');
const documentOf = (n: number, title: string): SearchDocument => ({
  card: {
    id: n.toString(16).padStart(24, '0'),
    orgId: 'truongA',
    ownerId: 'owner',
    status: 'published',
    scope: 'public',
    version: 1,
    title,
    description: null,
    type: 'bai-giang',
    level: 'thcs',
    grades: [6],
    subject: 'toan',
    series: null,
    fileKinds: [],
    externalUrl: null,
    external: false,
    printed: false,
    publishedAt: at,
    createdAt: at,
    modifiedAt: at,
    views: n,
  },
  facets: {
    level: ['thcs'],
    grade: ['6'],
    subject: ['toan'],
    type: ['bai-giang'],
    series: [],
    org: ['truongA'],
    licence: [],
    audience: [],
    language: ['vi'],
    holder: [],
    available: [],
  },
  text: { title, tag: '', creator: '', description: '', fullText: '' },
  titleKey: sortKey(title),
});

const everyone = {
  personId: null,
  grantedIds: [],
  rules: [{ scope: 'public' as const, status: 'published' as const, owned: false, granted: false, orgIds: null }],
};
const titlesFound = async (engine: MemoryEngine, text: string) =>
  (await engine.search({ text, filters: {}, sort: 'relevance', visibility: everyone, limit: 10 })).hits.map(
    (h) => h.card.title,
  );

describe('memory engine snapshot file: only a whole snapshot of this format is read', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'snapshot-unit-'));
  const file = path.join(dir, 'index.bin');
  const accept = () => Promise.resolve(null);
  const ignore = () => undefined;
  let good: Buffer;

  before(async () => {
    const engine = new MemoryEngine();
    await engine.index([documentOf(1, 'Phân số và số thập phân'), documentOf(2, 'Hình học phẳng')]);
    await engine.writeSnapshot(file, { position: 7 }, [{ list: 'kept' }]);
    good = fs.readFileSync(file);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** An engine holding one other document, which must still answer after a refused read. */
  async function readerAfter(bytes: Buffer, options: { refuse?: string; take?: () => void } = {}) {
    fs.writeFileSync(file, bytes);
    const engine = new MemoryEngine();
    await engine.index([documentOf(3, 'Ca dao Việt Nam')]);
    const read = engine.readSnapshot(file, () => Promise.resolve(options.refuse ?? null), options.take ?? ignore);
    return { engine, read };
  }

  it('reads a whole snapshot back with its facts and attachment', async () => {
    fs.writeFileSync(file, good);
    const engine = new MemoryEngine();
    let attachment: unknown[] = [];
    const facts = await engine.readSnapshot(file, accept, (a) => (attachment = a));
    expect(facts.position).to.equal(7);
    expect(attachment).to.deep.equal([{ list: 'kept' }]);
    expect(await titlesFound(engine, 'phan so')).to.deep.equal(['Phân số và số thập phân']);
  });

  const damaged: [string, () => Buffer][] = [
    ['a flipped byte', () => flipped(good, good.length - 40)],
    ['a file cut short', () => good.subarray(0, good.length - 100)],
    ['another format', () => Buffer.from(good.toString('latin1').replace('"format":1', '"format":9'), 'latin1')],
    ['not a snapshot at all', () => Buffer.from('{"hello":"world"}')],
  ];
  for (const [what, bytes] of damaged)
    it(`refuses ${what}, keeping what the engine held`, async () => {
      const { engine, read } = await readerAfter(bytes());
      expect(await refused(read)).to.equal(true);
      expect(await titlesFound(engine, 'ca dao')).to.deep.equal(['Ca dao Việt Nam']);
      expect(await engine.count()).to.equal(1);
    });

  it('refuses what the caller refuses, or an attachment it cannot take', async () => {
    for (const options of [{ refuse: 'too old' }, { take: () => assertNever() }]) {
      const { engine, read } = await readerAfter(good, options);
      expect(await refused(read)).to.equal(true);
      expect(await engine.count()).to.equal(1);
    }
  });
});

function flipped(bytes: Buffer, at: number): Buffer {
  const copy = Buffer.from(bytes);
  copy[at] = copy[at]! ^ 0xff;
  return copy;
}

async function refused(reading: Promise<unknown>): Promise<boolean> {
  try {
    await reading;
    return false;
  } catch {
    return true;
  }
}

function assertNever(): never {
  throw new Error('not the attachment expected');
}
