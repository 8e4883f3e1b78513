import { expect } from 'chai';
import { startTestServer, testContext, type TestServer } from '../../support/context.js';
import { organisation, person, province, resource } from '../../support/fixtures.js';
import { Client } from '../../support/client.js';
import { as, page, submit } from './pages.js';
import { countUsageNow } from '../../support/usage.js';

describe('web pages: administration of the organisation tree and its people', () => {
  let server: TestServer;
  before(async () => (server = await startTestServer()));
  after(async () => server.close());

  it('is for organisation admins and librarians: visitors are sent to sign in, teachers refused', async () => {
    const { department, schoolA } = await province();
    const visitor = await (await as(server.url, null)).get('/admin');
    expect(visitor.status).to.equal(303);
    expect(visitor.headers.get('location')).to.equal('/login?next=%2Fadmin');
    const teacher = await person([{ org: schoolA, role: 'teacher' }]);
    await page(await (await as(server.url, teacher)).get('/admin'), 403);
    await page(await (await as(server.url, teacher)).get(`/admin/organisations/${schoolA.id}`), 403);
    const admin = await person([{ org: department, role: 'org_admin' }]);
    const tree = await page(await (await as(server.url, admin)).get('/admin'));
    expect(tree)
      .to.include(`href="/admin/organisations/${department.id}"`)
      .and.to.include(`href="/admin/organisations/${schoolA.id}"`);
    expect(tree, 'organisation admins reach the LTI, SAML and harvest settings from here')
      .to.include('href="/admin/lti"')
      .and.to.include('href="/admin/saml"')
      .and.to.include('href="/admin/harvest"');
    const librarian = await person([{ org: schoolA, role: 'librarian' }]);
    expect(await page(await (await as(server.url, librarian)).get('/admin'))).not.to.include('href="/admin/lti"');
  });

  it('creates a child node, moves a school under it (the school keeps its resources), and deletes only empty nodes', async () => {
    const { department, schoolA, schoolB } = await province();
    const admin = await person([{ org: department, role: 'org_admin' }]);
    const teacher = await person([{ org: schoolA, role: 'teacher' }]);
    const r = await resource(teacher.actor, schoolA, { scope: 'school' });
    const client = await as(server.url, admin);
    const code = `PGD-${Date.now()}`;

    const bad = await page(
      await submit(client, '/admin/organisations', {
        parentId: department.id,
        name: 'Phòng GD&ĐT',
        code: 'có dấu',
        type: 'office',
      }),
      400,
    );
    expect(bad).to.include('id="child-code-error"');
    expect(bad, 'the typed name is kept').to.include('value="Phòng GD&amp;ĐT"');

    const created = await submit(client, '/admin/organisations', {
      parentId: department.id,
      name: 'Phòng GD&ĐT Thử',
      code,
      type: 'office',
    });
    expect(created.status).to.equal(303);
    const officeId = created.headers.get('location')!.split('/').pop()!;
    expect(testContext().services.tree.get(officeId)).to.include({
      name: 'Phòng GD&ĐT Thử',
      parentId: department.id,
      type: 'office',
    });

    const schoolPage = await page(await client.get(`/admin/organisations/${schoolA.id}`));
    expect(schoolPage, 'the new office is offered as a parent').to.include(`<option value="${officeId}">`);
    expect((await submit(client, `/admin/organisations/${schoolA.id}/move`, { parentId: officeId })).status).to.equal(
      303,
    );
    expect(testContext().services.tree.get(schoolA.id)!.parentId).to.equal(officeId);
    const moved = await page(await (await as(server.url, teacher)).get(`/resources/${r.id}`));
    expect(moved, 'the resource stays with the moved school')
      .to.include(r.metadata.title)
      .and.to.include('Phòng GD&amp;ĐT Thử');

    const notEmpty = await page(await submit(client, `/admin/organisations/${officeId}/delete`, {}), 409);
    expect(notEmpty).to.include('Chỉ xoá được đơn vị không còn đơn vị con');
    const empty = await organisation('Điểm trường lẻ', schoolB);
    expect((await submit(client, `/admin/organisations/${empty.id}/delete`, {})).status).to.equal(303);
    expect(testContext().services.tree.get(empty.id)).to.equal(undefined);
  });

  it('creates a local account with a generated password shown once, sets roles and disables the person', async () => {
    const { schoolA } = await province();
    const admin = await person([{ org: schoolA, role: 'org_admin' }]);
    const client = await as(server.url, admin);
    const username = `gv-${Date.now()}`;

    const shown = await page(
      await submit(client, `/admin/organisations/${schoolA.id}/people`, {
        displayName: 'Phạm Thị Giáo',
        username,
        email: '',
        password: '',
        roles: 'teacher',
      }),
      201,
    );
    const password = /Mật khẩu: <span class="secret">([^<]+)<\/span>/.exec(shown)?.[1];
    expect(password).to.match(/^[a-z0-9]{4}(-[a-z0-9]{4}){3}$/);
    const newcomer = await new Client(server.url).signIn(username, password!);
    const me = (await (await newcomer.get('/api/v1/me')).json()) as { person: { id: string } };
    expect(
      (await page(await client.get(`/admin/organisations/${schoolA.id}`))).match(new RegExp(password!, 'g')),
      'the password is not shown again',
    ).to.equal(null);

    expect(
      (
        await submit(client, `/admin/organisations/${schoolA.id}/people/${me.person.id}/roles`, {
          roles: ['teacher', 'librarian'],
        })
      ).status,
    ).to.equal(303);
    expect(
      (await testContext().services.accounts.person(me.person.id))!.memberships.map((m) => m.role).sort(),
    ).to.deep.equal(['librarian', 'teacher']);

    expect(
      (
        await submit(client, `/admin/people/${me.person.id}/status`, {
          disabled: 'true',
          next: `/admin/organisations/${schoolA.id}`,
        })
      ).status,
    ).to.equal(303);
    expect((await testContext().services.accounts.person(me.person.id))!.disabled).to.equal(true);

    const taken = await page(
      await submit(client, `/admin/organisations/${schoolA.id}/people`, {
        displayName: 'Trùng tên',
        username,
        roles: 'student',
      }),
      409,
    );
    expect(taken).to.include(username);
  });
});

