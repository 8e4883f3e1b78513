import { expect } from 'chai';
import {
  interLibraryStatuses,
  interLibrarySteps,
  isOpen,
  nextStatus,
  stepsFrom,
  type InterLibraryStatus,
  type InterLibraryStep,
} from '../../../src/domain/interLibrary.js';

/** The whole machine as a table: from each status, where each step leads ('.' refused). */
const table: Record<InterLibraryStatus, Record<InterLibraryStep, InterLibraryStatus | '.'>> = {
  requested: { send: 'sent', receive: '.', return: '.', refuse: 'refused', cancel: 'cancelled' },
  sent: { send: '.', receive: 'received', return: '.', refuse: '.', cancel: '.' },
  received: { send: '.', receive: '.', return: 'returned', refuse: '.', cancel: '.' },
  returned: { send: '.', receive: '.', return: '.', refuse: '.', cancel: '.' },
  refused: { send: '.', receive: '.', return: '.', refuse: '.', cancel: '.' },
  cancelled: { send: '.', receive: '.', return: '.', refuse: '.', cancel: '.' },
};

describe('inter-library request: the state machine', () => {
  it('moves requested → sent → received → returned, and ends refused or cancelled only from requested', () => {
    const got = Object.fromEntries(
      interLibraryStatuses.map((from) => [
        from,
        Object.fromEntries(
          interLibrarySteps.map((step) => {
            const answer = nextStatus(from, step, 'lý do');
            return [step, answer.ok ? answer.to : '.'];
          }),
        ),
      ]),
    );
    expect(got).to.deep.equal(table);
  });

  it('takes each step once: the same step again is refused, naming the status reached', () => {
    expect(nextStatus('sent', 'send', null)).to.deep.equal({ ok: false, why: 'not_now', status: 'sent' });
    expect(nextStatus('received', 'receive', null)).to.deep.equal({ ok: false, why: 'not_now', status: 'received' });
    expect(nextStatus('returned', 'return', null)).to.deep.equal({ ok: false, why: 'not_now', status: 'returned' });
  });

  it('asks a reason to refuse or cancel, and none to send, receive or return', () => {
    for (const reason of [null, '', '   '])
      for (const step of ['refuse', 'cancel'] as const)
        expect(nextStatus('requested', step, reason)).to.deep.equal({
          ok: false,
          why: 'reason_needed',
          status: 'requested',
        });
    expect(nextStatus('requested', 'send', null)).to.deep.equal({ ok: true, to: 'sent' });
    expect(nextStatus('sent', 'receive', null)).to.deep.equal({ ok: true, to: 'received' });
    expect(nextStatus('received', 'return', null)).to.deep.equal({ ok: true, to: 'returned' });
  });

  it('says which statuses are open and which steps each allows', () => {
    expect(interLibraryStatuses.filter(isOpen)).to.deep.equal(['requested', 'sent', 'received']);
    expect(stepsFrom('requested')).to.deep.equal(['send', 'refuse', 'cancel']);
    expect(stepsFrom('sent')).to.deep.equal(['receive']);
    expect(stepsFrom('received')).to.deep.equal(['return']);
    expect(stepsFrom('returned')).to.deep.equal([]);
  });
});
