/**
 * A printed hit's "held at" line on the search page: the first three schools, those with a copy on
 * the shelf first and then by name in Vietnamese order, and how many more; picked from every holder
 * of the province without sorting them all.
 */
import { expect } from 'chai';
import { presentSearchPage } from '../../../src/presenters/searchPage.js';
import { cardOf } from '../../../src/search/document.js';
import { facetNames, type FacetCounts } from '../../../src/search/facets.js';
import { storedResource } from './support.js';
import { organisations, schoolA, schoolB, schoolC, treeOf } from '../support/province.js';
import type { Organisation } from '../../../src/domain/organisation.js';

const extra = (id: string, name: string): Organisation => ({ ...schoolC, id, name });
const schoolD = extra('school-d', 'THCS Đinh Tiên Hoàng');
const schoolE = extra('school-e', 'THCS Âu Cơ');
const tree = treeOf([...organisations, schoolD, schoolE]);

function heldAtOf(availability: { orgId: string; total: number; available: number }[]) {
  const card = { ...cardOf(storedResource(), 0), printed: true };
  const facets = Object.fromEntries(facetNames.map((f) => [f, []])) as unknown as FacetCounts;
  const page = presentSearchPage(
    { q: '', sort: 'relevance', filters: {}, page: 1, limit: 20 },
    { hits: [{ card, score: 1, sortValues: [] as never }], total: 1, facets },
    tree,
    'vi',
    { availability: new Map([[card.id, availability]]), mySchools: [] },
  );
  const hit = page.hits[0]!;
  return { names: hit.heldAt.map((h) => h.name), more: hit.heldAtMore };
}

describe('presenter: where a printed hit is held', () => {
  it('names three schools, those with a copy on the shelf first, then by Vietnamese name, and counts the rest', () => {
    const held = heldAtOf([
      { orgId: schoolA.id, total: 3, available: 0 }, // THCS Nguyễn Du
      { orgId: schoolB.id, total: 2, available: 1 }, // THCS Lê Lợi
      { orgId: schoolC.id, total: 5, available: 2 }, // THCS Trần Phú
      { orgId: schoolD.id, total: 1, available: 0 }, // THCS Đinh Tiên Hoàng
      { orgId: schoolE.id, total: 4, available: 0 }, // THCS Âu Cơ
    ]);
    expect(held.names).to.deep.equal(['THCS Lê Lợi', 'THCS Trần Phú', 'THCS Âu Cơ']);
    expect(held.more).to.equal(2);
  });

  it('names every holder when there are few, none when there are none', () => {
    expect(heldAtOf([{ orgId: schoolC.id, total: 1, available: 0 }])).to.deep.equal({
      names: ['THCS Trần Phú'],
      more: 0,
    });
    expect(heldAtOf([])).to.deep.equal({ names: [], more: 0 });
  });
});