describe('web pages: statistics and their CSV export', () => {
  let server: TestServer;
  before(async () => (server = await startTestServer()));
  after(async () => server.close());

  it('counts resources and use per month for a librarian, and exports them as CSV for Excel', async () => {
    const { department, schoolA, schoolB } = await province();
    const teacher = await person([{ org: schoolA, role: 'teacher' }]);
    const librarian = await person([{ org: schoolA, role: 'librarian' }]);
    const tricky = '=Toán, "đại số" 10';
    const used = await resource(teacher.actor, schoolA, {
      metadata: { title: tricky, type: 'video', subject: 'toan' },
    });
    await resource(teacher.actor, schoolA, { metadata: { title: 'Nháp', type: 'bai-giang' }, status: 'draft' });
    const teacherB = await person([{ org: schoolB, role: 'teacher' }]);
    const elsewhere = await resource(teacherB.actor, schoolB, { metadata: { title: 'Trường khác' } });
    const { usage } = testContext().services;
    await usage.record('view', used, null);
    await usage.record('view', used, null);
    await usage.record('download', used, null);
    await usage.record('lti_launch', used, null);
    await usage.record('view', elsewhere, null);
    await countUsageNow();

    const client = await as(server.url, librarian);
    const html = await page(await client.get(`/admin/organisations/${schoolA.id}/statistics`));
    expect(html).to.include('2 học liệu');
    expect(html).to.match(/Bản nháp<\/td><td>1</);
    expect(html).to.match(/Video<\/td><td>1</);
    const month = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 7);
    expect(html).to.match(new RegExp(`<th scope="row">${month}</th><td>2</td><td>1</td><td>1</td>`));
    expect(html).not.to.include('Trường khác');

    const res = await client.get(`/admin/organisations/${schoolA.id}/statistics.csv`);
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.equal('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).to.match(/attachment; filename="thong-ke-.+\.csv"/);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)], 'UTF-8 BOM').to.deep.equal([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes.slice(3));
    const lines = text.split('\r\n');
    expect(lines[0]).to.equal('Mục,Mã,Tên,Số lượng,Lượt xem,Lượt tải về,Lượt mở từ Moodle (LTI)');
    expect(lines).to.include(`Lượt sử dụng theo tháng,${month},${month},,2,1,1`);
    expect(lines, 'quotes doubled, commas quoted, a leading = made harmless').to.include(
      `Học liệu được sử dụng nhiều nhất (từ trước đến nay),${used.id},"'=Toán, ""đại số"" 10",,2,1,1`,
    );

    const provincial = await as(server.url, await person([{ org: department, role: 'librarian' }]));
    const whole = await page(await provincial.get(`/admin/organisations/${department.id}/statistics`));
    expect(whole, 'the department counts the use in all its schools').to.match(
      new RegExp(`<th scope="row">${month}</th><td>3</td><td>1</td><td>1</td>`),
    );

    await page(await (await as(server.url, teacher)).get(`/admin/organisations/${schoolA.id}/statistics`), 403);
    await page(await client.get(`/admin/organisations/${schoolA.id}/statistics?from=2025-13`), 400);
  });
});
