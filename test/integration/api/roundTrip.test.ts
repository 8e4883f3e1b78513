/**
 * The API takes back what it gives: a client reads a resource, sends the same body back with PUT,
 * and nothing changes. Reads expand vocabulary values to { code, label }; writes accept that shape
 * (and plain codes, as before).
 */
import { expect } from 'chai';
import { startTestServer, testContext, type TestServer } from '../../support/context.js';
import { signedIn } from '../../support/client.js';
import { person, province, resource } from '../../support/fixtures.js';

interface ResourceBody {
  version: number;
  scope: string;
  metadata: Record<string, unknown>;
}

describe('API /api/v1: a resource read can be written back as it is', function () {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  it('GET then PUT of the same body succeeds and changes nothing', async () => {
    const { schoolA } = await province();
    const teacher = await person([{ org: schoolA, role: 'teacher' }]);
    const r = await resource(teacher.actor, schoolA, {
      status: 'draft',
      metadata: {
        title: 'Phân số – luyện tập',
        subject: 'toan',
        level: 'thcs',
        grades: [6, 7],
        language: 'vi',
        audience: ['student'],
        keywords: ['phân số'],
      },
    });
    const author = await signedIn(server.url, teacher);
    const read = await author.get(`/api/v1/resources/${r.id}`);
    expect(read.status).to.equal(200);
    const body = (await read.json()) as ResourceBody;
    expect(body.metadata.subject, 'reads expand codes').to.deep.include({ code: 'toan' });
    const before = (await testContext().services.resources.find(r.id))!;

    const written = await author.put(`/api/v1/resources/${r.id}`, body);
    expect(written.status, await written.clone().text()).to.equal(200);
    const answer = (await written.json()) as ResourceBody;
    expect(answer.metadata).to.deep.equal(body.metadata);
    expect(answer.scope).to.equal(body.scope);
    const after = (await testContext().services.resources.find(r.id))!;
    expect(after.metadata).to.deep.equal(before.metadata);
    expect(after.scope).to.equal(before.scope);
    expect(after.audit.at(-1)?.fields ?? [], 'no field recorded as changed').to.deep.equal([]);
  });

  it('still takes plain codes, and refuses a { code } outside the vocabulary naming the allowed values', async () => {
    const { schoolA } = await province();
    const teacher = await person([{ org: schoolA, role: 'teacher' }]);
    const r = await resource(teacher.actor, schoolA, { status: 'draft', metadata: { title: 'Bản nháp' } });
    const author = await signedIn(server.url, teacher);
    const body = (await (await author.get(`/api/v1/resources/${r.id}`)).json()) as ResourceBody;
    const coded = await author.put(`/api/v1/resources/${r.id}`, {
      ...body,
      metadata: { ...body.metadata, subject: 'tin-hoc' },
    });
    expect(coded.status).to.equal(200);
    expect(((await coded.json()) as ResourceBody).metadata.subject).to.deep.include({ code: 'tin-hoc' });

    const current = (await testContext().services.resources.find(r.id))!;
    const wrong = await author.put(`/api/v1/resources/${r.id}`, {
      ...body,
      version: current.version,
      metadata: { ...body.metadata, subject: { code: 'thien-van', label: 'Thiên văn' } },
    });
    expect(wrong.status).to.equal(400);
    const err = (await wrong.json()) as { error: { fields: { field: string; message: string }[] } };
    expect(err.error.fields.find((f) => f.field === 'metadata.subject')?.message).to.include('toan');
  });
});
