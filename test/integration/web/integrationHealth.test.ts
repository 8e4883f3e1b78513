/**
 * The integrations health page over real HTTP on the real database: what a harvester, an LMS and
 * a portal did reaches the page, with its counts and reasons, through the same code paths that
 * serve them (the OAI-PMH endpoint, the test LTI platform's launches, a response posted to our ACS).
 */
import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { generateKeyPair } from 'jose';
import { startTestServer, testContext, type TestServer } from '../../support/context.js';
import { signedIn } from '../../support/client.js';
import { person, province, resource } from '../../support/fixtures.js';
import { startLtiHarness, type LtiHarness } from '../lti/harness.js';
import { startSamlHarness, type SamlHarness } from '../saml/harness.js';
import { base64, requestIdOf, responseXml } from '../saml/craft.js';
import { SamlBrowser } from '../saml/browser.js';
import { defaultHarvesterOptions, Harvester } from '../../../src/services/harvest/harvester.js';
import { sourcePlugins } from '../../../src/registry/sources.js';

const settle = () => testContext().services.integrationEvents.flush();
const vietnameseNumber = (n: number) => new Intl.NumberFormat('vi-VN').format(n);

/** The row of the table whose first cell holds `text` (the page's own HTML, escaped as served). */
function rowOf(html: string, text: string): string {
  const at = html.indexOf(text);
  expect(at, `no row for ${text}`).to.be.greaterThan(-1);
  return html.slice(html.lastIndexOf('<tr', at), html.indexOf('</tr>', at));
}

describe('Integrations health page: harvesters of our OAI-PMH', function () {
  this.timeout(120_000);
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ oai: { ...testContext().config.oai, pageSize: 2 } });
  });
  after(() => server.close());

  /** Follows a list to its end as a harvester does; the records it received. */
  async function harvest(userAgent: string, query: string): Promise<number> {
    let records = 0;
    let next: string | null = query;
    while (next) {
      const xml: string = await (
        await fetch(`${server.url}/oai?${next}`, { headers: { 'user-agent': userAgent } })
      ).text();
      records += xml.split('<record>').length - 1;
      const token: string | undefined = /<resumptionToken[^>]*>([^<]+)<\/resumptionToken>/.exec(xml)?.[1];
      next = token ? `verb=ListRecords&resumptionToken=${encodeURIComponent(token)}` : null;
    }
    return records;
  }

  it('shows a full then an incremental harvest by a client with its records served, and its errors', async () => {
    const { department, schoolA } = await province();
    const teacher = await person([{ org: schoolA, role: 'teacher' }]);
    for (const title of ['Toán 6 – Phân số', 'Ngữ văn 7 – Thơ', 'Vật lí 8 – Lực'])
      await resource(teacher.actor, schoolA, { metadata: { title } });
    const agent = `KhoHocLieuQuocGia/1.0 (${randomBytes(3).toString('hex')})`;

    const full = await harvest(agent, 'verb=ListRecords&metadataPrefix=oai_dc');
    expect(full).to.be.at.least(3);
    const since = new Date(Date.now() - 1000).toISOString().replace(/\.\d+Z$/, 'Z');
    await resource(teacher.actor, schoolA, { metadata: { title: 'Tin học 9 – Thuật toán' } });
    const incremental = await harvest(agent, `verb=ListRecords&metadataPrefix=oai_dc&from=${since}`);
    expect(incremental).to.be.at.least(1);
    const bad = await fetch(`${server.url}/oai?verb=ListRecords&resumptionToken=gia-mao`, {
      headers: { 'user-agent': agent },
    });
    expect(await bad.text()).to.contain('badResumptionToken');
    await settle();

    const deptAdmin = await signedIn(server.url, await person([{ org: department, role: 'org_admin' }]));
    const page = await deptAdmin.get(`/admin/organisations/${department.id}/integrations`);
    expect(page.status).to.equal(200);
    const html = await page.text();
    const row = rowOf(html, agent);
    expect(row).to.contain('Toàn bộ kho');
    expect(row).to.contain('<code>oai_dc</code>');
    const cells = [...row.matchAll(/<td>(.*?)<\/td>/gs)].map((m) => m[1]!);
    // format, set, last full, last incremental, last request, requests, records served, errors
    expect(cells[2], 'last full harvest').to.match(/\d{1,2}\/\d{1,2}\/\d{2}/);
    expect(cells[3], 'last incremental harvest').to.match(/\d{1,2}\/\d{1,2}\/\d{2}/);
    expect(cells[6], 'records served').to.equal(vietnameseNumber(full + incremental));
    expect(cells[7]).to.contain('badResumptionToken').and.to.contain(': 1');
  });

  it('counts a harvest that stops half-way as requests, not as a full harvest', async () => {
    const { department } = await province();
    const agent = `Nua-chung/2.0 (${randomBytes(3).toString('hex')})`;
    const first = await fetch(`${server.url}/oai?verb=ListIdentifiers&metadataPrefix=oai_dc`, {
      headers: { 'user-agent': agent },
    });
    expect(await first.text()).to.contain('<resumptionToken');
    await settle();
    const admin = await signedIn(server.url, await person([{ org: department, role: 'org_admin' }]));
    const row = rowOf(await (await admin.get(`/admin/organisations/${department.id}/integrations`)).text(), agent);
    const cells = [...row.matchAll(/<td>(.*?)<\/td>/gs)].map((m) => m[1]!);
    expect(cells[2]).to.contain('Chưa có');
    expect(cells[5]).to.equal('1');
    expect(cells[6]).to.equal('2');
  });
});

