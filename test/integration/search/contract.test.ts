/**
 * The search port's contract, run against both engines on the same documents: the memory engine
 * and a real OpenSearch node. Every case asks both and expects the same hits in the same order,
 * the same totals, scores and facet counts; and checks the answer itself against what users rely
 * on (Vietnamese folding, the policy's visibility, Vietnamese alphabetical order, cursors that
 * walk the whole list once).
 */
import { expect } from 'chai';
import type { Organisation } from '../../../src/domain/organisation.js';
import type { PrintEdition } from '../../../src/domain/printEdition.js';
import type { Resource, ResourceMetadata, ResourceStatus } from '../../../src/domain/resource.js';
import { anonymous, type Actor } from '../../../src/policies/actor.js';
import { canOnResource, type ResourceAction } from '../../../src/policies/resource.js';
import { searchVisibility, type TreeWithAll } from '../../../src/policies/resourceVisibility.js';
import { searchDocumentOf } from '../../../src/search/document.js';
import type { Filters } from '../../../src/search/facets.js';
import { MemoryEngine } from '../../../src/search/memory/memoryEngine.js';
import { OpenSearchEngine } from '../../../src/search/opensearch/openSearchEngine.js';
import type { SearchEngine, SearchPage, SearchQuery, SortOrder } from '../../../src/search/port.js';
import { compareVietnamese } from '../../../src/search/text.js';
import { searchNode, uniqueAlias } from '../../support/searchNode.js';

/** A department, a district office under it, two schools under that, one school elsewhere. */
class Tree implements TreeWithAll {
  private readonly orgs = new Map<string, Organisation>();
  add(id: string, parentId: string | null): this {
    const at = new Date('2025-01-01');
    this.orgs.set(id, { id, code: id, name: id, type: 'school', parentId, createdAt: at, modifiedAt: at });
    return this;
  }
  get = (id: string) => this.orgs.get(id);
  all = () => [...this.orgs.values()];
  ancestorIds(id: string): string[] {
    const ids: string[] = [];
    for (let p = this.orgs.get(id)?.parentId ?? null; p; p = this.orgs.get(p)?.parentId ?? null) ids.unshift(p);
    return ids;
  }
  isWithin = (id: string, ancestorId: string) => id === ancestorId || this.ancestorIds(id).includes(ancestorId);
}
const tree = new Tree()
  .add('so', null)
  .add('phong', 'so')
  .add('truongA', 'phong')
  .add('truongB', 'phong')
  .add('truongC', 'so');

const oid = (n: number) => n.toString(16).padStart(24, '0');
const actor = (personId: string | null, memberships: Actor['memberships'], granted: string[] = []): Actor => ({
  personId,
  systemAdmin: false,
  memberships,
  grantedResourceIds: new Set(granted),
});
const teacherA = actor(oid(901), [{ orgId: 'truongA', role: 'teacher' }]);
const studentB = actor(oid(902), [{ orgId: 'truongB', role: 'student' }]);
const librarian = actor(oid(903), [{ orgId: 'phong', role: 'librarian' }]);
const admin: Actor = { ...actor(oid(905), []), systemAdmin: true };
/** What the system administrator sees in every status: for the cases about words and order. */
const everything = { who: admin, statuses: ['draft', 'submitted', 'published'] as ResourceStatus[] };

