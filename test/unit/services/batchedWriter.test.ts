import { expect } from 'chai';
import { BatchedWriter } from '../../../src/services/batchedWriter.js';

describe('BatchedWriter: items written a moment later, in batches, in order', () => {
  const writer = (maxBatch: number, delayMs = 10_000) => {
    const written: number[][] = [];
    const batches = new BatchedWriter<number>({
      delayMs,
      maxBatch,
      write: async (batch) => void written.push(batch),
    });
    return { batches, written };
  };

  it('writes a full batch at once and keeps the rest until flushed', async () => {
    const { batches, written } = writer(3);
    for (const n of [1, 2, 3, 4]) batches.add(n);
    expect(batches.queued).to.equal(1);
    await batches.flush();
    expect(written).to.deep.equal([[1, 2, 3], [4]]);
    expect(batches.queued).to.equal(0);
  });

  it('writes what waited once the delay has passed', async () => {
    const { batches, written } = writer(100, 5);
    batches.add(7);
    batches.add(8);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(written).to.deep.equal([[7, 8]]);
  });

  it('writes one batch after another, even when a write is slow', async () => {
    const order: string[] = [];
    let first = true;
    const batches = new BatchedWriter<string>({
      delayMs: 10_000,
      maxBatch: 100,
      write: async (batch) => {
        if (first) {
          first = false;
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        order.push(...batch);
      },
    });
    batches.add('a');
    void batches.flush();
    batches.add('b');
    await batches.flush();
    expect(order).to.deep.equal(['a', 'b']);
  });

  it('has nothing to write when nothing was added', async () => {
    const { batches, written } = writer(3);
    await batches.flush();
    expect(written).to.deep.equal([]);
  });
});
