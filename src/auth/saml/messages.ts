/**
 * Reading SAML messages before and after passport-saml verifies them. Before: only to choose the
 * IdP whose certificates will verify the message (its Issuer) — nothing read here is trusted.
 * After: the checks passport-saml leaves to us (Destination, Recipient) and the assertion's ID
 * for replay protection, read from the XML it verified.
 */
import { inflateRawSync } from 'node:zlib';
import { DOMParser } from '@xmldom/xmldom';
import xpath from 'xpath';

const select = xpath.useNamespaces({
  samlp: 'urn:oasis:names:tc:SAML:2.0:protocol',
  saml: 'urn:oasis:names:tc:SAML:2.0:assertion',
});

/** Parses XML or returns null: a malformed message is simply not one we accept. */
export function parseXml(xml: string): Document | null {
  let failed = false;
  const doc = new DOMParser({
    onError: (level) => {
      if (level !== 'warning') failed = true;
    },
  }).parseFromString(xml, 'text/xml') as unknown as Document;
  return failed || !doc.documentElement ? null : doc;
}

/** A base64 message from an HTTP-POST form, or a deflated one from an HTTP-Redirect query. */
export function decodeMessage(value: string, deflated: boolean): Document | null {
  try {
    const bytes = Buffer.from(value, 'base64');
    return parseXml((deflated ? inflateRawSync(bytes, { maxOutputLength: 1_000_000 }) : bytes).toString('utf8'));
  } catch {
    return null;
  }
}

const text = (nodes: xpath.SelectReturnType) =>
  Array.isArray(nodes) && nodes[0] ? (nodes[0] as Node).textContent?.trim() || null : null;
const attr = (nodes: xpath.SelectReturnType) => (Array.isArray(nodes) && nodes[0] ? (nodes[0] as Attr).value : null);

/** The entity that claims to have sent a Response, LogoutRequest or LogoutResponse. */
export const claimedIssuer = (doc: Document) =>
  text(select('/*/saml:Issuer', doc)) ?? text(select('/samlp:Response/saml:Assertion/saml:Issuer', doc));

export const destination = (doc: Document) => attr(select('/*/@Destination', doc));

/** From the verified assertion: its ID and every SubjectConfirmationData Recipient. */
export function assertionFacts(assertionXml: string): { id: string | null; recipients: string[] } {
  const doc = parseXml(assertionXml);
  if (!doc) return { id: null, recipients: [] };
  const recipients = (
    select(
      '/saml:Assertion/saml:Subject/saml:SubjectConfirmation/saml:SubjectConfirmationData/@Recipient',
      doc,
    ) as Attr[]
  ).map((a) => a.value);
  return { id: attr(select('/saml:Assertion/@ID', doc)), recipients };
}
