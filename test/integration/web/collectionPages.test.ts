import { expect } from 'chai';
import { startTestServer, testContext, type TestServer } from '../../support/context.js';
import { person, province, resource } from '../../support/fixtures.js';
import { as, page, submit } from './pages.js';

describe('web pages: collections (reading lists)', () => {
  let server: TestServer;
  before(async () => (server = await startTestServer()));
  after(async () => server.close());

  it('lets a teacher create a list, add a resource from its item page, and remove it; others see only what they may', async () => {
    const { schoolA, schoolB } = await province();
    const teacher = await person([{ org: schoolA, role: 'teacher' }]);
    const studentB = await person([{ org: schoolB, role: 'student' }]);
    const shared = await resource(teacher.actor, schoolA, {
      metadata: { title: 'Ôn tập hình học công khai' },
      scope: 'public',
    });
    const internal = await resource(teacher.actor, schoolA, {
      metadata: { title: 'Đề kiểm tra nội bộ' },
      scope: 'school',
    });
    const t = await as(server.url, teacher);

    const invalid = await page(await submit(t, '/collections', { title: '', orgId: schoolA.id, scope: 'public' }), 400);
    expect(invalid).to.include('id="new-title-error"');

    const created = await submit(t, '/collections', {
      title: 'Ôn thi <học kì> 1',
      description: '',
      orgId: schoolA.id,
      scope: 'public',
    });
    expect(created.status).to.equal(303);
    const url = created.headers.get('location')!;
    const id = url.split('/').pop()!;

    const item = await page(await t.get(`/resources/${shared.id}`));
    expect(item).to.include(`<option value="${id}">Ôn thi &lt;học kì&gt; 1</option>`);
    expect((await submit(t, '/collections/add', { collectionId: id, resourceId: shared.id })).status).to.equal(303);
    expect((await submit(t, '/collections/add', { collectionId: id, resourceId: internal.id })).status).to.equal(303);

    const mine = await page(await t.get(url));
    expect(mine).to.include('Ôn tập hình học công khai').and.to.include('Đề kiểm tra nội bộ');
    const theirs = await page(await (await as(server.url, studentB)).get(url));
    expect(theirs).to.include('Ôn tập hình học công khai');
    expect(theirs, 'a school-only item stays hidden from another school').not.to.include('Đề kiểm tra nội bộ');
    expect(theirs, 'no editing for others').not.to.include(`action="/collections/${id}/edit"`);
    expect(await page(await (await as(server.url, null)).get('/collections'))).to.include('Ôn thi &lt;học kì&gt; 1');

    const version = (await testContext().services.collections.load(teacher.actor, id)).version;
    expect(
      (await submit(t, `/collections/${id}/items/${internal.id}/remove`, { version: String(version) })).status,
    ).to.equal(303);
    await page(await submit(t, `/collections/${id}/items/${shared.id}/remove`, { version: String(version) }), 409);
    expect((await testContext().services.collections.load(teacher.actor, id)).resourceIds).to.deep.equal([shared.id]);
  });
});
