/**
 * The harvester against a second instance of our own provider, started as its own process with its
 * own data directory and demo catalogue, and against a tiny local server that misbehaves.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import type { SourcePlugin } from '../../../src/domain/harvestSource.js';
import { Harvester, defaultHarvesterOptions, type HarvesterOptions } from '../../../src/services/harvest/harvester.js';
import {
  HarvestedItemModel,
  HarvestLeaseModel,
  HarvestSourceModel,
  harvestedItemId,
} from '../../../src/models/harvest.js';
import { ChangeModel } from '../../../src/models/change.js';
import { ResourceModel } from '../../../src/models/resource.js';
import { oaiPmhSource } from '../../../plugins/sources/oaiPmh.js';
import { sourcePlugins } from '../../../src/registry/sources.js';
import { startTestServer, testContext, type TestServer } from '../../support/context.js';
import { person, province, system } from '../../support/fixtures.js';
import { startServerProcess, type ServerProcess } from '../../support/processes.js';
import { freePort } from '../../support/toolkit.js';
import { Client } from '../../support/client.js';
import { expectOaiError, harvestAll, oai } from './support.js';

const quick: Omit<HarvesterOptions, 'outbound'> = {
  ...defaultHarvesterOptions,
  backoffMs: 20,
  maxWaitMs: 200,
  retries: 3,
  timeoutMs: 20_000,
};
const harvester = (plugins: readonly SourcePlugin[] = sourcePlugins, options: Partial<HarvesterOptions> = {}) =>
  new Harvester(testContext().services.resources, testContext().log, plugins, {
    ...quick,
    outbound: testContext().services.outbound,
    ...options,
  });

async function registerSource(baseUrl: string, extra: { reexpose?: boolean; set?: string | null } = {}) {
  const { schoolA } = await province();
  const admin = await person([{ org: schoolA, role: 'org_admin' }]);
  const source = await testContext().services.harvestSources.create(admin.actor, {
    name: 'Kho học liệu thử',
    kind: 'oai-pmh',
    baseUrl,
    metadataPrefix: 'oai_dc',
    set: extra.set ?? null,
    intervalHours: 0,
    orgId: schoolA.id,
    reexpose: extra.reexpose ?? false,
  });
  return { source, sourceId: source.id, schoolA };
}

/** Resources a source's records became, from the record map (the harvester's idempotency key). */
async function importedIds(sourceId: string, identifiers: string[]): Promise<string[]> {
  const items = await Promise.all(
    identifiers.map((i) => HarvestedItemModel.findById(harvestedItemId(sourceId, i)).lean()),
  );
  return items.filter((i) => i !== null).map((i) => i.resourceId.toHexString());
}

