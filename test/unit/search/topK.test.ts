import { expect } from 'chai';
import { topK } from '../../../src/search/memory/topK.js';

describe('topK: the first k items in order without sorting them all', () => {
  it('gives the same first k as a full sort, for many sizes and with ties', () => {
    let seed = 42;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (const n of [0, 1, 5, 79, 80, 81, 1000]) {
      const items = Array.from({ length: n }, (_, i) => ({ i, v: Math.floor(rnd() * 50) }));
      const compare = (a: { i: number; v: number }, b: { i: number; v: number }) => a.v - b.v || a.i - b.i;
      for (const k of [0, 1, 20, 2000])
        expect(topK(items, k, compare), `n=${n} k=${k}`).to.deep.equal([...items].sort(compare).slice(0, k));
    }
  });
});
