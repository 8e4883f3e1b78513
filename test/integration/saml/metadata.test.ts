import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { projectRoot } from '../../../config/index.js';
import { SamlIdpModel } from '../../../src/models/samlIdp.js';
import { scheduleMetadataRefresh } from '../../../src/services/samlIdps.js';
import { testContext } from '../../support/context.js';
import { certBody, createSelfSignedCredentials } from '../../../src/auth/saml/spCredentials.js';
import { person } from '../../support/fixtures.js';
import { signedIn } from '../../support/client.js';
import { pollUntil } from '../../support/toolkit.js';
import { parse, select, serialise } from './craft.js';
import { portalSettings, spMetadata, startSamlHarness, type SamlHarness } from './harness.js';

const schemas = path.join(projectRoot, 'test/fixtures/schemas/saml');

/** xmllint against the official SAML 2.0 metadata schema, offline through our catalog. */
function validateMetadata(xml: string): { ok: boolean; output: string } {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'saml-md-')), 'metadata.xml');
  fs.writeFileSync(file, xml);
  try {
    const output = execFileSync(
      'xmllint',
      ['--noout', '--nonet', '--schema', path.join(schemas, 'saml-schema-metadata-2.0.xsd'), file],
      {
        env: { ...process.env, XML_CATALOG_FILES: path.join(schemas, 'catalog.xml') },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    return { ok: true, output: output.toString() };
  } catch (err) {
    return { ok: false, output: String((err as { stderr?: Buffer }).stderr ?? err) };
  } finally {
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  }
}

describe('SAML metadata', function () {
  this.timeout(60_000);
  let h: SamlHarness;
  before(async () => {
    h = await startSamlHarness();
  });
  after(async () => h?.stop());

  it('publishes our one SP entity with signing and encryption certificates, ACS and SLO endpoints, valid against the SAML 2.0 metadata schema', async () => {
    const res = await fetch(`${h.server.url}/saml/metadata`);
    expect(res.headers.get('content-type')).to.match(/^application\/samlmetadata\+xml/);
    const sp = await spMetadata(h.server.url);
    const result = validateMetadata(sp.xml);
    expect(result.ok, result.output).to.equal(true);
    const doc = parse(sp.xml);
    expect(sp.entityId).to.equal(`${h.server.url}/saml/metadata`);
    expect(String(select('count(//md:KeyDescriptor)', doc))).to.equal('2');
    expect((select('//md:KeyDescriptor/@use', doc) as Attr[]).map((a) => a.value)).to.deep.equal([
      'signing',
      'encryption',
    ]);
    expect(
      (select('//md:SingleLogoutService/@Binding', doc) as Attr[]).map((a) => a.value.split(':').pop()),
    ).to.deep.equal(['HTTP-Redirect', 'HTTP-POST']);
    expect(sp.acsUrl).to.equal(`${h.server.url}/saml/acs`);
    expect(String(select('string(//md:SPSSODescriptor/@AuthnRequestsSigned)', doc))).to.equal('true');
  });

  it('the schema check itself rejects metadata that breaks the schema', () => {
    expect(validateMetadata('<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata"/>').ok).to.equal(
      false,
    );
  });

  it('imported the IdP from its metadata URL', async () => {
    const idp = await SamlIdpModel.findById(h.idpId).lean();
    expect(idp?.entityId).to.equal(h.idp.entityId);
    expect(idp?.metadataUrl).to.equal(h.idp.metadataUrl);
    expect(idp?.ssoUrl).to.equal(`${h.idp.baseUrl}/saml2/idp/SSOService.php`);
    expect(idp?.signingCerts.map(certBody)).to.deep.equal([certBody(h.idp.credentials.cert)]);
    const list = await h.admin.request('GET', '/admin/saml');
    expect(list.status).to.equal(200);
    const html = await list.text();
    expect(html).to.include('Cổng Sở GD&amp;ĐT (thử)').and.include(`${h.server.url}/saml/metadata`);
    const guide = await h.admin.request('GET', '/admin/saml/guide');
    expect(await guide.text()).to.include('Kết nối cổng thông tin (SAML 2.0)');
  });

  it('connects a portal from pasted metadata XML, and refuses XML that is not IdP metadata with a clear message', async () => {
    const xml = (await (await fetch(h.idp.metadataUrl)).text()).replaceAll(
      h.idp.entityId,
      'https://cong-truong.example.edu.vn/idp',
    );
    const schoolAdmin = await signedIn(
      h.server.url,
      await person([{ org: h.schoolA, role: 'org_admin' }], 'Quản trị trường A'),
    );
    const ok = await schoolAdmin.request('POST', '/admin/saml/idps', {
      form: { ...portalSettings(h.schoolA.id), name: 'Cổng trường A', metadataXml: xml },
    });
    expect(ok.status, await ok.clone().text()).to.equal(303);
    const page = await schoolAdmin.request('GET', ok.headers.get('location')!);
    expect(await page.text()).to.include('https://cong-truong.example.edu.vn/idp');

    const bad = await schoolAdmin.request('POST', '/admin/saml/idps', {
      form: { ...portalSettings(h.schoolA.id), metadataXml: '<html><body>not metadata</body></html>' },
    });
    expect(bad.status).to.equal(400);
    expect(await bad.text()).to.include('Siêu dữ liệu (metadata) SAML không hợp lệ');
  });

  it('lets only those who manage the organisation connect a portal to it', async () => {
    const otherSchoolAdmin = await signedIn(
      h.server.url,
      await person([{ org: h.schoolB, role: 'org_admin' }], 'Quản trị trường B'),
    );
    const res = await otherSchoolAdmin.request('POST', '/admin/saml/idps', {
      form: { ...portalSettings(h.schoolA.id), metadataUrl: h.idp.metadataUrl },
    });
    expect(res.status).to.equal(403);
    const teacher = await signedIn(h.server.url, await person([{ org: h.schoolA, role: 'teacher' }]));
    expect((await teacher.request('GET', '/admin/saml')).status).to.equal(403);
  });

  it('refreshes URL-imported metadata from the periodic job', async () => {
    const stale = createSelfSignedCredentials('stale.example.edu.vn');
    await SamlIdpModel.updateOne(
      { _id: h.idpId },
      { $set: { signingCerts: [stale.cert], metadataFetchedAt: new Date(0) } },
    );
    const stop = scheduleMetadataRefresh(testContext().services.samlIdps, 3600_000, testContext().log);
    try {
      const refreshed = async () => (await SamlIdpModel.findById(h.idpId).lean())!.metadataFetchedAt.getTime() > 0;
      await pollUntil(refreshed, { intervalMs: 50, message: 'the scheduled refresh fetched the metadata' });
    } finally {
      stop();
    }
    const idp = await SamlIdpModel.findById(h.idpId).lean();
    expect(idp?.signingCerts.map(certBody)).to.deep.equal([certBody(h.idp.credentials.cert)]);
  });

  it('keeps every signing certificate the refreshed metadata lists (roll-over), and the last good metadata when a refresh fails', async () => {
    const next = createSelfSignedCredentials('next-idp-key.example.edu.vn');
    const doc = parse(await (await fetch(h.idp.metadataUrl)).text());
    const current = (select("//md:KeyDescriptor[@use='signing']", doc) as Element[])[0]!;
    const added = current.cloneNode(true) as Element;
    (select('.//ds:X509Certificate', added) as Element[])[0]!.textContent = certBody(next.cert);
    current.parentNode!.insertBefore(added, current.nextSibling);
    const directory = testContext().services.samlIdps;
    const refreshed = await directory.refreshMetadata(h.idpId, serialise(doc));
    expect(refreshed.signingCerts.map(certBody)).to.deep.equal([certBody(h.idp.credentials.cert), certBody(next.cert)]);

    await SamlIdpModel.updateOne({ _id: h.idpId }, { $set: { metadataUrl: `${h.idp.baseUrl}/no-such-metadata.php` } });
    try {
      await directory.refreshMetadata(h.idpId).then(
        () => expect.fail('a failed fetch must be reported'),
        () => undefined,
      );
      const kept = await SamlIdpModel.findById(h.idpId).lean();
      expect(kept?.signingCerts).to.have.length(2);
      expect(kept?.metadataError).to.be.a('string');
      const again = await directory.refreshMetadata(
        h.idpId,
        serialise(parse(await (await fetch(h.idp.metadataUrl)).text())),
      );
      expect(again.signingCerts.map(certBody), 'the old key dropped once the IdP stops listing it').to.deep.equal([
        certBody(h.idp.credentials.cert),
      ]);
    } finally {
      await SamlIdpModel.updateOne({ _id: h.idpId }, { $set: { metadataUrl: h.idp.metadataUrl } });
    }
  });
});
