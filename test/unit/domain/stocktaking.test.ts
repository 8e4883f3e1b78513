/** What a stocktaking scan means, and the result derived from the stored first sightings. */
import { expect } from 'chai';
import {
  classifyScan,
  stocktakingResult,
  type StocktakingCopy,
  type StocktakingScan,
} from '../../../src/domain/stocktaking.js';

const school = 'a'.repeat(24);
const other = 'b'.repeat(24);
const copy = (n: number, overrides: Partial<StocktakingCopy> = {}): StocktakingCopy => ({
  id: String(n).padStart(24, '0'),
  orgId: school,
  resourceId: 'c'.repeat(24),
  collectionCode: n % 2 ? 'TK' : 'SGK',
  location: 'KHO',
  accessionNumber: `TK-${String(n).padStart(5, '0')}`,
  barcode: `TK-${String(n).padStart(5, '0')}`,
  status: 'available',
  version: 1,
  price: null,
  ...overrides,
});
const sighting = (c: StocktakingCopy | null, outcome: StocktakingScan['outcome'], code = c?.barcode ?? '?') => ({
  sessionId: 'd'.repeat(24),
  code,
  outcome,
  copyId: c?.id ?? null,
  copyOrgId: c?.orgId ?? null,
  by: null,
  at: new Date(),
});

describe('stocktaking: scans and results', () => {
  const kho = { kind: 'location', location: 'KHO' } as const;

  it('classifies a scan by the copy’s school, status and location', () => {
    expect(classifyScan(school, kho, copy(1))).to.equal('found');
    expect(classifyScan(school, kho, copy(2, { status: 'damaged' }))).to.equal('found');
    expect(classifyScan(school, kho, copy(3, { location: 'PD' }))).to.equal('misplaced');
    expect(classifyScan(school, { kind: 'school' }, copy(3, { location: 'PD' }))).to.equal('found');
    expect(classifyScan(school, kho, copy(4, { status: 'on_loan' }))).to.equal('on_loan');
    expect(classifyScan(school, kho, copy(5, { status: 'withdrawn' }))).to.equal('withdrawn');
    expect(classifyScan(school, kho, copy(6, { orgId: other }))).to.equal('other_school');
    expect(classifyScan(school, kho, null)).to.equal('unknown');
  });

  it('derives missing, misplaced, on loan and unexpected, and totals per collection', () => {
    const copies = [
      copy(1),
      copy(2),
      copy(3),
      copy(4, { status: 'on_loan' }),
      copy(5, { location: 'PD' }),
      copy(6, { status: 'withdrawn' }),
      copy(7, { status: 'lost' }),
    ];
    const sightings = [
      sighting(copies[0]!, 'found'),
      sighting(copies[3]!, 'on_loan'),
      sighting(copies[4]!, 'misplaced'),
      sighting(copies[5]!, 'withdrawn'),
      sighting(null, 'unknown', 'XYZ'),
    ];
    const r = stocktakingResult(kho, copies, sightings, 7);
    expect([r.expected, r.scanned, r.scans]).to.deep.equal([3, 1, 7]);
    expect(r.missing.map((c) => c.accessionNumber)).to.deep.equal(['TK-00002', 'TK-00003']);
    expect(r.misplaced.map((c) => c.accessionNumber)).to.deep.equal(['TK-00005']);
    expect(r.onLoan.map((c) => [c.accessionNumber, c.seen])).to.deep.equal([['TK-00004', true]]);
    expect(r.unexpected.map((u) => u.outcome)).to.deep.equal(['withdrawn', 'unknown']);
    expect(r.byCollection).to.deep.equal([
      { collectionCode: 'SGK', expected: 1, found: 0, missing: 1, onLoan: 1 },
      { collectionCode: 'TK', expected: 2, found: 1, missing: 1, onLoan: 0 },
    ]);
  });

  it('keeps the copies it wrote off as missing, withdrawn as they now are', () => {
    const copies = [copy(1), copy(2, { status: 'withdrawn' })];
    const r = stocktakingResult(kho, copies, [sighting(copies[0]!, 'found')], 1, new Set([copies[1]!.id]));
    expect(r.missing.map((c) => [c.accessionNumber, c.status])).to.deep.equal([['TK-00002', 'withdrawn']]);
    expect([r.expected, r.scanned]).to.deep.equal([2, 1]);
  });
});