describe('Integrations health page: runs of our harvest sources', function () {
  this.timeout(120_000);
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  it("shows each source's last runs: started, finished, records, errors", async () => {
    const { department, schoolA } = await province();
    const admin = await person([{ org: schoolA, role: 'org_admin' }]);
    const teacher = await person([{ org: department, role: 'teacher' }]);
    await resource(teacher.actor, department, { metadata: { title: 'Lịch sử 8 – Nguồn thu thập' } });
    const { services, log } = testContext();
    const source = (name: string, baseUrl: string, set: string | null) =>
      services.harvestSources.create(admin.actor, {
        ...{ name, kind: 'oai-pmh', baseUrl, metadataPrefix: 'oai_dc', set, intervalHours: 0 },
        ...{ orgId: schoolA.id, reexpose: false },
      });
    const good = await source('Kho của Sở (thử)', `${server.url}/oai`, `org:${department.code}`);
    const run = (await services.harvester.run(good.id))!;
    expect(run.status, JSON.stringify(run.problems)).to.equal('succeeded');
    // Nothing listens on port 9: the run fails quickly with few retries.
    const dead = await source('Kho không trả lời', 'http://127.0.0.1:9/oai', null);
    const quick = { ...defaultHarvesterOptions, retries: 1, backoffMs: 10, maxWaitMs: 50 };
    const failing = new Harvester(services.resources, log, sourcePlugins, {
      ...{ ...quick, outbound: services.outbound, events: services.integrationEvents },
    });
    expect((await failing.run(dead.id))!.status).to.equal('failed');
    await settle();

    const adminClient = await signedIn(server.url, admin);
    const html = await (await adminClient.get(`/admin/organisations/${schoolA.id}/integrations`)).text();
    const section = html.slice(html.indexOf('id="health-harvest"'));
    const runsOf = (name: string) =>
      section.slice(section.indexOf(name), section.indexOf('</table>', section.indexOf(name)));
    const goodRuns = runsOf('Kho của Sở (thử)');
    const records = run.added + run.updated + run.deleted + run.unchanged;
    expect(records).to.be.at.least(1);
    expect(goodRuns).to.match(new RegExp(`<td>Thành công</td><td>${vietnameseNumber(records)}</td><td>0</td>`));
    const deadRuns = runsOf('Kho không trả lời');
    expect(deadRuns).to.match(/<td>Thất bại<\/td><td>0<\/td><td>1 — [^<]+<\/td>/);
  });
});

