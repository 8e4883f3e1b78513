import { expect } from 'chai';
import { create } from 'xmlbuilder2';
import { DomainError } from '../../../src/domain/errors.js';
import { BINDING_POST, BINDING_REDIRECT, parseIdpMetadata } from '../../../src/services/samlIdpMetadata.js';
import { certBody, createSelfSignedCredentials } from '../../../src/auth/saml/spCredentials.js';

const MD = 'urn:oasis:names:tc:SAML:2.0:metadata';
const DS = 'http://www.w3.org/2000/09/xmldsig#';
const [a, b] = [createSelfSignedCredentials('a.example'), createSelfSignedCredentials('b.example')];

function metadata(
  options: { certs?: { cert: string; use?: string }[]; sso?: string[]; slo?: boolean; wrapped?: boolean } = {},
): string {
  const doc = create({ version: '1.0' });
  const parent = options.wrapped ? doc.ele(MD, 'md:EntitiesDescriptor') : doc;
  const entity = parent.ele(MD, 'md:EntityDescriptor', { entityID: 'https://sso.example.edu.vn/idp' });
  const idp = entity.ele(MD, 'md:IDPSSODescriptor', {
    protocolSupportEnumeration: 'urn:oasis:names:tc:SAML:2.0:protocol',
  });
  for (const c of options.certs ?? [{ cert: a.cert, use: 'signing' }]) {
    idp
      .ele(MD, 'md:KeyDescriptor', c.use ? { use: c.use } : {})
      .ele(DS, 'ds:KeyInfo')
      .ele(DS, 'ds:X509Data')
      .ele(DS, 'ds:X509Certificate')
      .txt(certBody(c.cert));
  }
  if (options.slo)
    idp.ele(MD, 'md:SingleLogoutService', { Binding: BINDING_REDIRECT, Location: 'https://sso.example.edu.vn/slo' });
  for (const binding of options.sso ?? [BINDING_POST, BINDING_REDIRECT])
    idp.ele(MD, 'md:SingleSignOnService', {
      Binding: binding,
      Location: `https://sso.example.edu.vn/sso/${binding.split(':').pop()}`,
    });
  return doc.end();
}

const reason = (xml: string) => {
  try {
    parseIdpMetadata(xml);
  } catch (err) {
    return err instanceof DomainError ? String(err.params.reason) : 'not a DomainError';
  }
  return 'accepted';
};

describe('IdP metadata', () => {
  it('reads the entity id, the HTTP-Redirect endpoints and the signing certificate', () => {
    const m = parseIdpMetadata(metadata({ slo: true }));
    expect(m.entityId).to.equal('https://sso.example.edu.vn/idp');
    expect(m.ssoUrl).to.equal('https://sso.example.edu.vn/sso/HTTP-Redirect');
    expect(m.sloUrl).to.equal('https://sso.example.edu.vn/slo');
    expect(m.signingCerts.map(certBody)).to.deep.equal([certBody(a.cert)]);
  });

  it('keeps every signing certificate (roll-over), including those without a use, and leaves encryption-only ones out', () => {
    const m = parseIdpMetadata(
      metadata({
        certs: [
          { cert: a.cert, use: 'signing' },
          { cert: b.cert },
          { cert: b.cert, use: 'encryption' },
          { cert: a.cert, use: 'signing' },
        ],
      }),
    );
    expect(m.signingCerts.map(certBody)).to.deep.equal([certBody(a.cert), certBody(b.cert)]);
  });

  it('finds the IdP inside an EntitiesDescriptor', () => {
    expect(parseIdpMetadata(metadata({ wrapped: true })).entityId).to.equal('https://sso.example.edu.vn/idp');
  });

  it('refuses metadata we cannot use, saying why', () => {
    expect(reason('')).to.equal('empty or too large');
    expect(reason('<md:EntityDescriptor')).to.equal('not well-formed XML');
    expect(reason('<html/>')).to.equal('no EntityDescriptor with an IDPSSODescriptor');
    expect(reason(metadata({ sso: [BINDING_POST] }))).to.equal('no HTTP-Redirect SingleSignOnService');
    expect(reason(metadata({ certs: [{ cert: a.cert, use: 'encryption' }] }))).to.equal('no signing certificate');
    expect(
      reason(metadata({ certs: [{ cert: '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----' }] })),
    ).to.equal('a signing certificate cannot be read');
  });
});
