import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { HarvestSourceModel } from '../../../src/models/harvest.js';
import { ResourceModel } from '../../../src/models/resource.js';
import { startTestServer, type TestServer } from '../../support/context.js';
import { person, province } from '../../support/fixtures.js';
import { pollUntil } from '../../support/toolkit.js';
import { as, page, submit } from '../web/pages.js';

describe('harvest admin pages: sources, run now, the log with progress and errors', () => {
  let server: TestServer;
  let source: http.Server;
  let sourceUrl: string;
  before(async () => {
    server = await startTestServer();
    // A source with one good page, then a page that is not XML: the log must show the failing URL.
    source = http.createServer((req, res) => {
      const token = new URL(req.url!, 'http://x').searchParams.get('resumptionToken');
      res.setHeader('content-type', 'text/xml; charset=utf-8');
      res.end(
        token
          ? 'not xml at all <'
          : `<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><responseDate>2026-01-01T00:00:00Z</responseDate><ListRecords><record><header><identifier>oai:kho:1</identifier><datestamp>2025-01-01</datestamp></header><metadata><oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Tài liệu &lt;b&gt;thu thập&lt;/b&gt;</dc:title></oai_dc:dc></metadata></record><resumptionToken>tiep</resumptionToken></ListRecords></OAI-PMH>`,
      );
    });
    source.listen(0, '127.0.0.1');
    await new Promise((r) => source.once('listening', r));
    sourceUrl = `http://127.0.0.1:${(source.address() as AddressInfo).port}/oai`;
  });
  after(async () => {
    await server.close();
    await new Promise<void>((r) => source.close(() => r()));
  });

  it('is for those who manage integrations: visitors sign in first, teachers are refused', async () => {
    const { schoolA } = await province();
    const visitor = await (await as(server.url, null)).get('/admin/harvest');
    expect(visitor.status).to.equal(303);
    const teacher = await person([{ org: schoolA, role: 'teacher' }]);
    await page(await (await as(server.url, teacher)).get('/admin/harvest'), 403);
    await page(await (await as(server.url, teacher)).get('/admin/harvest/new'), 403);
  });

  it('adds a source (bad input shown again with messages), runs it now, and shows the run with its counts and the failing URL', async () => {
    const { department, schoolA } = await province();
    const admin = await person([{ org: department, role: 'org_admin' }]);
    const client = await as(server.url, admin);
    const form = {
      name: 'Kho <Sở>',
      baseUrl: 'ftp://sai',
      metadataPrefix: 'oai_dc',
      set: '',
      intervalHours: '0',
      orgId: schoolA.id,
    };
    const bad = await page(await submit(client, '/admin/harvest/sources', form), 400);
    expect(bad).to.include('id="baseUrl-error"').and.include('value="Kho &lt;Sở&gt;"');
    expect(bad, 'form data kept, markup escaped').to.not.include('Kho <Sở>');

    const created = await submit(client, '/admin/harvest/sources', { ...form, baseUrl: sourceUrl });
    expect(created.status).to.equal(303);
    const url = created.headers.get('location')!;
    const id = url.split('/').pop()!;
    expect((await HarvestSourceModel.findById(id).lean())!).to.deep.include({
      baseUrl: sourceUrl,
      reexpose: false,
      intervalHours: 0,
    });

    expect((await submit(client, `${url}/run`, {})).status).to.equal(303);
    const finishedPage = async () => {
      const res = await client.get(url);
      const html = await page(res);
      if (!res.headers.get('refresh') && html.includes('harvest-runs')) return html;
      expect(res.headers.get('refresh'), 'refreshes while running').to.match(/^\d+$/);
      return null;
    };
    const html = await pollUntil(finishedPage, { message: 'the source page shows the finished run' });
    expect(html).to.include('Thất bại');
    expect(html).to.match(/<td>1<\/td>/);
    expect(html, 'the failing URL is in the log (escaped)').to.include('resumptionToken&#x3D;tiep');
    const resources = await ResourceModel.find({ 'external.sourceId': id }).lean();
    expect(
      resources.map((e) => e.metadata.title),
      'the first page stays imported',
    ).to.deep.equal(['Tài liệu <b>thu thập</b>']);

    const listed = await page(await client.get('/admin/harvest?lang=en'));
    expect(listed).to.include('Kho &lt;Sở&gt;').and.include('Harvesting other repositories');
    const someoneElse = await person([{ org: (await province()).schoolB, role: 'org_admin' }]);
    await page(await (await as(server.url, someoneElse)).get(url), 403);
  });
});
