import { expect } from 'chai';
import { canChangeStatus, copyStatuses, statusTransitions } from '../../../src/domain/copy.js';

describe('copy statuses and their transitions', () => {
  it('lets nothing follow a withdrawal, and withdraws only from the shelf, a damage or a loss', () => {
    for (const to of copyStatuses) expect(canChangeStatus('withdrawn', to), `withdrawn → ${to}`).to.equal(false);
    const withdrawable = copyStatuses.filter((from) => canChangeStatus(from, 'withdrawn'));
    expect(withdrawable).to.deep.equal(['available', 'lost', 'damaged']);
  });

  it('brings a lost copy back when found, and a loaned one back when returned', () => {
    expect(canChangeStatus('lost', 'available')).to.equal(true);
    expect(canChangeStatus('on_loan', 'available')).to.equal(true);
    expect(canChangeStatus('on_loan', 'withdrawn')).to.equal(false);
    expect(canChangeStatus('available', 'available')).to.equal(false);
  });

  it('names only known statuses', () => {
    for (const [from, tos] of Object.entries(statusTransitions)) {
      expect(copyStatuses).to.include(from);
      for (const to of tos) expect(copyStatuses).to.include(to);
    }
  });
});
