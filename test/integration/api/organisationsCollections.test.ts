import { expect } from 'chai';
import { startTestServer, type TestServer } from '../../support/context.js';
import { signedIn } from '../../support/client.js';
import { organisation, person, province, resource } from '../../support/fixtures.js';
import { OpenApiCheck } from './openApiCheck.js';

interface Collection {
  id: string;
  version: number;
  itemCount: number;
  items: { id: string }[];
}

describe('API /api/v1: organisations, people and collections', () => {
  let server: TestServer;
  let check: OpenApiCheck;
  before(async () => {
    server = await startTestServer();
    check = new OpenApiCheck(
      (await (await fetch(`${server.url}/api/v1/openapi.json`)).json()) as ConstructorParameters<
        typeof OpenApiCheck
      >[0],
    );
  });
  after(() => server.close());

  it('moves a school under another office after an administrative merger; its resources and people stay with it', async () => {
    const world = await province();
    const oldOffice = await organisation('Phòng GD&ĐT huyện cũ', world.department, 'office');
    const school = await organisation('Trường Tiểu học Hoà Bình', oldOffice);
    const teacher = await person([{ org: school, role: 'teacher' }]);
    const r = await resource(teacher.actor, school, {
      scope: 'school',
      metadata: { title: 'Tiếng Việt 3 – Bài đọc Hoà Bình' },
    });
    const admin = await signedIn(server.url, await person([{ org: world.department, role: 'org_admin' }]));

    const moved = await admin.post(`/api/v1/organisations/${school.id}/move`, { parentId: world.department.id });
    expect(moved.status).to.equal(200);
    const body = await moved.json();
    check.answer('POST', '/organisations/{id}/move', 200, body);
    expect((body as { parentId: string; path: { id: string }[] }).parentId).to.equal(world.department.id);
    expect(await admin.delete(`/api/v1/organisations/${oldOffice.id}`).then((x) => x.status)).to.equal(204);

    const stillTheirs = await signedIn(server.url, teacher);
    const read = await stillTheirs.get(`/api/v1/resources/${r.id}`);
    expect(read.status).to.equal(200);
    expect(
      ((await read.json()) as { organisation: { path: { name: string }[] } }).organisation.path.map((p) => p.name),
    ).to.deep.equal([world.department.name, school.name]);
    const people = await admin.get(`/api/v1/organisations/${school.id}/people`);
    const list = (await people.json()) as { items: { id: string }[]; total: number };
    check.answer('GET', '/organisations/{id}/people', 200, list);
    expect(list.items.map((p) => p.id)).to.deep.equal([teacher.id]);

    const intoItself = await admin.post(`/api/v1/organisations/${world.department.id}/move`, { parentId: school.id });
    expect(intoItself.status).to.be.oneOf([400, 403]);
  });

  it('refuses a duplicate organisation code and a non-empty deletion with clear messages', async () => {
    const world = await province();
    const admin = await signedIn(server.url, await person([{ org: world.department, role: 'org_admin' }]));
    const dup = await admin.post('/api/v1/organisations?lang=en', {
      parentId: world.department.id,
      code: world.schoolA.code,
      name: 'Trùng mã',
      type: 'school',
    });
    expect(dup.status).to.equal(400);
    const err = (await dup.json()) as { error: { fields: { field: string; message: string }[] } };
    expect(err.error.fields[0]!.field).to.equal('code');
    expect(err.error.fields[0]!.message).to.include(world.schoolA.code);
    await person([{ org: world.schoolB, role: 'student' }]);
    const notEmpty = await admin.delete(`/api/v1/organisations/${world.schoolB.id}`);
    expect(notEmpty.status).to.equal(409);
  });

  it('creates an account with a generated password that signs in, and can disable it', async () => {
    const world = await province();
    const admin = await signedIn(server.url, await person([{ org: world.schoolA, role: 'org_admin' }]));
    const res = await admin.post(`/api/v1/organisations/${world.schoolA.id}/people`, {
      username: `gv.${Date.now()}`,
      displayName: 'Nguyễn Thị Hoa',
      email: 'hoa@example.edu.vn',
      roles: ['teacher', 'librarian'],
    });
    expect(res.status).to.equal(201);
    const created = (await res.json()) as {
      person: { id: string; memberships: { role: string }[] };
      username: string;
      password: string;
    };
    check.answer('POST', '/organisations/{id}/people', 201, created);
    expect(created.password).to.match(/^[a-z0-9]{4}(-[a-z0-9]{4}){3}$/);
    expect(created.person.memberships.map((m) => m.role).sort()).to.deep.equal(['librarian', 'teacher']);
    const newcomer = await signedIn(server.url, created);
    expect(
      ((await (await newcomer.get('/api/v1/me')).json()) as { person: { displayName: string } }).person.displayName,
    ).to.equal('Nguyễn Thị Hoa');

    const disabled = await admin.put(`/api/v1/people/${created.person.id}/status`, { disabled: true });
    expect(disabled.status).to.equal(200);
    expect(((await (await newcomer.get('/api/v1/me')).json()) as { person: unknown }).person).to.equal(null);

    const weak = await admin.post(`/api/v1/organisations/${world.schoolA.id}/people`, {
      username: 'có dấu cách',
      password: 'ngan',
      displayName: 'X',
      roles: [],
    });
    expect(
      ((await weak.json()) as { error: { fields: { field: string }[] } }).error.fields.map((f) => f.field).sort(),
    ).to.deep.equal(['password', 'roles', 'username']);
  });

  it('keeps reading lists: items only the viewer may see, version-checked changes', async () => {
    const world = await province();
    const teacher = await person([{ org: world.schoolA, role: 'teacher' }]);
    const shared = await resource(teacher.actor, world.schoolA, {
      scope: 'public',
      metadata: { title: 'Bài công khai' },
    });
    const schoolOnly = await resource(teacher.actor, world.schoolA, {
      scope: 'school',
      metadata: { title: 'Bài trong trường' },
    });
    const author = await signedIn(server.url, teacher);
    const created = await author.post('/api/v1/collections', {
      orgId: world.schoolA.id,
      title: 'Ôn tập Toán 6',
      description: null,
      scope: 'public',
    });
    expect(created.status).to.equal(201);
    const list = (await created.json()) as Collection;
    check.answer('POST', '/collections', 201, list);
    const filled = await author.put(
      `/api/v1/collections/${list.id}/items`,
      { resourceIds: [shared.id, schoolOnly.id] },
      { 'if-match': `"${list.version}"` },
    );
    expect(filled.status).to.equal(200);
    expect(((await filled.json()) as Collection).items.map((i) => i.id)).to.deep.equal([shared.id, schoolOnly.id]);

    const outsider = await signedIn(server.url, await person([{ org: world.schoolB, role: 'student' }]));
    const seen = await outsider.get(`/api/v1/collections/${list.id}`);
    const body = (await seen.json()) as Collection;
    check.answer('GET', '/collections/{id}', 200, body);
    expect(body.items.map((i) => i.id)).to.deep.equal([shared.id]);
    expect(body.itemCount).to.equal(1);

    const stale = await author.put(`/api/v1/collections/${list.id}`, {
      title: 'Đổi tên',
      description: null,
      scope: 'school',
      version: list.version,
    });
    expect(stale.status).to.equal(409);
    const notMine = await outsider.delete(`/api/v1/collections/${list.id}`);
    expect(notMine.status).to.equal(403);
    const all = await outsider.get('/api/v1/collections?limit=200');
    const visible = (await all.json()) as { items: Collection[] };
    check.answer('GET', '/collections', 200, visible);
    expect(visible.items.find((c) => c.id === list.id)?.itemCount).to.equal(1);
  });
});
