/**
 * Presenters of whole pages: the search page (plain GET links that work without JavaScript), the
 * statistics report and the resource form. Labels in the person's language, and nothing a view
 * would have to compute.
 */
import { expect } from 'chai';
import { presentResourceForm, type ResourceFormInput } from '../../../src/presenters/resourceForm.js';
import { presentSearchPage, searchUrl, type SearchState } from '../../../src/presenters/searchPage.js';
import { presentStatistics, statisticsCsvRows } from '../../../src/presenters/statistics.js';
import { facetNames, type FacetCounts } from '../../../src/search/facets.js';
import type { OrganisationStatistics } from '../../../src/domain/statistics.js';
import { schoolA, schoolB, tree } from '../support/province.js';
import { markupIn } from './support.js';

const state = (overrides: Partial<SearchState> = {}): SearchState => ({
  q: 'phân số',
  sort: 'relevance',
  filters: {},
  page: 1,
  limit: 20,
  ...overrides,
});

/** A page of results as the search gives it (no hits needed: the page's own figures and links are tested). */
function result(total: number, counts: Partial<FacetCounts> = {}): Parameters<typeof presentSearchPage>[1] {
  const facets = Object.fromEntries(facetNames.map((f) => [f, counts[f] ?? []])) as unknown as FacetCounts;
  return { hits: [], total, facets };
}

describe('presenter: the search page', () => {
  it('writes stable search URLs that leave out what is default', () => {
    expect(searchUrl(state({ q: '', page: 1 }))).to.equal('/search');
    expect(
      searchUrl(state({ filters: { subject: ['toan', 'tin-hoc'], level: ['thcs'] }, sort: 'newest', page: 3 })),
    ).to.equal('/search?q=ph%C3%A2n+s%E1%BB%91&level=thcs&subject=toan&subject=tin-hoc&sort=newest&page=3');
    expect(searchUrl(state({ limit: 50 }), '/lti/picker')).to.equal('/lti/picker?q=ph%C3%A2n+s%E1%BB%91&limit=50');
  });

  it('gives every facet value a link that toggles it and returns to page 1, and every active filter one that removes it', () => {
    const page = presentSearchPage(
      state({ filters: { level: ['thcs'] }, page: 2 }),
      result(45, { level: [{ value: 'thcs', count: 45 }], org: [{ value: schoolB.id, count: 5 }] }),
      tree,
      'vi',
    );
    const level = page.facets.find((f) => f.name === 'level')!;
    expect(level.values[0]).to.include({
      label: 'Trung học cơ sở',
      selected: true,
      url: '/search?q=ph%C3%A2n+s%E1%BB%91',
    });
    const org = page.facets.find((f) => f.name === 'org')!;
    expect(org.values[0]).to.include({
      label: schoolB.name,
      url: `/search?q=ph%C3%A2n+s%E1%BB%91&level=thcs&org=${schoolB.id}`,
    });
    expect(
      page.facets.map((f) => f.name),
      'facets without values are left out',
    ).to.deep.equal(['level', 'org']);
    expect(page.active).to.deep.equal([
      { facet: 'level', facetLabel: 'Cấp học', label: 'Trung học cơ sở', removeUrl: '/search?q=ph%C3%A2n+s%E1%BB%91' },
    ]);
    expect(page.clearUrl).to.equal('/search?q=ph%C3%A2n+s%E1%BB%91');
  });

  it('counts what is shown and pages through it with a window around the current page', () => {
    const page = presentSearchPage(state({ page: 5 }), result(200), tree, 'en');
    expect(page).to.include({ total: 200, from: 81, to: 100 });
    expect(page.pagination!.pages.map((p) => p.number)).to.deep.equal([1, 3, 4, 5, 6, 7, 10]);
    expect(page.pagination!.pages.find((p) => p.current)!.number).to.equal(5);
    expect(page.pagination!.previous).to.equal('/search?q=ph%C3%A2n+s%E1%BB%91&page=4');
    expect(page.pagination!.next).to.equal('/search?q=ph%C3%A2n+s%E1%BB%91&page=6');
    expect(presentSearchPage(state(), result(0), tree, 'vi')).to.include({ from: 0, to: 0, pagination: null });
    expect(page.sorts.map((s) => s.value)).to.deep.equal(['relevance', 'newest', 'title', 'views']);
  });

  it('hides the long tail of a facet behind “more”, but never a chosen value', () => {
    const many = Array.from({ length: 20 }, (_, i) => ({ value: `s${i}`, count: 20 - i }));
    const page = presentSearchPage(state({ filters: { series: ['s19'] } }), result(20, { series: many }), tree, 'vi');
    const series = page.facets.find((f) => f.name === 'series')!;
    expect(series.values).to.have.length(13);
    expect(series.hidden).to.equal(7);
    expect(series.values.at(-1)).to.include({ value: 's19', selected: true });
  });

  it('echoes a query with markup as text, for the view to escape', () => {
    const page = presentSearchPage(state({ q: '<script>x</script>' }), result(0), tree, 'vi');
    expect(page.q).to.equal('<script>x</script>');
    expect(markupIn(page).map((s) => s.path)).to.deep.equal(['$.q']);
  });
});

