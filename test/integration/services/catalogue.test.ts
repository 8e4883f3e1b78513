import { expect } from 'chai';
import { DomainError } from '../../../src/domain/errors.js';
import { anonymous, type Actor } from '../../../src/policies/actor.js';
import type { SearchParams } from '../../../src/services/search.js';
import { testContext } from '../../support/context.js';
import { metadata, person, province, resource } from '../../support/fixtures.js';

describe('catalogue: life cycle, sharing scope and search on the real database', () => {
  const search = (actor: Actor, text: string, extra: Partial<SearchParams> = {}) =>
    testContext().services.search.search(actor, {
      q: text,
      filters: {},
      sort: 'relevance',
      offset: 0,
      limit: 50,
      ...extra,
    });

  it('publishes through draft → submitted → published, stamping the audit and the OAI-PMH state', async () => {
    const { schoolA } = await province();
    const teacher = await person([{ org: schoolA, role: 'teacher' }]);
    const librarian = await person([{ org: schoolA, role: 'librarian' }]);
    const { resources } = testContext().services;

    const draft = await resources.create(teacher.actor, schoolA.id, {
      metadata: metadata({ title: 'Vật lí – Chuyển động thẳng đều' }),
      scope: 'public',
    });
    expect(draft).to.include({ status: 'draft', version: 1 });
    expect(draft.oai.state).to.equal('none');

    const submitted = await resources.transition(teacher.actor, draft.id, 1, 'submit');
    let failure: unknown;
    await resources
      .transition(teacher.actor, submitted.id, submitted.version, 'approve')
      .catch((e: unknown) => (failure = e));
    expect((failure as DomainError).code, 'a teacher cannot approve').to.equal('forbidden');

    const published = await resources.transition(librarian.actor, submitted.id, submitted.version, 'approve');
    expect(published.status).to.equal('published');
    expect(published.oai.state).to.equal('exposed');
    expect(published.audit.map((a) => a.action)).to.deep.equal(['created', 'submit', 'approve']);
    expect(published.audit[2]!.actorId).to.equal(librarian.id);
    expect(published.modifiedAt.getTime()).to.be.at.least(draft.modifiedAt.getTime());

    const withdrawn = await resources.transition(librarian.actor, published.id, published.version, 'withdraw');
    expect(withdrawn.oai.state, 'withdrawing leaves an OAI-PMH tombstone').to.equal('deleted');
    expect(withdrawn.oai.datestamp!.getTime()).to.be.greaterThan(published.oai.datestamp!.getTime() - 1);
  });

  it('refuses an edit based on an old version (409), so no edit is silently lost', async () => {
    const { schoolA } = await province();
    const teacher = await person([{ org: schoolA, role: 'teacher' }]);
    const r = await resource(teacher.actor, schoolA, { status: 'draft' });
    const { resources } = testContext().services;
    const input = { metadata: { ...r.metadata, title: 'Bản của người thứ nhất' }, scope: r.scope };
    await resources.update(teacher.actor, r.id, r.version, input);
    let failure: unknown;
    await resources
      .update(teacher.actor, r.id, r.version, {
        ...input,
        metadata: { ...input.metadata, title: 'Bản của người thứ hai' },
      })
      .catch((e: unknown) => (failure = e));
    expect(failure).to.be.instanceOf(DomainError);
    expect((failure as DomainError).code).to.equal('conflict');
    expect((await resources.find(r.id))!.metadata.title).to.equal('Bản của người thứ nhất');
  });

  it('finds Vietnamese text typed without diacritics, with đ as d, in NFC or NFD, by word prefix', async () => {
    const { schoolA } = await province();
    const teacher = await person([{ org: schoolA, role: 'teacher' }]);
    const title = `Tiếng Việt lớp 2 – Đọc hiểu đoạn văn ${Date.now()}`;
    const r = await resource(teacher.actor, schoolA, {
      metadata: { title, subject: 'tieng-viet', level: 'tieu-hoc', grades: [2] },
    });
    for (const query of [
      'tieng viet doc hieu',
      'TIẾNG VIỆT đọc hiểu',
      'Tiếng Việt'.normalize('NFD') + ' doan',
      'tiếng vi',
      'đoc hieu',
    ]) {
      expect(
        (await search(anonymous, query)).hits.map((h) => h.card.id),
        query,
      ).to.include(r.id);
    }
  });

  it('ranks a title match above a description match', async () => {
    const { schoolA } = await province();
    const teacher = await person([{ org: schoolA, role: 'teacher' }]);
    const word = `quangphổ${Date.now() % 100000}`;
    const inDescription = await resource(teacher.actor, schoolA, {
      metadata: { title: 'Vật lí 12 – Ánh sáng', description: `Bài học về ${word} vạch.` },
    });
    const inTitle = await resource(teacher.actor, schoolA, {
      metadata: { title: `Vật lí 12 – ${word}`, description: 'Bài học.' },
    });
    const ids = (await search(anonymous, word)).hits.map((h) => h.card.id);
    expect(ids.indexOf(inTitle.id)).to.be.lessThan(ids.indexOf(inDescription.id));
    expect(ids).to.include(inDescription.id);
  });

  it('keeps school-only resources inside their school, in results and in facet counts', async () => {
    const { schoolA, schoolB } = await province();
    const teacherA = await person([{ org: schoolA, role: 'teacher' }]);
    const studentA = await person([{ org: schoolA, role: 'student' }]);
    const studentB = await person([{ org: schoolB, role: 'student' }]);
    const word = `riengtu${Date.now()}`;
    const r = await resource(teacherA.actor, schoolA, { scope: 'school', metadata: { title: `Đề ôn tập ${word}` } });

    expect((await search(studentA.actor, word)).hits.map((h) => h.card.id)).to.deep.equal([r.id]);
    const forB = await search(studentB.actor, word);
    expect(forB.total).to.equal(0);
    expect(forB.facets.subject, 'facet counts never leak hidden items').to.deep.equal([]);
    expect((await search(anonymous, word)).total).to.equal(0);
  });
});
