/**
 * Issue 12, case 7: control characters, direction overrides and zero-width characters in titles
 * and creators, a look-alike username with a Cyrillic letter, and the date "9999-99-99" are refused
 * with a message naming the field, through the API and the pages; text is kept in NFC.
 */
import { expect } from 'chai';
import { startTestServer, testContext, type TestServer } from '../../support/context.js';
import { signedIn, type Client } from '../../support/client.js';
import { metadata, person, province } from '../../support/fixtures.js';
import { Types } from 'mongoose';
import { ResourceModel } from '../../../src/models/resource.js';
import type { Organisation } from '../../../src/domain/organisation.js';
import { identityKey } from '../../../src/models/identity.js';

interface ApiError {
  error: { code: string; message: string; fields?: { field: string; message: string }[] };
}

describe('hardening: one rule for every text field', function () {
  this.timeout(60_000);
  let server: TestServer;
  let schoolA: Organisation;
  let teacher: Client;
  let admin: Client;

  before(async () => {
    server = await startTestServer();
    ({ schoolA } = await province());
    teacher = await signedIn(server.url, await person([{ org: schoolA, role: 'teacher' }], 'Cô Hoa'));
    admin = await signedIn(server.url, await person([{ org: schoolA, role: 'org_admin' }], 'Thầy Quản'));
  });
  after(() => server.close());

  const create = (client: Client, overrides: Record<string, unknown>, lang = 'vi') =>
    client.post(`/api/v1/resources?lang=${lang}`, {
      orgId: schoolA.id,
      scope: 'school',
      metadata: { ...metadata(), ...overrides },
    });

  async function refusedField(res: Response, field: string, text: RegExp) {
    const body = (await res.json()) as ApiError;
    expect(res.status, JSON.stringify(body)).to.equal(400);
    expect(body.error.code).to.equal('validation');
    const issue = body.error.fields?.find((f) => f.field === field);
    expect(issue, `an issue for ${field} in ${JSON.stringify(body.error.fields)}`).to.not.equal(undefined);
    expect(issue!.message).to.match(text);
  }

  it('case 7 as written: U+0000, U+202E and U+200B in titles and creators are refused, naming the field and the character', async () => {
    await refusedField(await create(teacher, { title: 'Toán 6\u0000' }), 'metadata.title', /“Nhan đề”.*U\+0000/);
    await refusedField(
      await create(teacher, { creators: ['Lê Minh', 'Nguyễn\u202eAn'] }),
      'metadata.creators.1',
      /“Tác giả”.*đổi chiều văn bản.*U\+202E/,
    );
    await refusedField(
      await create(teacher, { title: 'Bài\u200b1' }, 'en'),
      'metadata.title',
      /“Title”.*invisible character \(U\+200B\)/,
    );
    const stored = await ResourceModel.find({ orgId: new Types.ObjectId(schoolA.id) }).lean();
    const written = stored.flatMap((r) => [r.metadata.title, ...r.metadata.creators]);
    expect(
      // eslint-disable-next-line no-control-regex -- U+0000 is one of the characters that must not be stored
      written.filter((t) => /[\u0000\u202e\u200b]/.test(t)),
      'nothing was stored',
    ).to.deep.equal([]);
  });

  it('case 7 as written: a look-alike username with a Cyrillic "а" is refused, on the API and the admin page', async () => {
    const res = await admin.post(`/api/v1/organisations/${schoolA.id}/people`, {
      username: 'qu\u0430ntri',
      displayName: 'Quản trị giả',
      roles: ['teacher'],
    });
    await refusedField(res, 'username', /nhiều hệ chữ \(Latin, Cyrillic\)/);
    const page = await admin.request('POST', `/admin/organisations/${schoolA.id}/people`, {
      form: { username: 'qu\u0430ntri', displayName: 'Quản trị giả', roles: 'teacher', _csrf: admin.csrfToken! },
    });
    expect(page.status).to.equal(400);
    expect(await page.text()).to.contain('nhiều hệ chữ');
    expect(
      await testContext().services.accounts.personByIdentity(identityKey('local', 'qu\u0430ntri')),
      'no account was made',
    ).to.equal(null);
  });

  it('case 7 as written: the date "9999-99-99" is refused; real years, months and days pass', async () => {
    await refusedField(
      await create(teacher, { date: '9999-99-99' }),
      'metadata.date',
      /“Năm \/ ngày phát hành” phải là một năm \(YYYY\)/,
    );
    await refusedField(await create(teacher, { date: '2023-02-29' }), 'metadata.date', /có thật/);
    for (const date of ['2024', '2024-09', '2024-02-29']) {
      const res = await create(teacher, { date });
      expect(res.status, date).to.equal(201);
    }
  });

  it('keeps text in NFC, collapses line breaks in one-line fields and keeps them in descriptions', async () => {
    const res = await create(teacher, {
      title: '  Tie\u0302\u0301ng Vie\u0323\u0302t\n6  ',
      description: 'Dòng một\r\nDòng hai',
      keywords: ['ngữ pháp', ' ngữ pháp '],
    });
    expect(res.status).to.equal(201);
    const { id } = (await res.json()) as { id: string };
    const stored = (await testContext().services.resources.find(id))!.metadata;
    expect(stored.title).to.equal('Tiếng Việt 6');
    expect(stored.title).to.equal(stored.title.normalize('NFC'));
    expect(stored.description).to.equal('Dòng một\nDòng hai');
    expect(stored.keywords).to.deep.equal(['ngữ pháp']);
  });

  it('shows the refusal next to the field on the resource form, keeping what was typed', async () => {
    const res = await teacher.request('POST', '/resources/new', {
      form: {
        _csrf: teacher.csrfToken!,
        orgId: schoolA.id,
        title: 'Toán\u202e 6',
        type: 'bai-giang',
        licence: 'cc-by-sa',
        scope: 'school',
        date: '9999-99-99',
      },
    });
    expect(res.status).to.equal(400);
    const html = await res.text();
    expect(html).to.match(/“Nhan đề” chứa ký tự đổi chiều văn bản \(U\+202E\)/);
    expect(html).to.match(/“Năm \/ ngày phát hành” phải là/);
  });

  it('removes forbidden characters from names that portals and LMSs send', async () => {
    const person = await testContext().services.accounts.provision({
      provider: 'lti',
      key: identityKey('lti', 'https://lms.example.edu.vn', `u-${Date.now()}`),
      displayName: 'Trần\u202e Thị\u200b Mai\u0000',
      email: null,
      memberships: [{ orgId: schoolA.id, role: 'student' }],
      authoritativeFor: schoolA.id,
      matchByEmail: false,
    });
    expect(person.displayName).to.equal('Trần Thị Mai');
  });
});