describe('presenter: statistics', () => {
  const stats: OrganisationStatistics = {
    orgId: schoolA.id,
    from: '2025-08',
    to: '2025-09',
    resources: 6,
    byStatus: new Map([
      ['published', 4],
      ['draft', 2],
    ]),
    byType: new Map([
      ['video', 1],
      ['bai-giang', 5],
    ]),
    bySubject: new Map([
      ['', 1],
      ['toan', 5],
    ]),
    byLevel: new Map([['thcs', 6]]),
    byMonth: new Map([
      ['2025-08', { views: 3, downloads: 1, launches: 0 }],
      ['2025-09', { views: 9, downloads: 2, launches: 4 }],
    ]),
    topResources: [{ id: 'r1', title: 'Phân số', usage: { views: 9, downloads: 2, launches: 4 } }],
  };

  it('labels every row in the person’s language, most first, and links the most used resources', () => {
    const view = presentStatistics(stats, 'vi');
    const section = (key: string) => view.sections.find((s) => s.key === key)!.rows;
    expect(section('status')).to.deep.equal([
      { code: 'published', label: 'Đã xuất bản', count: 4 },
      { code: 'draft', label: 'Bản nháp', count: 2 },
    ]);
    expect(section('type').map((r) => r.code)).to.deep.equal(['bai-giang', 'video']);
    expect(section('subject').at(-1)!.code, 'an unspecified subject is labelled, not blank').to.equal('');
    expect(section('subject').at(-1)!.label).to.not.equal('');
    expect(view.top).to.deep.equal([{ ...stats.topResources[0], url: '/resources/r1' }]);
    expect(view.months.map((m) => m.month)).to.deep.equal(['2025-08', '2025-09']);
  });

  it('writes one table for spreadsheets: a translated header, then sections, months and top resources', () => {
    const rows = statisticsCsvRows(stats, 'en');
    expect(rows[0]).to.have.length(7);
    expect(rows).to.have.length(1 + 2 + 2 + 2 + 1 + 2 + 1);
    expect(rows.at(-1)).to.deep.include.members(['r1', 'Phân số', 9, 2, 4]);
  });
});

describe('presenter: the resource form', () => {
  const values: ResourceFormInput = {
    title: 'Phân số',
    grades: ['6', '7'],
    audience: ['student'],
    level: 'thcs',
    subject: 'toan',
    series: '',
    type: 'bai-giang',
    language: 'vi',
    licence: 'cc-by',
    scope: 'school',
    orgId: schoolB.id,
  };

  it('marks what was chosen in every list, groups grades by level, and offers the person’s organisations', () => {
    const form = presentResourceForm(values, { title: 'Bắt buộc' }, [schoolA, schoolB], 'vi');
    const chosen = (options: { value: string; selected: boolean }[]) =>
      options.filter((o) => o.selected).map((o) => o.value);
    expect(chosen(form.levels)).to.deep.equal(['thcs']);
    expect(chosen(form.types)).to.deep.equal(['bai-giang']);
    expect(chosen(form.audiences)).to.deep.equal(['student']);
    expect(chosen(form.series)).to.deep.equal([]);
    expect(chosen(form.organisations)).to.deep.equal([schoolB.id]);
    expect(chosen(form.scopes)).to.deep.equal(['school']);
    const thcs = form.gradeGroups.find((g) => g.level === 'thcs')!;
    expect(thcs.grades.map((g) => [g.value, g.selected])).to.deep.equal([
      ['6', true],
      ['7', true],
      ['8', false],
      ['9', false],
    ]);
    expect(
      form.gradeGroups.map((g) => g.level),
      'preschool has no grades',
    ).not.to.include('mam-non');
    expect(form.subjects.find((s) => s.value === 'toan')).to.include({ selected: true });
    expect(form.errors).to.deep.equal({ title: 'Bắt buộc' });
    expect(markupIn(form)).to.deep.equal([]);
  });
});