const titles = [
  'Tiếng Việt lớp 2 – Đọc hiểu',
  'Tiếng Việt lớp 10 – Ôn tập',
  'tieng viet khong dau',
  'Đường tròn và góc',
  'Dân ca Nam Bộ',
  'Cá heo và đại dương',
  'Ca dao Việt Nam',
  'Bài giảng Toán 6 – Phân số',
  'Phân số và số thập phân',
  'Ôn tập Toán lớp 6',
  'Ăn uống lành mạnh',
  'An toàn giao thông',
  'Âm thanh và ánh sáng',
  'Quang hợp ở thực vật',
  'Python cho người mới bắt đầu',
  'Greetings and introductions',
  'Lịch sử địa phương Long An',
  'Tế bào – đơn vị của sự sống',
  'Bảng tuần hoàn các nguyên tố',
  'Phương trình bậc nhất một ẩn',
  'Hàm số bậc hai',
  'Thơ lục bát',
  'Truyện cổ tích Tấm Cám',
  'Xác suất thống kê',
  'Vật lí 10 – Chuyển động thẳng đều',
  'Đạo đức lớp 1',
  'Ưu tiên an toàn',
  'Ông và cháu',
  'Ơn thầy',
  'Đề kiểm tra Toán 6 giữa kì',
];
const orgOf = ['truongA', 'truongB', 'truongC', 'phong', 'so'];
const scopes = ['public', 'public', 'school', 'subtree'] as const;
const statuses: ResourceStatus[] = ['published', 'published', 'published', 'published', 'draft', 'submitted'];
const levelsOf = [
  { level: 'tieu-hoc', grades: [2], subject: 'tieng-viet' },
  { level: 'thcs', grades: [6, 7], subject: 'toan' },
  { level: 'thpt', grades: [10], subject: 'vat-li' },
  { level: 'thcs', grades: [6], subject: 'ngu-van' },
];
/** One printed title ('Thơ lục bát', published and public): its ISBNs, headings and call number are searched. */
const PRINTED = 21;
const printEdition: PrintEdition = {
  isbns: [
    { value: '9786040251732', qualifier: 'bìa mềm', invalid: false },
    { value: '6042134566', qualifier: null, invalid: false },
  ],
  edition: null,
  place: 'Hà Nội',
  pages: 120,
  dimensions: '21 cm',
  seriesStatement: null,
  classification: { scheme: 'ddc', number: '895.9221' },
  authorMark: 'THO',
  callNumberOverride: null,
  subjectHeadings: ['Văn học dân gian', 'Thể thơ'],
  notes: null,
};
/** Copies of it are held by schools A and B; only A has one on the shelf now. */
const places = { holders: ['truongA', 'truongB'], availableAt: ['truongA'] };
const day = (n: number) => new Date(Date.UTC(2025, 0, 1) + n * 86400_000);

function resourceNumbered(i: number): Resource {
  const l = levelsOf[i % levelsOf.length]!;
  const metadata: ResourceMetadata = {
    title: i === 7 ? titles[i]!.normalize('NFD') : titles[i]!,
    creators: [i % 3 ? 'Nguyễn Văn An' : 'Trần Thị Bình'],
    contributors: [],
    publisher: null,
    description: i % 4 === 0 ? `Tài liệu về ${titles[(i + 5) % titles.length]!.toLowerCase()}, có phân số.` : null,
    date: '2025',
    language: i === 15 ? 'en' : 'vi',
    source: null,
    relation: null,
    coverage: null,
    ...l,
    series: i % 2 ? 'ket-noi-tri-thuc' : null,
    lesson: `Bài ${i}`,
    type: i % 3 ? 'bai-giang' : 'video',
    audience: i % 2 ? ['teacher', 'student'] : ['student'],
    licence: 'cc-by',
    isbn: null,
    keywords: i % 5 === 0 ? ['ôn tập', 'đề thi'] : [],
  };
  const status = statuses[i % statuses.length]!;
  return {
    id: oid(i + 1),
    orgId: orgOf[i % orgOf.length]!,
    ownerId: i % 7 === 0 ? teacherA.personId! : oid(800),
    status,
    scope: scopes[i % scopes.length]!,
    metadata,
    files: [],
    external: null,
    version: 1,
    createdAt: day(i % 9),
    modifiedAt: day(i % 9),
    // Several share a date: ties end on the id.
    publishedAt: status === 'published' ? day(i % 6) : null,
    oai: { state: 'none', datestamp: null },
    print: i === PRINTED ? printEdition : null,
    audit: [],
  };
}

const resources = titles.map((_, i) => resourceNumbered(i));
const grantedId = resources.find((r) => r.scope === 'school' && r.status === 'published' && r.orgId !== 'truongB')!.id;
const ltiStudent = actor(oid(904), [{ orgId: 'truongB', role: 'student' }], [grantedId]);
const views = (i: number) => (i * 37) % 11;

