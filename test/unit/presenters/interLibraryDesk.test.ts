/**
 * The rows of the inter-library pages: the steps each person is offered follow the status (domain)
 * and who they are (policy), per page; the status menu counts every status and marks the one shown.
 */
import { expect } from 'chai';
import type { InterLibraryRequest, InterLibraryStatus } from '../../../src/domain/interLibrary.js';
import { translator } from '../../../src/i18n/index.js';
import {
  presentDeskRows,
  presentInterLibraryRow,
  presentStatusMenu,
} from '../../../src/presenters/interLibraryDesk.js';
import { actors, schoolA, schoolB, tree } from '../support/province.js';

const t = translator('vi');
const request = (status: InterLibraryStatus): InterLibraryRequest => ({
  id: '66f0a1b2c3d4e5f60123aaaa',
  resourceId: '66f0a1b2c3d4e5f601234567',
  requesterId: actors.studentB.personId!,
  borrowingOrgId: schoolB.id,
  lendingOrgId: schoolA.id,
  status,
  copyId: null,
  reason: status === 'refused' ? 'Sách đang ôn thi' : null,
  note: null,
  history: [],
  // 23:30 UTC is already the next day in Vietnam.
  createdAt: new Date('2026-03-01T23:30:00Z'),
  modifiedAt: new Date('2026-03-03T02:00:00Z'),
  version: 1,
});
const context = (actor: (typeof actors)[keyof typeof actors]) => ({
  titleOf: () => 'Tắt đèn',
  nameOf: () => 'Em Mai',
  tree,
  actor,
  t,
});

describe('presenters: inter-library pages', () => {
  it('shows the reader, both schools, the title, the status and the days in Vietnam', () => {
    const [row] = presentDeskRows([request('refused')], 'incoming', context(actors.librarianA));
    expect(row).to.deep.include({
      title: 'Tắt đèn',
      reader: 'Em Mai',
      borrowingSchool: schoolB.name,
      lendingSchool: schoolA.name,
      status: { code: 'refused', label: 'Bị từ chối' },
      requestedOn: '2026-03-02',
      changedOn: '2026-03-03',
      reason: 'Sách đang ôn thi',
      steps: {},
    });
  });

  it('offers the lending librarian send and refuse, the borrowing school receive, each on its own page only', () => {
    const steps = (status: InterLibraryStatus, side: 'incoming' | 'outgoing', who: keyof typeof actors) =>
      presentDeskRows([request(status)], side, context(actors[who]))[0]!.steps;
    expect(steps('requested', 'incoming', 'librarianA')).to.deep.equal({ send: true, refuse: true });
    expect(steps('requested', 'outgoing', 'librarianA')).to.deep.equal({});
    expect(steps('sent', 'incoming', 'librarianA')).to.deep.equal({});
    expect(steps('received', 'incoming', 'librarianA')).to.deep.equal({ return: true });
    expect(steps('requested', 'incoming', 'studentB')).to.deep.equal({});
    // School B's manager (here the district's admin, over both schools' libraries) receives on the outgoing page.
    expect(steps('sent', 'outgoing', 'district1Admin')).to.deep.equal({ receive: true });
    expect(steps('sent', 'incoming', 'district1Admin')).to.deep.equal({});
    expect(presentInterLibraryRow(request('requested'), ['cancel'], context(actors.studentB)).steps).to.deep.equal({
      cancel: true,
    });
    expect(presentInterLibraryRow(request('sent'), ['cancel'], context(actors.studentB)).steps).to.deep.equal({});
  });

  it('counts every status in the menu, with all of them first, and marks the one shown', () => {
    const counts = { requested: 2, sent: 1, received: 0, returned: 4, refused: 1, cancelled: 0 };
    const menu = presentStatusMenu(counts, 'sent', t);
    expect(menu.map((m) => [m.code, m.count, m.current])).to.deep.equal([
      ['', 8, false],
      ['requested', 2, false],
      ['sent', 1, true],
      ['received', 0, false],
      ['returned', 4, false],
      ['refused', 1, false],
      ['cancelled', 0, false],
    ]);
    expect(menu[0]!.label).to.equal('Tất cả');
    expect(presentStatusMenu(counts, undefined, t)[0]!.current).to.equal(true);
  });
});
