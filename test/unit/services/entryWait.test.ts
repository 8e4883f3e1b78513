import { expect } from 'chai';
import { EntryWait } from '../../../src/services/entryWait.js';

describe('change feed: waiting for an entry still being written', () => {
  let clock = 0;
  const wait = () => new EntryWait(10_000, () => clock);

  it('waits the grace period for a missing entry, then passes it over', () => {
    clock = 0;
    const w = wait();
    expect(w.keepWaiting(7)).to.equal(true);
    clock = 9_999;
    expect(w.keepWaiting(7)).to.equal(true);
    clock = 10_000;
    expect(w.keepWaiting(7)).to.equal(false);
  });

  it('gives the next missing entry its own full grace, however long ago an earlier wait began', () => {
    clock = 0;
    const w = wait();
    expect(w.keepWaiting(5), 'entry 5 is on its way (it turns up later, or was our own)').to.equal(true);
    clock = 60_000;
    expect(w.keepWaiting(9), 'a slow write of entry 9, a minute later, is waited for').to.equal(true);
    clock = 69_000;
    expect(w.keepWaiting(9)).to.equal(true);
    clock = 70_000;
    expect(w.keepWaiting(9)).to.equal(false);
  });
});
