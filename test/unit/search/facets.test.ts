import { expect } from 'chai';
import { facetNames, type FacetName } from '../../../src/search/facets.js';
import type { LeanEntry } from '../../../src/search/memory/entries.js';
import { countCandidates, FilterSet, presentTallies } from '../../../src/search/memory/facetCounts.js';

const entry = (id: string, subject: string, level: string, grades: number[]): LeanEntry => {
  const values: Record<FacetName, string[]> = {
    level: [level],
    grade: grades.map(String),
    subject: [subject],
    type: ['video'],
    series: [],
    org: ['org1'],
    licence: ['cc-by'],
    audience: ['student'],
    language: ['vi'],
    holder: [],
    available: [],
  };
  return { id, facetValues: facetNames.map((f) => values[f]) } as unknown as LeanEntry;
};

const entries = [
  entry('a', 'toan', 'thcs', [6]),
  entry('b', 'toan', 'thpt', [10]),
  entry('c', 'vat-li', 'thcs', [8]),
  entry('d', 'ngu-van', 'thcs', [6, 7]),
];
const counts = (list: { value: string; count: number }[]) => Object.fromEntries(list.map((v) => [v.value, v.count]));

describe('facet counts of the memory engine (multi-select)', () => {
  it('counts every value and selects everything without filters', () => {
    const matching: LeanEntry[] = [];
    const facets = presentTallies(countCandidates(entries, new FilterSet({}), matching));
    expect(matching.map((e) => e.id)).to.deep.equal(['a', 'b', 'c', 'd']);
    expect(counts(facets.subject)).to.deep.equal({ toan: 2, 'vat-li': 1, 'ngu-van': 1 });
    expect(counts(facets.grade)).to.deep.equal({ 6: 2, 7: 1, 8: 1, 10: 1 });
    expect(
      facets.subject.map((v) => v.value),
      'most frequent first, then by value',
    ).to.deep.equal(['toan', 'ngu-van', 'vat-li']);
  });

  it('counts a filtered facet as if its own filter were off, the others within the selection', () => {
    const matching: LeanEntry[] = [];
    const facets = presentTallies(
      countCandidates(entries, new FilterSet({ subject: ['toan'], level: ['thcs'] }), matching),
    );
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
