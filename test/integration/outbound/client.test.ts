import { once } from 'node:events';
import { createRequire } from 'node:module';
import http, { type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { OutboundClient, OutboundRefused } from '../../../src/outbound/client.js';
import { refusedRange } from '../../../src/outbound/addresses.js';
import { guardLtijsRequests } from '../../../src/lti/ltijsModule.js';
import { testContext } from '../../support/context.js';
import { SamlIdpService, type IdpSettings } from '../../../src/services/samlIdps.js';
import { DomainError } from '../../../src/domain/errors.js';
import { HarvestSourceError } from '../../../src/domain/harvestSource.js';
import { createFetcher } from '../../../src/services/harvest/fetcher.js';
import { HarvestSources, type HarvestSourceInput } from '../../../src/services/harvest/sources.js';
import { translator } from '../../../src/i18n/index.js';
import { person, province } from '../../support/fixtures.js';
import { defaultHarvesterOptions } from '../../../src/services/harvest/harvester.js';

const require = createRequire(import.meta.url);

/** A loopback server that counts what reaches it. */
async function serve(handler: http.RequestListener): Promise<{ server: Server; port: number; hits: () => number }> {
  let hits = 0;
  const server = http.createServer((req, res) => {
    hits++;
    handler(req, res);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, port: (server.address() as AddressInfo).port, hits: () => hits };
}

async function refusal(promise: Promise<unknown>): Promise<OutboundRefused> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err, 'the request was refused').to.be.instanceOf(OutboundRefused);
  return err as OutboundRefused;
}