describe('Integrations health page: LMS launches and refusals (test platform over HTTP)', function () {
  this.timeout(120_000);
  let h: LtiHarness;
  let itemId: string;
  before(async () => {
    h = await startLtiHarness();
    const teacher = await person([{ org: h.schoolA, role: 'teacher' }]);
    itemId = (await resource(teacher.actor, h.schoolA, { metadata: { title: 'Sinh học 10 – Tế bào' } })).id;
  });
  after(() => h.stop());

  it('shows launches, refusals for an unknown deployment and a bad signature with their course and reason', async () => {
    const custom = { tvs_resource_id: itemId };
    const ok = await h.platform.launch(h.server.url, { custom, context: { id: 'c-10a3', title: 'Lớp 10A3' } });
    expect(ok.status).to.equal(200);
    const unknown = await h.platform.launch(h.server.url, {
      custom,
      deploymentId: 'khong-dang-ky',
      context: { id: 'c-10a1', title: 'Lớp 10A1 – Sinh học' },
    });
    expect(unknown.status).to.equal(403);
    const { privateKey } = await generateKeyPair('RS256');
    const forged = await h.platform.launch(h.server.url, {
      custom,
      tamper: { signWith: privateKey },
      context: { id: 'c-10a2', title: 'Lớp 10A2 <script>' },
    });
    expect(forged.status).to.equal(401);
    await settle();

    const page = await h.admin.get(`/admin/organisations/${h.schoolA.id}/integrations`);
    expect(page.status).to.equal(200);
    const html = await page.text();
    expect(html).to.contain('1 lượt mở, 2 bị từ chối, 0 chuyển sang cửa sổ mới.');
    expect(rowOf(html, 'Lớp 10A1 – Sinh học')).to.contain('LMS hoặc deployment chưa đăng ký');
    expect(rowOf(html, 'Lớp 10A2 &lt;script&gt;')).to.contain('Chữ ký không hợp lệ');
    expect(html).not.to.contain('Lớp 10A2 <script>');
    // The chart beside the tables: one bar of launches and one of refusals today.
    expect(html).to.match(/<rect class="bar-accepted"[^>]*><title>[^<]*: 1 thành công<\/title>/);
    expect(html).to.match(/<rect class="bar-refused"[^>]*><title>[^<]*: 2 bị từ chối<\/title>/);
    const reasons = html.slice(
      html.indexOf('health-reasons'),
      html.indexOf('</table>', html.indexOf('health-reasons')),
    );
    expect(reasons).to.contain('Chữ ký không hợp lệ').and.to.contain('LMS hoặc deployment chưa đăng ký');

    const english = await (await h.admin.get(`/admin/organisations/${h.schoolA.id}/integrations?lang=en`)).text();
    expect(english).to.contain('1 launches, 2 refused');
    expect(rowOf(english, 'Lớp 10A1 – Sinh học')).to.contain('Unknown platform or deployment');
  });

  it('shows another school nothing of this platform', async () => {
    const adminB = await signedIn(h.server.url, await person([{ org: h.schoolB, role: 'org_admin' }]));
    const html = await (await adminB.get(`/admin/organisations/${h.schoolB.id}/integrations`)).text();
    expect(html).not.to.contain('Lớp 10A1');
    expect(html).to.contain('Không có lượt mở nào');
  });
});

describe('Integrations health page: portal sign-ins and refusals (SimpleSAMLphp, a response posted to our ACS)', function () {
  this.timeout(120_000);
  let h: SamlHarness;
  before(async () => {
    h = await startSamlHarness();
  });
  after(() => h?.stop());

  it('shows a refusal of an unsigned assertion as a bad signature', async () => {
    const browser = new SamlBrowser();
    const start = await browser.request(`${h.server.url}/saml/login/${h.idpId}`);
    const uid = `u-${randomBytes(4).toString('hex')}`;
    const xml = responseXml({
      issuer: h.idp.entityId,
      destination: `${h.server.url}/saml/acs`,
      recipient: `${h.server.url}/saml/acs`,
      audience: `${h.server.url}/saml/metadata`,
      inResponseTo: requestIdOf(start.headers.get('location')!),
      nameId: `_${uid}`,
      attributes: { uid, displayName: 'Không ký', eduPersonAffiliation: 'teacher', schoolCode: h.schoolA.code },
    });
    const res = await browser.request(`${h.server.url}/saml/acs`, { form: { SAMLResponse: base64(xml) } });
    expect(res.status).to.equal(403);
    await settle();

    const html = await (await h.admin.get(`/admin/organisations/${h.department.id}/integrations`)).text();
    const portal = html.slice(html.indexOf('id="health-saml"'), html.indexOf('id="health-harvest"'));
    expect(portal).to.contain('Cổng Sở GD&amp;ĐT (thử)');
    expect(portal).to.contain('0 lần đăng nhập, 1 bị từ chối.');
    expect(portal).to.contain('Chữ ký không hợp lệ');
  });
});
