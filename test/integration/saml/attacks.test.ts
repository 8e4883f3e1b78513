import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { IdentityModel, identityKey } from '../../../src/models/identity.js';
import { PersonModel } from '../../../src/models/person.js';
import { createSelfSignedCredentials } from '../../../src/auth/saml/spCredentials.js';
import { SamlBrowser } from './browser.js';
import {
  base64,
  parse,
  requestIdOf,
  responseXml,
  select,
  serialise,
  signAssertion,
  type ResponseFacts,
} from './craft.js';
import { portalSettings, startSamlHarness, type SamlHarness } from './harness.js';

describe('SAML responses our ACS must refuse (crafted and posted directly)', function () {
  this.timeout(60_000);
  let h: SamlHarness;
  before(async () => {
    h = await startSamlHarness();
  });
  after(async () => h?.stop());

  const facts = (inResponseTo: string | null, uid: string): ResponseFacts => ({
    issuer: h.idp.entityId,
    destination: `${h.server.url}/saml/acs`,
    recipient: `${h.server.url}/saml/acs`,
    audience: `${h.server.url}/saml/metadata`,
    inResponseTo,
    nameId: `_${uid}`,
    attributes: {
      uid,
      displayName: 'Kẻ Giả Mạo',
      eduPersonAffiliation: 'teacher',
      schoolCode: h.schoolA.code,
      mail: `${uid}@example.edu.vn`,
    },
  });
  const sign = (xml: string) => signAssertion(xml, h.idp.credentials.key, h.idp.credentials.cert);

  /** Starts a login (so there is a request to answer), lets `make` build the answer, posts it to the ACS. */
  const attempt = async (make: (f: ResponseFacts) => string, options: { solicited?: boolean } = {}) => {
    const browser = new SamlBrowser();
    const start = await browser.request(`${h.server.url}/saml/login/${h.idpId}`);
    const uid = `u-${randomBytes(4).toString('hex')}`;
    const xml = make(facts(options.solicited === false ? null : requestIdOf(start.headers.get('location')!), uid));
    const res = await post(browser, xml);
    return { res, uid, me: () => whoIs(browser), xml };
  };
  const post = (browser: SamlBrowser, xml: string) =>
    browser.request(`${h.server.url}/saml/acs`, { form: { SAMLResponse: base64(xml), RelayState: '/' } });
  const whoIs = async (browser: SamlBrowser) =>
    ((await (await browser.request(`${h.server.url}/api/v1/me`)).json()) as { person: unknown }).person;
  /** An attacker who captured `xml` posts it from their own browser. */
  const replay = async (xml: string) => {
    const attacker = new SamlBrowser();
    const res = await post(attacker, xml);
    return { status: res.status, person: await whoIs(attacker) };
  };

  const expectRefused = async (make: (f: ResponseFacts) => string, options: { solicited?: boolean } = {}) => {
    const people = await PersonModel.countDocuments();
    const { res, uid, me } = await attempt(make, options);
    expect(res.status, await res.text()).to.equal(403);
    expect(await me(), 'no session').to.equal(null);
    expect(await IdentityModel.findById(identityKey('saml', h.idpId, uid)).lean(), 'no identity').to.equal(null);
    expect(await PersonModel.countDocuments(), 'nobody created').to.equal(people);
  };

  it('accepts a well-made signed response (so the refusals below are about what was altered)', async () => {
    const { res, me } = await attempt((f) => sign(responseXml(f)));
    expect(res.status).to.equal(303);
    expect(await me()).to.have.property('displayName', 'Kẻ Giả Mạo');
  });

  it('refuses an unsigned assertion', () => expectRefused((f) => responseXml(f)));

  it('refuses an assertion signed by a key the IdP does not list', async () => {
    const stranger = createSelfSignedCredentials('stranger.example');
    await expectRefused((f) => signAssertion(responseXml(f), stranger.key, stranger.cert));
  });

  it('refuses a signed assertion altered after signing', () =>
    expectRefused((f) => {
      const doc = parse(sign(responseXml(f)));
      const role = select("//saml:Attribute[@Name='eduPersonAffiliation']/saml:AttributeValue", doc) as Element[];
      role[0]!.textContent = 'staff';
      return serialise(doc);
    }));

  describe('XML signature wrapping', () => {
    /** The signed assertion and an unsigned evil twin claiming another identity. */
    const twins = (f: ResponseFacts, sameId: boolean) => {
      const doc = parse(sign(responseXml(f)));
      const signed = (select('/samlp:Response/saml:Assertion', doc) as Element[])[0]!;
      const evil = signed.cloneNode(true) as Element;
      const signature = (select('ds:Signature', evil) as Element[])[0]!;
      evil.removeChild(signature);
      if (!sameId) evil.setAttribute('ID', '_evil');
      (select(".//saml:Attribute[@Name='uid']/saml:AttributeValue", evil) as Element[])[0]!.textContent =
        `${f.attributes.uid}-evil`;
      (select('.//saml:NameID', evil) as Element[])[0]!.textContent = '_evil';
      return { doc, signed, evil };
    };

    it('refuses an evil assertion placed before the signed one', () =>
      expectRefused((f) => {
        const { doc, signed, evil } = twins(f, false);
        signed.parentNode!.insertBefore(evil, signed);
        return serialise(doc);
      }));

    it('refuses an evil assertion with the signed one carrying the same ID', () =>
      expectRefused((f) => {
        const { doc, signed, evil } = twins(f, true);
        signed.parentNode!.insertBefore(evil, signed);
        return serialise(doc);
      }));

    it('refuses the signed assertion hidden inside an evil one', () =>
      expectRefused((f) => {
        const { doc, signed, evil } = twins(f, false);
        signed.parentNode!.replaceChild(evil, signed);
        const advice = doc.createElementNS('urn:oasis:names:tc:SAML:2.0:assertion', 'saml:Advice');
        advice.appendChild(signed);
        evil.appendChild(advice);
        return serialise(doc);
      }));

    it('refuses an evil assertion that carries the original signature', () =>
      expectRefused((f) => {
        const { doc, signed, evil } = twins(f, true);
        const signature = (select('ds:Signature', signed) as Element[])[0]!;
        signed.removeChild(signature);
        evil.insertBefore(signature, evil.firstChild!.nextSibling);
        signed.parentNode!.replaceChild(evil, signed);
        const extensions = doc.createElementNS('urn:oasis:names:tc:SAML:2.0:protocol', 'samlp:Extensions');
        extensions.appendChild(signed);
        evil.parentNode!.insertBefore(extensions, evil);
        return serialise(doc);
      }));
  });

  it('refuses an expired assertion', () => expectRefused((f) => sign(responseXml({ ...f, offsetMs: -2 * 3600_000 }))));

  it('refuses an assertion meant for another service provider (audience)', () =>
    expectRefused((f) => sign(responseXml({ ...f, audience: 'https://other-sp.example.edu.vn/metadata' }))));

  it('refuses a response sent to another destination', () =>
    expectRefused((f) => sign(responseXml({ ...f, destination: 'https://other-sp.example.edu.vn/acs' }))));

  it('refuses an assertion whose subject confirmation names another recipient', () =>
    expectRefused((f) => sign(responseXml({ ...f, recipient: 'https://other-sp.example.edu.vn/acs' }))));

  it('refuses a replayed response', async () => {
    const { res, xml } = await attempt((f) => sign(responseXml(f)));
    expect(res.status).to.equal(303);
    const people = await PersonModel.countDocuments();
    expect(await replay(xml)).to.deep.equal({ status: 403, person: null });
    expect(await PersonModel.countDocuments()).to.equal(people);
  });

  it('refuses an unsolicited response unless the portal is allowed to start sign-ins, and then only once', async () => {
    await expectRefused((f) => sign(responseXml(f)), { solicited: false });
    const res = await h.admin.request('POST', `/admin/saml/idps/${h.idpId}`, {
      form: { ...portalSettings(h.department.id), allowUnsolicited: 'on' },
    });
    expect(res.status).to.equal(303);
    try {
      const { res: accepted, xml, me } = await attempt((f) => sign(responseXml(f)), { solicited: false });
      expect(accepted.status).to.equal(303);
      expect(await me()).to.have.property('displayName', 'Kẻ Giả Mạo');
      expect(await replay(xml), 'the same unsolicited response twice').to.deep.equal({ status: 403, person: null });
    } finally {
      await h.admin.request('POST', `/admin/saml/idps/${h.idpId}`, { form: portalSettings(h.department.id) });
    }
  });

  it('refuses a response whose only signature is on the assertion when the portal is set to sign whole responses', async () => {
    const res = await h.admin.request('POST', `/admin/saml/idps/${h.idpId}`, {
      form: { ...portalSettings(h.department.id), signature: 'response' },
    });
    expect(res.status).to.equal(303);
    try {
      await expectRefused((f) => sign(responseXml(f)));
    } finally {
      await h.admin.request('POST', `/admin/saml/idps/${h.idpId}`, { form: portalSettings(h.department.id) });
    }
  });

  it('refuses a response from an issuer that is not a connected portal', () =>
    expectRefused((f) => sign(responseXml({ ...f, issuer: 'https://unknown-idp.example.edu.vn' }))));
});