describe('search port contract: the memory engine and OpenSearch give the same answers', function () {
  this.timeout(120_000);
  let memory: MemoryEngine;
  let open: OpenSearchEngine;

  before(async () => {
    const node = await searchNode();
    memory = new MemoryEngine();
    open = new OpenSearchEngine({ url: node.url, alias: uniqueAlias('contract') });
    await open.prepare();
    const documents = resources.map((r, i) =>
      searchDocumentOf(r, i === 3 ? 'toàn văn về hình học phẳng' : '', views(i), i === PRINTED ? places : undefined)!,
    );
    for (const engine of [memory, open] as SearchEngine[]) {
      await engine.index(documents);
      await engine.refresh();
    }
  });
  after(async () => open?.close());

  type Ask = Partial<Omit<SearchQuery, 'visibility'>> & {
    who?: Actor;
    action?: ResourceAction;
    statuses?: ResourceStatus[];
  };
  const queryOf = (ask: Ask): SearchQuery => ({
    text: '',
    filters: {},
    sort: 'relevance',
    limit: 50,
    ...ask,
    visibility: searchVisibility(ask.who ?? anonymous, ask.action ?? 'view', ask.statuses ?? ['published'], tree),
  });
  const summary = (p: SearchPage) => ({
    ids: p.hits.map((h) => h.card.id),
    scores: p.hits.map((h) => h.score),
    sortValues: p.hits.map((h) => h.sortValues),
    total: p.total,
    facets: p.facets,
  });
  /** Both engines' answer, checked equal; returns it. */
  async function both(ask: Ask): Promise<SearchPage> {
    const [m, o] = await Promise.all([memory.search(queryOf(ask)), open.search(queryOf(ask))]);
    expect(summary(o), JSON.stringify(ask)).to.deep.equal(summary(m));
    return m;
  }
  const titlesOf = (p: SearchPage) => p.hits.map((h) => h.card.title.normalize('NFC'));
  const policyAllows = (
    who: Actor,
    statusesWanted: ResourceStatus[] = ['published'],
    action: ResourceAction = 'view',
  ) =>
    resources.filter((r) => statusesWanted.includes(r.status) && canOnResource(who, action, r, tree)).map((r) => r.id);

  it('finds Vietnamese words typed with or without tones, đ as d, in NFC or NFD, and by the beginning of a word', async () => {
    for (const text of ['tieng viet', 'TIẾNG VIỆT', 'Tiếng Việt'.normalize('NFD'), 'tiếng vi', 'tieng']) {
      const page = await both({ text, ...everything });
      expect(titlesOf(page), text).to.include.members(['Tiếng Việt lớp 2 – Đọc hiểu', 'tieng viet khong dau']);
      expect(titlesOf(page)[0], 'titles first').to.match(/^ti[eế]ng vi[eệ]t/i);
    }
    const duong = await both({ text: 'duong tron', ...everything });
    expect(titlesOf(duong)[0]).to.equal('Đường tròn và góc');
    expect(titlesOf(await both({ text: 'bai giang phan so', ...everything }))[0]).to.equal(
      'Bài giảng Toán 6 – Phân số',
    );
    expect(titlesOf(await both({ text: 'phan so', ...everything }))[0], 'the phrase at the start ranks first').to.equal(
      'Phân số và số thập phân',
    );
    expect((await both({ text: 'hinh hoc phang', ...everything })).total, 'full text is searched').to.equal(1);
    await both({ text: 'a' });
    await both({ text: 'lop 6 toan' });
  });

  it('finds a printed title by an ISBN as printed on the book (hyphens, "ISBN", the ISBN-13 of an ISBN-10), its subject headings and its call number', async () => {
    const printed = resources[PRINTED]!;
    for (const text of [
      '978-604-0-25173-2',
      'ISBN 9786040251732',
      '604-213-456-6',
      '9786042134569',
      'van hoc dan gian',
      '895.9221',
    ]) {
      const page = await both({ text });
      expect(
        page.hits.map((h) => h.card.id),
        text,
      ).to.include(printed.id);
      if (/\d{3}/.test(text)) expect(page.total, `${text}: nothing else`).to.equal(1);
    }
    expect((await both({ text: '978-604-0-25173-3' })).total, 'a wrong check digit is not that ISBN').to.equal(0);
    const cards = await Promise.all([memory.cards([printed.id]), open.cards([printed.id])]);
    for (const c of cards) expect(c.get(printed.id)!.printed).to.equal(true);
    const all = (await both({ ...everything, limit: 100 })).hits;
    expect(all.filter((h) => h.card.printed).map((h) => h.card.id)).to.deep.equal([printed.id]);
  });

  it('filters and counts printed titles by the schools holding them and those with a copy available now', async () => {
    const printed = resources[PRINTED]!;
    const here = await both({ filters: { available: ['truongA'] }, who: teacherA });
    expect(here.hits.map((h) => h.card.id)).to.deep.equal([printed.id]);
    expect(here.facets.available).to.deep.equal([{ value: 'truongA', count: 1 }]);
    expect(
      (await both({ filters: { available: ['truongB'] }, who: studentB })).total,
      'none on the shelf at B',
    ).to.equal(0);
    const heldAtB = await both({ filters: { holder: ['truongB'] }, text: 'tho' });
    expect(heldAtB.hits.map((h) => h.card.id)).to.deep.equal([printed.id]);
    const all = await both({ ...everything });
    expect(all.facets.holder).to.deep.equal([
      { value: 'truongA', count: 1 },
      { value: 'truongB', count: 1 },
    ]);
    await both({ filters: { available: ['truongA'], level: ['thcs'] }, sort: 'title' });
  });

  it('ranks words typed with their tones above the same letters with other tones', async () => {
    const ca = await both({ text: 'cá', ...everything });
    expect(titlesOf(ca).slice(0, 2)).to.deep.equal(['Cá heo và đại dương', 'Ca dao Việt Nam']);
    const plain = await both({ text: 'ca', ...everything });
    expect(titlesOf(plain)[0], 'typed without tones, the plain title wins').to.equal('Ca dao Việt Nam');
  });

  it('applies facet filters, counting each filtered facet as if its own filter were off', async () => {
    const filters: Filters = { level: ['thcs'], subject: ['toan'] };
    const page = await both({ filters, who: librarian });
    const visible = new Set(policyAllows(librarian));
    const thcs = resources.filter((r) => visible.has(r.id) && r.metadata.level === 'thcs');
    expect(page.total).to.equal(thcs.filter((r) => r.metadata.subject === 'toan').length);
    const subjects = Object.fromEntries(page.facets.subject.map((v) => [v.value, v.count]));
    expect(subjects.ngu_van ?? subjects['ngu-van'], 'the other subjects at the chosen level').to.equal(
      thcs.filter((r) => r.metadata.subject === 'ngu-van').length,
    );
    await both({ text: 'toan', filters: { grade: ['6', '7'], type: ['video'] } });
    await both({ filters: { audience: ['teacher'] } });
  });

  it('sorts by newest, Vietnamese title order and views, ties ending on the id', async () => {
    for (const sort of ['newest', 'title', 'views', 'relevance'] as SortOrder[]) {
      await both({ sort, who: librarian });
      await both({ sort, text: 'toan', who: librarian });
    }
    const byTitle = titlesOf(await both({ sort: 'title', who: librarian }));
    expect(byTitle, 'a ă â … d đ … o ô ơ … u ư').to.deep.equal([...byTitle].sort(compareVietnamese));
  });

  it('shows each person exactly what the policy lets them see: anonymous, student, teacher, librarian, LTI grant', async () => {
    for (const [who, name] of [
      [anonymous, 'anonymous'],
      [studentB, 'student'],
      [teacherA, 'teacher'],
      [librarian, 'librarian'],
      [ltiStudent, 'LTI grant'],
    ] as const) {
      const page = await both({ who, limit: 100 });
      expect(page.hits.map((h) => h.card.id).sort(), name).to.deep.equal(policyAllows(who).sort());
      expect(page.total, name).to.equal(policyAllows(who).length);
      const drafts = await both({ who, statuses: ['draft', 'submitted'], limit: 100 });
      expect(drafts.total, `${name}: drafts`).to.equal(policyAllows(who, ['draft', 'submitted']).length);
      const sharable = await both({ who, action: 'share', limit: 100 });
      expect(sharable.total, `${name}: the LTI picker`).to.equal(policyAllows(who, ['published'], 'share').length);
    }
    expect((await both({ who: ltiStudent })).hits.map((h) => h.card.id)).to.include(grantedId);
    expect((await both({ who: studentB })).hits.map((h) => h.card.id)).not.to.include(grantedId);
  });

  it('narrows to an owner and to organisations', async () => {
    const mine = await both({
      who: teacherA,
      ownerId: teacherA.personId!,
      statuses: ['draft', 'submitted', 'published'],
    });
    expect(mine.total).to.equal(
      resources.filter((r) => r.ownerId === teacherA.personId && r.status !== 'withdrawn').length,
    );
    await both({ who: librarian, orgIds: ['truongA'], statuses: ['submitted'] });
  });

  it('walks a list page by page with cursors (search_after) and with offsets, each hit once', async () => {
    for (const ask of [{ sort: 'title' as const }, { text: 'toan' }, { sort: 'views' as const }, {}]) {
      const full = await both({ ...ask, who: librarian, limit: 100 });
      const walked: string[] = [];
      let after: SearchQuery['after'];
      for (let i = 0; i < 50; i++) {
        const page = await both({ ...ask, who: librarian, limit: 4, after });
        walked.push(...page.hits.map((h) => h.card.id));
        if (page.hits.length < 4) break;
        after = page.hits.at(-1)!.sortValues;
      }
      expect(walked, JSON.stringify(ask)).to.deep.equal(full.hits.map((h) => h.card.id));
      const second = await both({ ...ask, who: librarian, limit: 4, offset: 4 });
      expect(second.hits.map((h) => h.card.id)).to.deep.equal(full.hits.slice(4, 8).map((h) => h.card.id));
    }
    const beyond = await both({ who: librarian, limit: 10, offset: 20_000 });
    expect(beyond.hits, 'no pages by offset past the result window').to.deep.equal([]);
    expect(beyond.total, 'the total still counts').to.be.greaterThan(0);
  });

  it('browses without words, with and without filters, as the home page does', async () => {
    for (const who of [anonymous, teacherA, ltiStudent]) {
      await both({ who, sort: 'newest', limit: 6 });
      await both({ who, sort: 'views', limit: 6 });
      await both({ who, filters: { subject: ['toan'] }, limit: 6 });
      await both({ who, filters: { subject: ['toan'], level: ['thcs'] }, sort: 'title', limit: 6 });
    }
  });

  it('suggests titles as a person types', async () => {
    const v = searchVisibility(anonymous, 'view', ['published'], tree);
    const [m, o] = await Promise.all([memory.suggest('phan so', v, 5), open.suggest('phan so', v, 5)]);
    expect(o).to.deep.equal(m);
    expect(m.map((s) => s.title)).to.include('Phân số và số thập phân');
  });

  it('gives the same cards, tallies and most viewed', async () => {
    const ids = resources.slice(0, 5).map((r) => r.id);
    const [mc, oc] = await Promise.all([memory.cards(ids), open.cards(ids)]);
    expect([...oc.entries()].sort()).to.deep.equal([...mc.entries()].sort());
    const orgs = ['truongA', 'truongB', 'phong'];
    const all: ResourceStatus[] = ['draft', 'submitted', 'published', 'withdrawn'];
    expect(await open.tally(orgs, all)).to.deep.equal(await memory.tally(orgs, all));
    expect((await open.mostViewed(orgs, all, 5)).map((c) => c.id)).to.deep.equal(
      (await memory.mostViewed(orgs, all, 5)).map((c) => c.id),
    );
  });

  it('follows a change, a removal and new views alike', async () => {
    const changed = { ...resources[4]!, status: 'published' as const, publishedAt: day(30) };
    changed.metadata = { ...changed.metadata, title: 'Dân ca quan họ Bắc Ninh' };
    for (const engine of [memory, open] as SearchEngine[]) {
      await engine.index([searchDocumentOf(changed)!]);
      await engine.remove([resources[5]!.id]);
      await engine.setViews(new Map([[resources[0]!.id, 1000]]));
      await engine.refresh();
    }
    expect(titlesOf(await both({ text: 'quan ho' }))[0]).to.equal('Dân ca quan họ Bắc Ninh');
    expect((await both({ text: 'nam bo', ...everything })).total, 'the old title is gone').to.equal(0);
    const removed = resources[5]!.id;
    expect(
      (await both({ text: 'ca heo', ...everything })).hits.map((h) => h.card.id),
      'removed',
    ).not.to.include(removed);
    expect((await open.cards([removed])).size).to.equal(0);
    expect((await both({ sort: 'views', limit: 1 })).hits[0]!.card.id).to.equal(resources[0]!.id);
    expect(await open.count()).to.equal(await memory.count());
  });
});
