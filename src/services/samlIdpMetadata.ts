/**
 * Reads an identity provider's SAML 2.0 metadata (pasted or fetched from its URL) with a real XML
 * parser and XPath: the entity id, where to send AuthnRequests and logout messages, and every
 * signing certificate listed — during a certificate roll-over the IdP lists old and new, and we
 * accept both until the old one disappears from its metadata.
 */
import { X509Certificate } from 'node:crypto';
import { DOMParser } from '@xmldom/xmldom';
import xpath from 'xpath';
import { DomainError } from '../domain/errors.js';

export const BINDING_REDIRECT = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect';
export const BINDING_POST = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST';

const select = xpath.useNamespaces({
  md: 'urn:oasis:names:tc:SAML:2.0:metadata',
  ds: 'http://www.w3.org/2000/09/xmldsig#',
});

export interface IdpMetadata {
  entityId: string;
  /** HTTP-Redirect single sign-on endpoint (every IdP has one; we send signed AuthnRequests there). */
  ssoUrl: string;
  /** HTTP-Redirect single logout endpoint, if the IdP offers single logout. */
  sloUrl: string | null;
  /** PEM certificates. */
  signingCerts: string[];
}

const invalid = (reason: string) => new DomainError('validation', 'saml.metadata.invalid', { reason });

export function parseIdpMetadata(xml: string): IdpMetadata {
  if (!xml.trim() || xml.length > 5_000_000) throw invalid('empty or too large');
  let doc: Document;
  try {
    doc = new DOMParser({
      onError: (level, msg) => {
        if (level !== 'warning') throw new Error(msg);
      },
    }).parseFromString(xml, 'text/xml') as unknown as Document;
  } catch {
    throw invalid('not well-formed XML');
  }
  const entity = (select('//md:EntityDescriptor[md:IDPSSODescriptor]', doc) as Element[])[0];
  if (!entity) throw invalid('no EntityDescriptor with an IDPSSODescriptor');
  const entityId = entity.getAttribute('entityID')?.trim();
  if (!entityId) throw invalid('no entityID');
  const idp = (select('md:IDPSSODescriptor', entity) as Element[])[0]!;
  const location = (element: string) => {
    const node = (select(`md:${element}[@Binding='${BINDING_REDIRECT}']`, idp) as Element[])[0];
    const url = node?.getAttribute('Location')?.trim();
    return url && /^https?:\/\//.test(url) ? url : null;
  };
  const ssoUrl = location('SingleSignOnService');
  if (!ssoUrl) throw invalid('no HTTP-Redirect SingleSignOnService');
  const signingCerts = (
    select("md:KeyDescriptor[not(@use) or @use='signing']/ds:KeyInfo/ds:X509Data/ds:X509Certificate", idp) as Element[]
  )
    .map((n) => (n.textContent ?? '').replace(/\s+/g, ''))
    .filter((body, i, all) => body && all.indexOf(body) === i)
    .map(toPem);
  if (!signingCerts.length) throw invalid('no signing certificate');
  return { entityId, ssoUrl, sloUrl: location('SingleLogoutService'), signingCerts };
}

function toPem(body: string): string {
  const pem = `-----BEGIN CERTIFICATE-----\n${body.match(/.{1,64}/g)!.join('\n')}\n-----END CERTIFICATE-----\n`;
  try {
    new X509Certificate(pem);
  } catch {
    throw invalid('a signing certificate cannot be read');
  }
  return pem;
}