describe('harvester: importing from another OAI-PMH repository', function () {
  this.timeout(240_000);
  let provider: ServerProcess;
  let providerDir: string;
  let ours: TestServer;
  let admin: { username: string; password: string };

  before(async () => {
    providerDir = fs.mkdtempSync(path.join(os.tmpdir(), 'thuvien-provider-'));
    const port = await freePort();
    provider = await startServerProcess({
      DATA_DIR: providerDir,
      PORT: String(port),
      BASE_URL: `http://127.0.0.1:${port}`,
      SEED_DEMO_DATA: 'true',
      OAI_PAGE_SIZE: '4',
      OAI_REPOSITORY_ID: 'nguon.example.edu.vn',
    });
    const seeded = provider.logs.find((l) => Array.isArray(l.accounts))!.accounts as {
      username: string;
      password: string;
      role: string;
    }[];
    admin = seeded.find((a) => a.role === 'system_admin')!;
    ours = await startTestServer();
  });
  after(async () => {
    await ours?.close();
    provider?.proc.kill('SIGTERM');
    await provider?.exited;
    fs.rmSync(providerDir, { recursive: true, force: true });
  });

  const providerIdentifiers = async () => {
    const pages = await harvestAll(provider.url, { verb: 'ListIdentifiers', metadataPrefix: 'oai_dc' });
    const headers = pages.flatMap((p) => p.nodes('//oai:header')) as unknown as Element[];
    return {
      live: headers
        .filter((h) => h.getAttribute('status') !== 'deleted')
        .map((h) => h.getElementsByTagName('identifier')[0]!.textContent!),
      pages: pages.length,
    };
  };

  it('imports every public record as an external, searchable resource, once; incremental runs bring changes and deletions', async () => {
    const { live } = await providerIdentifiers();
    expect(live.length, 'the demo catalogue has public records').to.be.greaterThan(8);
    const { sourceId, schoolA } = await registerSource(`${provider.url}/oai`);
    const first = (await harvester().run(sourceId))!;
    expect(first.status, JSON.stringify(first.problems)).to.equal('succeeded');
    expect(first).to.include({ added: live.length, updated: 0, deleted: 0 });
    expect(first.pages).to.equal(Math.ceil(live.length / 4));

    const ids = await importedIds(sourceId, live);
    expect(new Set(ids).size).to.equal(live.length);
    // Written a page at a time: one change-feed entry a page tells the other instances.
    const entries = await ChangeModel.find({ topic: 'resource', $or: [{ key: { $in: ids } }, { keys: { $in: ids } }] });
    expect(entries).to.have.length(first.pages);
    expect(entries.flatMap((e) => e.keys ?? [e.key])).to.have.members(ids);
    const { search, resources } = testContext().services;
    const sample = (await resources.find(ids[0]!))!;
    expect(sample.status).to.equal('published');
    expect(sample.orgId).to.equal(schoolA.id);
    expect(sample.external).to.deep.include({ sourceId, identifier: live[0], reexpose: false });
    expect(sample.external!.url).to.match(/^http:\/\/127\.0\.0\.1:\d+\/resources\/[0-9a-f]{24}$/);
    expect(sample.metadata.title.normalize('NFC')).to.equal(sample.metadata.title);
    const found = await search.search(await system(), {
      q: sample.metadata.title,
      filters: {},
      sort: 'relevance',
      offset: 0,
      limit: 50,
    });
    expect(
      found.hits.map((h) => h.card.id),
      'searchable with everything else',
    ).to.include(sample.id);
    expectOaiError(
      await oai(ours.url, {
        verb: 'GetRecord',
        identifier: `oai:${testContext().config.oai.repositoryId}:${sample.id}`,
        metadataPrefix: 'oai_dc',
      }),
      'idDoesNotExist',
    );

    // Nothing changed at the source: nothing is imported twice.
    const again = (await harvester().run(sourceId))!;
    expect(again).to.include({ status: 'succeeded', added: 0, updated: 0, deleted: 0, unchanged: live.length });

    // The source changes one record and withdraws another.
    const client = new Client(provider.url);
    await client.signIn(admin.username, admin.password);
    const [editedId, withdrawnId] = [live[1]!, live[2]!].map((i) => i.split(':').pop()!);
    const current = (await (await client.get(`/api/v1/resources/${editedId}`)).json()) as {
      version: number;
      metadata: Record<string, unknown>;
      scope: string;
    };
    // The API shows vocabulary terms with their labels and takes their codes.
    const codeOf = (v: unknown): unknown =>
      Array.isArray(v) ? v.map(codeOf) : v && typeof v === 'object' && 'code' in v ? (v as { code: string }).code : v;
    const metadata = Object.fromEntries(Object.entries(current.metadata).map(([k, v]) => [k, codeOf(v)]));
    const put = await client.put(`/api/v1/resources/${editedId}`, {
      version: current.version,
      metadata: { ...metadata, title: 'Tên mới từ nguồn' },
      scope: current.scope,
    });
    expect(put.status, await put.clone().text()).to.equal(200);
    const w = (await (await client.get(`/api/v1/resources/${withdrawnId}`)).json()) as { version: number };
    expect((await client.post(`/api/v1/resources/${withdrawnId}/withdraw`, { version: w.version })).status).to.equal(
      200,
    );

    const third = (await harvester().run(sourceId))!;
    expect(third).to.include({ status: 'succeeded', added: 0, updated: 1, deleted: 1 });
    const [edited, withdrawn] = await importedIds(sourceId, [live[1]!, live[2]!]);
    expect((await resources.find(edited!))!.metadata.title).to.equal('Tên mới từ nguồn');
    expect((await resources.find(withdrawn!))!.status).to.equal('deleted');
    const source = (await HarvestSourceModel.findById(sourceId).lean())!;
    expect(source.runIds.map(String)).to.deep.equal([third.id, again.id, first.id]);
    expect(third.from!.getTime(), 'incremental: from the last successful run minus the margin').to.equal(
      again.sourceDate!.getTime() - quick.safetyMarginMs,
    );
  });

  it('a page imported again after its resources were written but not the record map (a crash between): the same resources, rewritten', async () => {
    const { live } = await providerIdentifiers();
    const { sourceId } = await registerSource(`${provider.url}/oai`);
    expect((await harvester().run(sourceId))!).to.include({ status: 'succeeded', added: live.length });
    const ids = await importedIds(sourceId, live);
    await HarvestedItemModel.deleteMany({ _id: { $in: live.map((i) => harvestedItemId(sourceId, i)) } });
    const again = (await harvester().run(sourceId))!;
    expect(again).to.include({ status: 'succeeded', added: 0, updated: live.length });
    expect(await importedIds(sourceId, live), 'the record map finds the same resources').to.have.members(ids);
    expect(await ResourceModel.countDocuments({ 'external.sourceId': sourceId })).to.equal(live.length);
  });

  it('re-exposes imported records through our provider only when the admin chose so', async () => {
    const { live } = await providerIdentifiers();
    const { sourceId } = await registerSource(`${provider.url}/oai`, { reexpose: true });
    expect((await harvester().run(sourceId))!.status).to.equal('succeeded');
    const [id] = await importedIds(sourceId, live);
    const record = await oai(ours.url, {
      verb: 'GetRecord',
      identifier: `oai:${testContext().config.oai.repositoryId}:${id}`,
      metadataPrefix: 'oai_dc',
    });
    expect(record.nodes('//oai:record/oai:metadata')).to.have.length(1);
  });

  it('harvests oai_lom too: education fields come back into our vocabularies', async () => {
    const { live } = await providerIdentifiers();
    const { source, sourceId } = await registerSource(`${provider.url}/oai`);
    await HarvestSourceModel.updateOne({ _id: source.id }, { $set: { metadataPrefix: 'oai_lom' } });
    const run = (await harvester().run(sourceId))!;
    expect(run, JSON.stringify(run.problems)).to.include({ status: 'succeeded', added: live.length });
    const { resources } = testContext().services;
    const imported = await Promise.all((await importedIds(sourceId, live)).map((id) => resources.find(id)));
    const originals = await Promise.all(
      live.map(
        async (i) =>
          (await (await fetch(`${provider.url}/api/v1/resources/${i.split(':').pop()}`)).json()) as {
            metadata: { title: string; subject: { code: string } | null; level: { code: string } | null };
          },
      ),
    );
    for (const [i, r] of imported.entries()) {
      const original = originals[i]!.metadata;
      expect(r!.metadata.title).to.equal(original.title);
      expect(r!.metadata.subject, `subject of ${original.title}`).to.equal(original.subject?.code ?? null);
      expect(r!.metadata.level, `level of ${original.title}`).to.equal(original.level?.code ?? null);
      expect(r!.metadata.creators.length, 'authors from the LOM vCards').to.be.greaterThan(0);
    }
  });

  it('survives a restart mid-harvest: the run resumes from its saved resumption token and imports nothing twice', async () => {
    const { live, pages } = await providerIdentifiers();
    const { sourceId } = await registerSource(`${provider.url}/oai`);
    // Stops the first instance after its second page, as a shutdown would.
    const stopping: SourcePlugin = {
      ...oaiPmhSource,
      async *pages(request) {
        let n = 0;
        for await (const page of oaiPmhSource.pages(request)) {
          yield page;
          if (++n === 2) interrupted.stop();
        }
      },
    };
    const interrupted = harvester([stopping]);
    const partial = (await interrupted.run(sourceId))!;
    expect(partial.status).to.equal('running');
    expect(partial.pages).to.be.within(2, pages - 1);
    expect(partial.resumptionToken).to.be.a('string');
    const halfway = (await HarvestSourceModel.findById(sourceId).lean())!;
    expect(String(halfway.activeRunId)).to.equal(partial.id);

    await harvester().runDue(); // a new instance, after the restart
    const source = (await HarvestSourceModel.findById(sourceId).lean())!;
    expect(source.activeRunId).to.equal(null);
    expect(source.runIds.map(String)).to.deep.equal([partial.id]);
    const { services } = testContext();
    const finished = await services.harvestSources.run(partial.id);
    expect(finished).to.include({ status: 'succeeded', resumed: 1, added: live.length, pages });
    const ids = await importedIds(sourceId, live);
    expect(new Set(ids).size).to.equal(live.length);
    const stored = await ResourceModel.find({ 'external.sourceId': sourceId }, { _id: 1 }).lean();
    expect(stored).to.have.length(live.length);
    const indexed = await services.search.cards(stored.map((r) => r._id.toHexString()));
    expect(indexed.size, 'every imported record is in the search index').to.equal(live.length);
  });

  describe('a source that misbehaves', () => {
    let bad: http.Server;
    let badUrl: string;
    let busyCalls = 0;
    const daysFrom: (string | null)[] = [];
    const page = (records: string[], token: string | null) =>
      `<?xml version="1.0" encoding="UTF-8"?><OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><responseDate>2026-01-01T00:00:00Z</responseDate><request verb="ListRecords">x</request><ListRecords>${records
        .map(
          (id) =>
            `<record><header><identifier>${id}</identifier><datestamp>2025-01-01</datestamp></header><metadata><oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Bản ghi ${id}</dc:title><dc:subject>Toán</dc:subject><dc:subject>Lớp 7</dc:subject><dc:subject>chủ đề lạ</dc:subject><dc:type>Loại không biết</dc:type></oai_dc:dc></metadata></record>`,
        )
        .join('')}${token === null ? '' : `<resumptionToken>${token}</resumptionToken>`}</ListRecords></OAI-PMH>`;

    before(async () => {
      bad = http.createServer((req, res) => {
        const url = new URL(req.url!, 'http://x');
        const token = url.searchParams.get('resumptionToken');
        res.setHeader('content-type', 'text/xml; charset=utf-8');
        if (url.pathname === '/malformed')
          return res.end(token ? '<OAI-PMH><ListRecords><record>' : page(['m:1', 'm:2'], 'next'));
        if (url.pathname === '/loop') return res.end(page([`l:${token ?? 0}`], 'same'));
        if (url.pathname === '/huge')
          return res.end(
            page(
              Array.from({ length: 400 }, (_, i) => `h:${i}`),
              null,
            ),
          );
        if (url.pathname === '/days') {
          if (url.searchParams.get('verb') === 'Identify') {
            return res.end(
              '<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><responseDate>2026-01-01T00:00:00Z</responseDate><Identify><granularity>YYYY-MM-DD</granularity></Identify></OAI-PMH>',
            );
          }
          daysFrom.push(url.searchParams.get('from'));
          return res.end(page(['d:1'], null));
        }
        if (url.pathname === '/busy') {
          if (busyCalls++ < 2) {
            res.statusCode = 503;
            res.setHeader('retry-after', '0');
            return res.end('busy');
          }
          return res.end(page(['b:1'], null));
        }
        res.statusCode = 404;
        res.end();
      });
      bad.listen(0, '127.0.0.1');
      await new Promise((r) => bad.once('listening', r));
      badUrl = `http://127.0.0.1:${(bad.address() as AddressInfo).port}`;
    });
    after(() => new Promise<void>((r) => bad.close(() => r())));

    it('malformed XML: the run stops with the failing URL logged; records already imported stay', async () => {
      const { sourceId } = await registerSource(`${badUrl}/malformed`);
      const run = (await harvester().run(sourceId))!;
      expect(run.status).to.equal('failed');
      expect(run.added).to.equal(2);
      expect(run.problems[0]!.message).to.match(/malformed XML/);
      expect(run.problems[0]!.url).to.include('resumptionToken=next');
      const [id] = await importedIds(sourceId, ['m:1']);
      const r = (await testContext().services.resources.find(id!))!;
      expect(r.status).to.equal('published');
      expect(r.metadata).to.deep.include({ subject: 'toan', grades: [7], type: 'khac' });
      expect(r.metadata.keywords, 'unknown values become keywords').to.include.members([
        'chủ đề lạ',
        'Loại không biết',
      ]);
    });

    it('a resumption token that repeats: the run stops instead of looping', async () => {
      const { sourceId } = await registerSource(`${badUrl}/loop`);
      const run = (await harvester().run(sourceId))!;
      expect(run.status).to.equal('failed');
      expect(run.problems[0]!.message).to.match(/same resumption token/);
      expect(run.added).to.equal(2);
    });

    it('an answer over the byte cap: the run stops with a clear error', async () => {
      const { sourceId } = await registerSource(`${badUrl}/huge`);
      const run = (await harvester(sourcePlugins, { maxBytes: 20_000 }).run(sourceId))!;
      expect(run.status).to.equal('failed');
      expect(run.problems[0]!.message).to.match(/larger than 20000 bytes/);
    });

    it('a source with day granularity is asked `from` in days', async () => {
      const { source, sourceId } = await registerSource(`${badUrl}/days`);
      await HarvestSourceModel.updateOne(
        { _id: source.id },
        { $set: { harvestedUntil: new Date('2025-03-10T08:30:00Z') } },
      );
      const run = (await harvester().run(sourceId))!;
      expect(run.status, JSON.stringify(run.problems)).to.equal('succeeded');
      expect(daysFrom).to.deep.equal(['2025-03-10']);
    });

    it("several instances: a source leased by a live instance is left alone; a crashed instance's expired lease is taken over", async () => {
      const { sourceId } = await registerSource(`${badUrl}/days`);
      await HarvestLeaseModel.create({
        _id: sourceId,
        holder: 'another-instance',
        expiresAt: new Date(Date.now() + 60_000),
      });
      expect(await harvester().run(sourceId), 'held by another instance').to.equal(null);
      await HarvestLeaseModel.updateOne({ _id: sourceId }, { $set: { expiresAt: new Date(Date.now() - 1000) } });
      const run = (await harvester().run(sourceId))!;
      expect(run.status).to.equal('succeeded');
      expect(await HarvestLeaseModel.findById(sourceId).lean(), 'released after the run').to.equal(null);
    });

    it('503 with Retry-After: retried with back-off, then harvested', async () => {
      const { sourceId } = await registerSource(`${badUrl}/busy`);
      const run = (await harvester().run(sourceId))!;
      expect(run.status, JSON.stringify(run.problems)).to.equal('succeeded');
      expect(run.added).to.equal(1);
      expect(busyCalls).to.equal(3);
    });

    it('an unreachable source: retried, then the run fails and says why', async () => {
      const { sourceId } = await registerSource(`http://127.0.0.1:${await freePort()}/oai`);
      const run = (await harvester().run(sourceId))!;
      expect(run.status).to.equal('failed');
      expect(run.problems[0]!.message).to.match(/gave up after 4 attempts/);
    });
  });
});
