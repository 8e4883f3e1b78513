/**
 * The storage plugins against the FileStorage contract, on the real database: streamed writes
 * that leave nothing behind when the stream fails, ranges read chunk by chunk, deletion; and the
 * start-up check that refuses a plugin missing part of the interface.
 */
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { buffer } from 'node:stream/consumers';
import { randomBytes } from 'node:crypto';
import { createHash } from 'node:crypto';
import { expect } from 'chai';
import mongoose from 'mongoose';
import { StorageNotFound, type StoragePlugin } from '../../../src/domain/storage.js';
import { checkStoragePlugins, storagePlugins, type StorageDeps } from '../../../src/registry/storage.js';
import { assertPluginsValid, PluginError } from '../../../src/registry/check.js';
import { pollUntil } from '../../support/toolkit.js';
import { storedCounts } from './support.js';

const deps: StorageDeps = { db: () => mongoose.connection.db! };

/** `bytes` in pieces of uneven sizes, as a network stream delivers them. */
function pieces(bytes: Buffer): Readable {
  const parts: Buffer[] = [];
  for (let at = 0, n = 1; at < bytes.length; n++) {
    const size = ((n * 7919) % 100_000) + 1;
    parts.push(bytes.subarray(at, at + size));
    at += size;
  }
  return Readable.from(parts);
}

for (const plugin of storagePlugins) {
  describe(`storage plugin "${plugin.name}"`, function () {
    this.timeout(60_000);
    const storage = plugin.create(deps);

    it('stores a stream, reports its size and SHA-256, and reads back any range', async () => {
      const bytes = randomBytes(700_000);
      const info = await storage.put(pieces(bytes), { filename: 'bài.bin', contentType: 'application/octet-stream' });
      expect(info).to.include({
        size: bytes.length,
        sha256: createHash('sha256').update(bytes).digest('hex'),
        filename: 'bài.bin',
      });
      expect((await buffer(await storage.open(info.id))).equals(bytes)).to.equal(true);
      for (const [start, end] of [
        [0, 0],
        [261_119, 261_121],
        [100, 600_000],
        [bytes.length - 1, bytes.length - 1],
      ] as const) {
        expect(
          (await buffer(await storage.open(info.id, { start, end }))).equals(bytes.subarray(start, end + 1)),
          `${start}-${end}`,
        ).to.equal(true);
      }
      expect((await storage.stat(info.id))?.size).to.equal(bytes.length);
      await storage.delete(info.id);
      expect(await storage.stat(info.id)).to.equal(null);
      let failure: unknown;
      await storage.open(info.id).catch((e: unknown) => (failure = e));
      expect(failure).to.be.instanceOf(StorageNotFound);
    });

    it('removes what it wrote when the stream fails half way', async () => {
      const before = await storedCounts();
      const failing = Readable.from(
        (async function* () {
          yield randomBytes(600_000);
          throw new Error('the client went away');
        })(),
      );
      let failure: unknown;
      await storage
        .put(failing, { filename: 'x', contentType: 'application/octet-stream' })
        .catch((e: unknown) => (failure = e));
      expect((failure as Error).message).to.equal('the client went away');
      expect(await storedCounts()).to.deep.equal(before);
    });

    it('sweeps the chunks of a write whose process died half way', async () => {
      const before = await storedCounts();
      // A write that stops half way and never finishes: what a process killed mid-upload leaves.
      const stalled = new Readable({ read() {} });
      stalled.push(randomBytes(600_000));
      const writing = storage
        .put(stalled, { filename: 'x', contentType: 'application/octet-stream' })
        .catch(() => undefined);
      await pollUntil(async () => (await storedCounts()).chunks >= before.chunks + 2, {
        intervalMs: 20,
        message: 'the stalled write stored its first chunks',
      });
      expect(
        await storage.sweepIncomplete(new Date(Date.now() - 60_000)),
        'a write younger than the cut-off is left alone',
      ).to.equal(0);
      expect(await storage.sweepIncomplete(new Date(Date.now() + 1000))).to.equal(1);
      expect(await storedCounts()).to.deep.equal(before);
      stalled.destroy(new Error('gone'));
      await writing;
    });

    it('leaves a slow write that is still storing alone, and stops one whose entry a sweep took', async () => {
      const before = await storedCounts();
      const pendingEntries = mongoose.connection.db!.collection<{ touchedAt?: Date }>('fs.pending');
      const bytes = randomBytes(1_500_000);
      const slow = new Readable({ read() {} });
      const begun = Date.now();
      const writing = storage.put(slow, { filename: 'chậm.bin', contentType: 'application/octet-stream' });
      // Bytes for more than a second: the write says it is alive after its first second.
      let at = 0;
      await pollUntil(
        async () => {
          if (at < bytes.length) slow.push(bytes.subarray(at, (at += 250_000)));
          const entries = await pendingEntries.find({}).toArray();
          return entries.some((e) => (e.touchedAt?.getTime() ?? 0) > begun + 800);
        },
        { intervalMs: 450, message: 'the write touched its entry' },
      );
      expect(
        await storage.sweepIncomplete(new Date(begun + 800)),
        'begun before the cut-off, but heard from since: still under way',
      ).to.equal(0);
      slow.push(bytes.subarray(at));
      slow.push(null);
      const info = await writing;
      expect(info.sha256).to.equal(createHash('sha256').update(bytes).digest('hex'));
      await storage.delete(info.id);

      const stalled = new Readable({ read() {} });
      const refused = storage
        .put(stalled, { filename: 'x', contentType: 'application/octet-stream' })
        .catch((e: unknown) => e as Error);
      stalled.push(randomBytes(600_000));
      await pollUntil(async () => (await storedCounts()).chunks >= before.chunks + 2, { intervalMs: 20 });
      expect(await storage.sweepIncomplete(new Date(Date.now() + 1000))).to.equal(1);
      await sleep(1100);
      stalled.push(randomBytes(600_000));
      expect(String(await refused)).to.match(/swept as abandoned/);
      expect(await storedCounts(), 'the chunks it wrote after the sweep are removed too').to.deep.equal(before);
    });
  });
}

describe('storage plugin check', () => {
  it('passes the listed plugins and reports every missing member of a broken one', () => {
    expect(() => assertPluginsValid(checkStoragePlugins(deps))).not.to.throw();
    const broken = {
      name: 'broken',
      create: () => ({ put: async () => null, open: 'no' }),
    } as unknown as StoragePlugin<StorageDeps>;
    expect(() => assertPluginsValid(checkStoragePlugins(deps, [broken])))
      .to.throw(PluginError)
      .with.property('message')
      .that.matches(
        /storage "broken": "open" should be a function, found string; "stat" should be a function, found undefined; "delete" should be a function/,
      );
  });
});