describe('Outgoing requests: the guarded client refuses inside addresses, bounds answers, pins what it checked', function () {
  this.timeout(20_000);
  const servers: Server[] = [];
  const clients: OutboundClient[] = [];
  const client = (options: ConstructorParameters<typeof OutboundClient>[0]) => {
    const c = new OutboundClient(options);
    clients.push(c);
    return c;
  };
  const ok = async () => {
    const s = await serve((_req, res) => res.end('{"ok":true}'));
    servers.push(s.server);
    return s;
  };
  after(async () => {
    for (const s of servers) s.close();
    for (const c of clients) await c.close();
  });

  it('names loopback, private, link-local, CGNAT, multicast, unspecified and metadata addresses, in every IPv6 form', () => {
    const refused = [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.5.4',
      '192.168.1.1',
      '100.64.0.1',
      '100.100.100.200',
      '169.254.169.254',
      '0.0.0.0',
      '224.0.0.1',
      '255.255.255.255',
      '::1',
      '::',
      'fe80::1',
      'fc00::1',
      'fd00:ec2::254',
      'ff02::1',
      '::ffff:127.0.0.1',
      '::ffff:7f00:1',
      '::ffff:169.254.169.254',
      '::ffff:10.0.0.1',
      '64:ff9b::a9fe:a9fe',
      '2002:a9fe:a9fe::1',
      '::127.0.0.1',
    ];
    for (const address of refused) expect(refusedRange(address), address).to.be.a('string');
    for (const address of ['8.8.8.8', '1.1.1.1', '2606:4700:4700::1111', '::ffff:8.8.8.8', '64:ff9b::808:808'])
      expect(refusedRange(address), address).to.equal(null);
  });

  it('refuses loopback by address, by name and as IPv4-mapped IPv6, before any byte reaches it', async () => {
    const target = await ok();
    const strict = client({ allow: [] });
    for (const url of [
      `http://127.0.0.1:${target.port}/`,
      `http://localhost:${target.port}/`,
      `http://[::ffff:127.0.0.1]:${target.port}/`,
      `http://[::ffff:7f00:1]:${target.port}/`,
      `http://0x7f000001:${target.port}/`,
    ]) {
      const err = await refusal(strict.json(url));
      expect(err.reason, url).to.equal('address');
    }
    expect((await refusal(strict.json('file:///etc/passwd'))).reason).to.equal('scheme');
    expect(target.hits()).to.equal(0);
  });

  it('reaches what OUTBOUND_ALLOW names: a host name, an address or a range', async () => {
    const target = await ok();
    expect(await client({ allow: ['localhost'] }).json(`http://localhost:${target.port}/`)).to.deep.equal({ ok: true });
    expect(await client({ allow: ['127.0.0.1'] }).json(`http://127.0.0.1:${target.port}/`)).to.deep.equal({ ok: true });
    expect(await client({ allow: ['127.0.0.0/8'] }).json(`http://127.0.0.1:${target.port}/x`)).to.deep.equal({
      ok: true,
    });
    const byName = client({ allow: ['localhost'] });
    expect((await refusal(byName.json(`http://127.0.0.1:${target.port}/`))).reason).to.equal('address');
  });

  it('checks every redirect hop, and follows only a few', async () => {
    const inside = await ok();
    const hop = await serve((req, res) => {
      const n = Number(new URL(req.url!, 'http://x').searchParams.get('n') ?? 0);
      res.writeHead(302, { location: n ? `/?n=${n - 1}` : `http://127.0.0.1:${inside.port}/` }).end();
    });
    servers.push(hop.server);
    const onlyByName = client({ allow: ['localhost'] });
    const err = await refusal(onlyByName.json(`http://localhost:${hop.port}/?n=0`));
    expect(err.reason).to.equal('address');
    expect(inside.hits(), 'the redirect target was never contacted').to.equal(0);
    expect((await refusal(onlyByName.json(`http://localhost:${hop.port}/?n=5`))).reason).to.equal('redirects');
  });

  it('caps the size of an answer, declared or streamed, and bounds its time', async () => {
    const big = await serve((req, res) => {
      const body = Buffer.alloc(2 * 1024 * 1024, 'a');
      if (req.url === '/declared') res.writeHead(200, { 'content-length': String(body.length) }).end(body);
      else if (req.url === '/slow') setTimeout(() => res.end('{}'), 5_000).unref();
      else {
        res.writeHead(200); // chunked, no length
        res.write(body.subarray(0, 1024 * 1024));
        res.end(body.subarray(1024 * 1024));
      }
    });
    servers.push(big.server);
    const c = client({ allow: ['127.0.0.1'] });
    const base = `http://127.0.0.1:${big.port}`;
    expect((await refusal(c.text(`${base}/declared`, { maxBytes: 1024 * 1024 }))).reason).to.equal('size');
    expect((await refusal(c.text(`${base}/streamed`, { maxBytes: 1024 * 1024 }))).reason).to.equal('size');
    expect((await c.text(`${base}/streamed`, { maxBytes: 3 * 1024 * 1024 })).length).to.equal(2 * 1024 * 1024);
    const started = Date.now();
    expect((await refusal(c.text(`${base}/slow`, { timeoutMs: 300 }))).reason).to.equal('timeout');
    expect(Date.now() - started).to.be.below(4_000);
  });

  it('connects to the address it checked: one resolution per connection, so a name that rebinds is checked again', async () => {
    const target = await ok();
    const other = await ok();
    const answers = ['127.0.0.1', '169.254.169.254'];
    let resolutions = 0;
    const rebinding = client({
      allow: ['127.0.0.1'],
      resolve: () => Promise.resolve([{ address: answers[resolutions++]!, family: 4 }]),
    });
    expect(await rebinding.json(`http://rebind.test:${target.port}/`)).to.deep.equal({ ok: true });
    expect(resolutions, 'the socket used our answer, it did not resolve again').to.equal(1);
    const err = await refusal(rebinding.json(`http://rebind.test:${other.port}/`));
    expect(err.reason).to.equal('address');
    expect(err.message).to.contain('169.254.169.254');
    expect(other.hits()).to.equal(0);
  });

  it("routes ltijs's own requests (JWKS, access tokens, scores) through the same guard", async () => {
    const target = await ok();
    const got = require(require.resolve('ltijs/dist/Utils/Http.js')) as {
      get(url: string): { json(): Promise<unknown> };
    };
    guardLtijsRequests(client({ allow: [] }));
    try {
      for (const url of [`http://127.0.0.1:${target.port}/jwks`, `http://localhost:${target.port}/jwks`]) {
        const err = await got
          .get(url)
          .json()
          .then(
            () => null,
            (e: unknown) => e as Error,
          );
        expect(err, url).to.be.instanceOf(Error);
        expect(String(err!.message), url).to.match(/refused \(address/);
      }
      expect(target.hits()).to.equal(0);
      guardLtijsRequests(client({ allow: ['127.0.0.1'] }));
      expect(await got.get(`http://127.0.0.1:${target.port}/jwks`).json()).to.deep.equal({ ok: true });
    } finally {
      guardLtijsRequests(testContext().services.outbound);
    }
  });

  it('is what SAML metadata URLs and harvest sources are fetched with: refused with a message for the admin', async () => {
    const target = await ok();
    const strict = client({ allow: [] });
    const url = `http://127.0.0.1:${target.port}/metadata`;
    const { schoolA } = await province();
    const admin = await person([{ org: schoolA, role: 'org_admin' }]);
    const saml = await new SamlIdpService(strict, testContext().services.tree)
      .add(admin.actor, { url }, { orgId: schoolA.id } as IdpSettings)
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(saml).to.be.instanceOf(DomainError);
    expect((saml as DomainError).messageKey).to.equal('outbound.refused.address');
    const harvest = await createFetcher(strict, { ...defaultHarvesterOptions, retries: 0 })(url).then(
      () => null,
      (e: unknown) => e,
    );
    expect(harvest).to.be.instanceOf(HarvestSourceError);
    expect((harvest as Error).message).to.contain('refused (address');
    const form = await new HarvestSources(strict, testContext().services.tree)
      .create(admin.actor, {
        name: 'Kho nội bộ',
        kind: 'oai-pmh',
        baseUrl: `http://localhost:${target.port}/oai`,
        metadataPrefix: 'oai_dc',
        set: null,
        intervalHours: 0,
        orgId: schoolA.id,
        reexpose: false,
      } satisfies HarvestSourceInput)
      .then(
        () => null,
        (e: unknown) => e as DomainError,
      );
    expect(form?.fields.map((f) => [f.field, f.messageKey])).to.deep.equal([['baseUrl', 'outbound.refused.address']]);
    expect(translator('vi')(form!.messageKey, form!.params)).to.contain('không được phép truy cập');
    expect(translator('en')(form!.messageKey, form!.params)).to.contain('may not reach');
    expect(target.hits()).to.equal(0);
  });
});
