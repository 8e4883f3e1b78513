import { expect } from 'chai';
import { passwordWork, passwordWorkConcurrency } from '../../../src/services/passwordWork.js';

describe('password hashing takes turns', () => {
  it('runs at most its share of the thread pool at once, the rest in order, a failure freeing its turn', async () => {
    let running = 0;
    let most = 0;
    const started: number[] = [];
    const hash = (n: number) =>
      passwordWork(async () => {
        started.push(n);
        most = Math.max(most, ++running);
        await new Promise((r) => setTimeout(r, 5));
        running--;
        if (n === 3) throw new Error('a hash failed');
        return n;
      });
    const outcomes = await Promise.allSettled(Array.from({ length: 12 }, (_, n) => hash(n)));
    expect(passwordWorkConcurrency).to.be.within(1, 3);
    expect(most).to.equal(passwordWorkConcurrency);
    expect(started, 'a whole class signs in: first come, first served').to.deep.equal([...Array(12).keys()]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).to.have.length(11);
  });
});
