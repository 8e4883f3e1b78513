/** What leaves the server about copies, holdings and printed editions: labels in the person's language, no internal ids. */
import { expect } from 'chai';
import { copyEvent, type Copy, type SchoolHoldings } from '../../../src/domain/copy.js';
import { defaultLibrarySettings } from '../../../src/domain/librarySettings.js';
import { presentAvailability, presentCopy } from '../../../src/presenters/copy.js';
import { presentPrintEdition } from '../../../src/presenters/printEdition.js';
import { actors, schoolA, schoolB, tree } from '../support/province.js';

const at = new Date('2025-09-05T03:00:00Z');
const copy: Copy = {
  id: '66f0a1b2c3d4e5f60123c0de',
  orgId: schoolA.id,
  holdingOrgId: schoolA.id,
  resourceId: '66f0a1b2c3d4e5f601234567',
  collectionCode: 'SGK',
  location: 'PD',
  accessionNumber: 'SGK-00012',
  barcode: 'SGK-00012',
  volume: null,
  acquisition: {
    date: '2025-09-05',
    batchId: 'batch-1',
    source: 'donation',
    price: 18000,
    supplier: null,
    documentNumber: null,
  },
  status: 'lost',
  statusSince: at,
  withdrawal: null,
  note: null,
  lastSeenAt: null,
  history: [
    copyEvent('librarian-person-id-7f3a', 'added', at, { to: 'SGK-00012' }),
    copyEvent('librarian-person-id-7f3a', 'moved', at, { from: 'KHO', to: 'PD' }),
    copyEvent('librarian-person-id-7f3a', 'status', at, { from: 'available', to: 'lost' }),
  ],
  version: 4,
  createdAt: at,
  modifiedAt: at,
};
const settings = defaultLibrarySettings(schoolA.id);

describe('presenter: copies and holdings', () => {
  it('labels a copy in the person’s language, offers the statuses that may follow, and names nobody', () => {
    const vi = presentCopy(copy, null, settings, tree, actors.librarianA, 'vi');
    expect(vi).to.deep.include({
      collection: { code: 'SGK', label: 'Sách giáo khoa' },
      status: { code: 'lost', label: 'Mất' },
    });
    expect(vi.history.map((h) => [h.actionLabel, h.from, h.to])).to.deep.equal([
      ['Nhập vào thư viện', null, 'SGK-00012'],
      ['Chuyển vị trí', 'Kho sách', 'Phòng đọc'],
      ['Đổi trạng thái', 'Có sẵn', 'Mất'],
    ]);
    expect(vi.nextStatuses.map((s) => s.code)).to.deep.equal(['available', 'damaged']);
    expect(JSON.stringify(vi)).not.to.include('librarian-person-id-7f3a');
    const en = presentCopy(copy, null, settings, tree, actors.teacherA, 'en');
    expect(en.location.label).to.equal('Reading room');
    expect(en.permissions).to.deep.equal({ view: true, changeStatus: false, withdraw: false, edit: false });
  });

  it('says where a title is held: schools by name, copies readers can find, those on the shelf now', () => {
    const held = (orgId: string, total: number, available: number): SchoolHoldings => ({
      orgId,
      total,
      available,
      byStatus: { available, on_loan: total - available, held: 0, in_transit: 0, lost: 0, damaged: 0, withdrawn: 0 },
      byLocation: {},
    });
    expect(presentAvailability([held(schoolA.id, 40, 31), held(schoolB.id, 0, 0)], tree)).to.deep.equal([
      { orgId: schoolA.id, name: schoolA.name, total: 40, available: 31 },
    ]);
  });

  it('writes the call number and what the class number means', () => {
    const view = presentPrintEdition(
      {
        isbns: [],
        edition: null,
        place: null,
        pages: null,
        dimensions: null,
        seriesStatement: null,
        classification: { scheme: 'ddc', number: '895.9223' },
        authorMark: 'HOA',
        callNumberOverride: null,
        subjectHeadings: [],
        notes: null,
      },
      'en',
    );
    expect(view.callNumber).to.equal('895.9223 HOA');
    expect(view.classification!.path.map((p) => p.caption)).to.deep.equal([
      'Literature',
      'Other literatures',
      'Vietnamese literature',
      'Vietnamese fiction',
    ]);
  });
});
