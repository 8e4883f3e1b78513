/**
 * What leaves the server about a resource (pages and API alike): labels in the person's language,
 * what the person may do, and nothing internal — not the owner's or an auditor's id, file hashes,
 * the harvest source, the OAI state, or anything else a stored document carries.
 */
import { expect } from 'chai';
import { presentFacets, presentResource, presentSummary } from '../../../src/presenters/resource.js';
import { canOnResource, resourceActions } from '../../../src/policies/resource.js';
import { facetNames, type FacetCounts } from '../../../src/search/facets.js';
import { actors, district1, department, schoolA, tree } from '../support/province.js';
import { metadata } from '../../support/metadata.js';
import { internal, markupIn, OWNER_ID, searchedResource, storedResource, stringsIn } from './support.js';

const BASE = 'https://thuvien.example.edu.vn';
const present = (actor = actors.owner, resource = storedResource(), lang: 'vi' | 'en' = 'vi') =>
  presentResource(resource, actor, tree, lang, BASE);

describe('presenter: resources', () => {
  it('gives no internal field or id to anyone, the owner and the system admin included', () => {
    for (const who of [actors.owner, actors.sysAdmin, actors.anonymous]) {
      const json = JSON.stringify(present(who));
      for (const [field, value] of Object.entries({ ...internal, ownerId: OWNER_ID }))
        expect(json, `${field} must not leave the server`).not.to.include(value);
      expect(present(who)).not.to.have.any.keys('_id', '__v', 'ownerId', 'oai', 'audit', 'storageKey');
      expect(present(who).files[0]).not.to.have.any.keys('sha256', 'uploadedAt');
    }
  });

  it('says what the person may do, exactly as the policy decides', () => {
    for (const who of [actors.owner, actors.studentA, actors.librarianA, actors.anonymous, actors.teacherC]) {
      const expected = Object.fromEntries(
        resourceActions.map((a) => [a, canOnResource(who, a, storedResource(), tree)]),
      );
      expect(present(who).permissions).to.deep.equal(expected);
    }
  });

  it('shows the history only to those who may see it, with its actions in the person’s language', () => {
    expect(present(actors.studentA).history, 'a student who may view it').to.equal(null);
    expect(present(actors.librarianA).history).to.deep.equal([
      {
        at: '2025-09-05T03:00:00.000Z',
        action: 'approve',
        actionLabel: 'Duyệt, xuất bản',
        note: 'Đạt yêu cầu',
        fields: [],
      },
    ]);
    expect(present(actors.librarianA, storedResource(), 'en').history![0]!.actionLabel).to.equal(
      'Approved and published',
    );
  });

  it('names a duplicate file only to those who may edit the resource', () => {
    expect(present(actors.librarianA).files[0]!.duplicateOf).to.equal('66f0a1b2c3d4e5f60123aaaa');
    expect(present(actors.studentA).files[0]!.duplicateOf).to.equal(null);
  });

  it('labels codes in the person’s language, and shows an unknown code as itself rather than failing', () => {
    const vi = present().metadata;
    const en = present(actors.owner, storedResource(), 'en').metadata;
    expect(vi.level).to.deep.equal({ code: 'thcs', label: 'Trung học cơ sở' });
    expect(en.level).to.deep.equal({ code: 'thcs', label: 'Lower secondary' });
    expect(vi.licence)
      .to.include({ code: 'cc-by-sa' })
      .and.to.have.property('uri')
      .that.matches(/^https:\/\/creativecommons\.org\//);
    const odd = present(actors.owner, storedResource({ metadata: metadata({ subject: 'mon-moi' }) })).metadata;
    expect(odd.subject).to.deep.equal({ code: 'mon-moi', label: 'mon-moi' });
  });

  it('links files and the item on our own paths, and places the item in the tree', () => {
    const view = present();
    expect(view.url).to.equal('/resources/66f0a1b2c3d4e5f601234567');
    expect(view.files[0]).to.include({
      url: '/resources/66f0a1b2c3d4e5f601234567/files/file-1',
      downloadUrl: '/resources/66f0a1b2c3d4e5f601234567/files/file-1?download=1',
    });
    expect(view.organisation.path.map((o) => o.name)).to.deep.equal([department.name, district1.name, schoolA.name]);
    expect(view.external, 'a harvested record shows only where it came from').to.deep.equal({ url: null });
  });

  it('cites the item as schools do: authors (year). Title. Publisher. Link', () => {
    expect(present().citation).to.equal(
      `Lê Minh Giáo, Trần Thị Bình (2025). Toán 6 – Bài 1: Tập hợp. ${schoolA.name}. Truy cập tại: ${BASE}/resources/66f0a1b2c3d4e5f601234567`,
    );
    expect(present(actors.owner, storedResource(), 'en').citation).to.include('Available at:');
  });

  it('passes text through as text: adds no markup, and leaves markup typed by a person for the view to escape', () => {
    expect(markupIn(present())).to.deep.equal([]);
    const typed = '<img src=x onerror="alert(1)"> & <b>Toán</b>';
    const view = present(actors.owner, storedResource({ metadata: metadata({ title: typed, description: typed }) }));
    expect(view.title).to.equal(typed);
    expect(view.metadata.description).to.equal(typed);
    expect(markupIn(view).map((s) => s.path)).to.have.members([
      '$.title',
      '$.description',
      '$.metadata.title',
      '$.metadata.description',
      '$.citation',
    ]);
  });
});

describe('presenter: search results and facets', () => {
  const entry = searchedResource(storedResource({ metadata: metadata({ description: 'Dài '.repeat(100) }) }), 42);

  it('gives a summary of the entry and nothing of the index’s own bookkeeping', () => {
    const summary = presentSummary(entry, tree, 'vi');
    expect(summary).to.have.all.keys(
      'id',
      'url',
      'title',
      'description',
      'status',
      'scope',
      'type',
      'level',
      'grades',
      'subject',
      'series',
      'organisation',
      'fileKinds',
      'printed',
      'external',
      'publishedAt',
      'modifiedAt',
      'views',
    );
    expect(JSON.stringify(summary)).not.to.include(OWNER_ID).and.not.to.include(internal.sourceId);
    expect(summary).to.include({ views: 42 });
    expect(summary.fileKinds).to.deep.equal(['pdf']);
    expect(summary.description).to.have.length(240).and.match(/…$/);
  });

  it('labels facet values in the person’s language, organisations by name, and marks what is selected', () => {
    const counts = Object.fromEntries(facetNames.map((f) => [f, []])) as unknown as FacetCounts;
    counts.level = [{ value: 'thcs', count: 3 }];
    counts.org = [{ value: schoolA.id, count: 2 }];
    counts.grade = [{ value: '6', count: 1 }];
    const facets = presentFacets(counts, { level: ['thcs'] }, tree, 'vi');
    const value = (name: string) => facets.find((f) => f.name === name)!.values[0];
    expect(value('level')).to.deep.equal({ value: 'thcs', count: 3, selected: true, label: 'Trung học cơ sở' });
    expect(value('org')).to.include({ label: schoolA.name, selected: false });
    expect(value('grade')).to.include({ label: 'Lớp 6' });
    expect(stringsIn(facets).map((s) => s.text)).to.include('Cấp học');
  });
});
