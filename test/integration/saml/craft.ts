/**
 * Responses made by hand, as an attacker (or a broken IdP) would send them to our ACS: built with
 * an XML builder, signed with xml-crypto (what passport-saml verifies with), then altered.
 */
import { randomBytes } from 'node:crypto';
import { inflateRawSync } from 'node:zlib';
import { DOMParser, XMLSerializer } from '@xmldom/xmldom';
import { SignedXml } from 'xml-crypto';
import { create } from 'xmlbuilder2';
import xpath from 'xpath';

const SAMLP = 'urn:oasis:names:tc:SAML:2.0:protocol';
const SAML = 'urn:oasis:names:tc:SAML:2.0:assertion';
export const select = xpath.useNamespaces({
  samlp: SAMLP,
  saml: SAML,
  ds: 'http://www.w3.org/2000/09/xmldsig#',
  md: 'urn:oasis:names:tc:SAML:2.0:metadata',
});

export interface ResponseFacts {
  issuer: string;
  destination: string;
  recipient: string;
  audience: string;
  inResponseTo: string | null;
  nameId: string;
  attributes: Record<string, string>;
  /** Shifts every time in the message, e.g. -2 hours for an expired assertion. */
  offsetMs?: number;
}

const id = () => `_${randomBytes(16).toString('hex')}`;

export function responseXml(f: ResponseFacts): string {
  const now = Date.now() + (f.offsetMs ?? 0);
  const at = (ms: number) => new Date(now + ms).toISOString();
  const inResponse = f.inResponseTo ? { InResponseTo: f.inResponseTo } : {};
  const doc = create({ version: '1.0' });
  const response = doc.ele(SAMLP, 'samlp:Response', {
    ID: id(),
    Version: '2.0',
    IssueInstant: at(0),
    Destination: f.destination,
    ...inResponse,
  });
  response.ele(SAML, 'saml:Issuer').txt(f.issuer);
  response
    .ele(SAMLP, 'samlp:Status')
    .ele(SAMLP, 'samlp:StatusCode', { Value: 'urn:oasis:names:tc:SAML:2.0:status:Success' });
  const assertion = response.ele(SAML, 'saml:Assertion', { ID: id(), Version: '2.0', IssueInstant: at(0) });
  assertion.ele(SAML, 'saml:Issuer').txt(f.issuer);
  const subject = assertion.ele(SAML, 'saml:Subject');
  subject.ele(SAML, 'saml:NameID', { Format: 'urn:oasis:names:tc:SAML:2.0:nameid-format:transient' }).txt(f.nameId);
  subject
    .ele(SAML, 'saml:SubjectConfirmation', { Method: 'urn:oasis:names:tc:SAML:2.0:cm:bearer' })
    .ele(SAML, 'saml:SubjectConfirmationData', { NotOnOrAfter: at(5 * 60_000), Recipient: f.recipient, ...inResponse });
  assertion
    .ele(SAML, 'saml:Conditions', { NotBefore: at(-30_000), NotOnOrAfter: at(5 * 60_000) })
    .ele(SAML, 'saml:AudienceRestriction')
    .ele(SAML, 'saml:Audience')
    .txt(f.audience);
  assertion
    .ele(SAML, 'saml:AuthnStatement', { AuthnInstant: at(0), SessionIndex: id() })
    .ele(SAML, 'saml:AuthnContext')
    .ele(SAML, 'saml:AuthnContextClassRef')
    .txt('urn:oasis:names:tc:SAML:2.0:ac:classes:Password');
  const statement = assertion.ele(SAML, 'saml:AttributeStatement');
  for (const [name, value] of Object.entries(f.attributes))
    statement.ele(SAML, 'saml:Attribute', { Name: name }).ele(SAML, 'saml:AttributeValue').txt(value);
  return doc.end();
}

/** Signs the Assertion (enveloped signature after its Issuer, as IdPs place it). */
export function signAssertion(xml: string, key: string, cert: string): string {
  const sig = new SignedXml({
    privateKey: key,
    publicCert: cert,
    signatureAlgorithm: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
    canonicalizationAlgorithm: 'http://www.w3.org/2001/10/xml-exc-c14n#',
  });
  sig.addReference({
    xpath: "//*[local-name(.)='Assertion']",
    transforms: ['http://www.w3.org/2000/09/xmldsig#enveloped-signature', 'http://www.w3.org/2001/10/xml-exc-c14n#'],
    digestAlgorithm: 'http://www.w3.org/2001/04/xmlenc#sha256',
  });
  sig.computeSignature(xml, {
    location: { reference: "//*[local-name(.)='Assertion']/*[local-name(.)='Issuer']", action: 'after' },
  });
  return sig.getSignedXml();
}

export const parse = (xml: string) => new DOMParser().parseFromString(xml, 'text/xml') as unknown as Document;
export const serialise = (doc: Document) => new XMLSerializer().serializeToString(doc as never);
export const base64 = (xml: string) => Buffer.from(xml, 'utf8').toString('base64');

/** The ID of the AuthnRequest in an HTTP-Redirect URL we sent to the IdP. */
export function requestIdOf(redirectUrl: string): string {
  const message = new URL(redirectUrl).searchParams.get('SAMLRequest')!;
  const doc = parse(inflateRawSync(Buffer.from(message, 'base64')).toString('utf8'));
  return String(select('string(/samlp:AuthnRequest/@ID)', doc));
}
