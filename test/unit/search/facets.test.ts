import { expect } from 'chai';
import type { IndexEntry } from '../../../src/search/entry.js';
import { countFacets, FilterSet } from '../../../src/search/facets.js';

const entry = (id: string, subject: string, level: string, grades: number[]): IndexEntry =>
  ({
    id,
    orgId: 'org1',
    metadata: {
      subject,
      level,
      grades,
      type: 'video',
      series: null,
      licence: 'cc-by',
      audience: ['student'],
      language: 'vi',
    },
  }) as unknown as IndexEntry;

const entries = [
  entry('a', 'toan', 'thcs', [6]),
  entry('b', 'toan', 'thpt', [10]),
  entry('c', 'vat-li', 'thcs', [8]),
  entry('d', 'ngu-van', 'thcs', [6, 7]),
];
const counts = (list: { value: string; count: number }[]) => Object.fromEntries(list.map((v) => [v.value, v.count]));

describe('facet counts (multi-select)', () => {
  it('counts every value and selects everything without filters', () => {
    const matching: IndexEntry[] = [];
    const facets = countFacets(entries, new FilterSet({}), matching);
    expect(matching.map((e) => e.id)).to.deep.equal(['a', 'b', 'c', 'd']);
    expect(counts(facets.subject)).to.deep.equal({ toan: 2, 'vat-li': 1, 'ngu-van': 1 });
    expect(counts(facets.grade)).to.deep.equal({ 6: 2, 7: 1, 8: 1, 10: 1 });
  });

  it('counts a filtered facet as if its own filter were off, the others within the selection', () => {
    const matching: IndexEntry[] = [];
    const facets = countFacets(entries, new FilterSet({ subject: ['toan'], level: ['thcs'] }), matching);
    expect(matching.map((e) => e.id)).to.deep.equal(['a']);
    // subject: entries at level thcs, whatever their subject
    expect(counts(facets.subject)).to.deep.equal({ toan: 1, 'vat-li': 1, 'ngu-van': 1 });
    // level: entries of subject toan, whatever their level
    expect(counts(facets.level)).to.deep.equal({ thcs: 1, thpt: 1 });
    // unfiltered facets: the selection only
    expect(counts(facets.grade)).to.deep.equal({ 6: 1 });
    expect(counts(facets.type)).to.deep.equal({ video: 1 });
  });
});
