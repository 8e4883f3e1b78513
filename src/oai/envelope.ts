/**
 * The parts every OAI-PMH response shares: the envelope (responseDate, request), the record
 * header, and the error element. Built with xmlbuilder2, never by concatenating strings.
 */
import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js';
import type { OaiHeader, OaiItem } from '../domain/oaiRecord.js';
import type { OaiError } from './errors.js';
import type { OaiRepository } from './repository.js';

export const OAI_NS = 'http://www.openarchives.org/OAI/2.0/';
const XSI = 'http://www.w3.org/2001/XMLSchema-instance';

/** UTC to the second, the repository's granularity. */
export const datestamp = (d: Date) => `${d.toISOString().slice(0, 19)}Z`;

/** A document with the OAI-PMH root, `responseDate` and `request`; returns the root to write into. */
export function envelope(
  baseUrl: string,
  now: Date,
  request: Record<string, string> | null,
): { doc: XMLBuilder; root: XMLBuilder } {
  const doc = create().dec({ version: '1.0', encoding: 'UTF-8' });
  const root = doc.ele(OAI_NS, 'OAI-PMH', {
    'xmlns:xsi': XSI,
    'xsi:schemaLocation': `${OAI_NS} http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd`,
  });
  root.ele(OAI_NS, 'responseDate').txt(datestamp(now));
  root.ele(OAI_NS, 'request', request ?? {}).txt(baseUrl);
  return { doc, root };
}

export function writeError(root: XMLBuilder, error: OaiError, message: string): void {
  root.ele(OAI_NS, 'error', { code: error.code }).txt(error.detail ? `${message} (${error.detail})` : message);
}

export function writeHeader(parent: XMLBuilder, entry: OaiHeader, repository: OaiRepository): void {
  const header = parent.ele(OAI_NS, 'header', entry.oai.state === 'deleted' ? { status: 'deleted' } : {});
  header.ele(OAI_NS, 'identifier').txt(repository.identifierOf(entry));
  header.ele(OAI_NS, 'datestamp').txt(datestamp(entry.oai.datestamp));
  for (const spec of repository.setSpecs(entry)) header.ele(OAI_NS, 'setSpec').txt(spec);
}

/** A whole record: header, and metadata unless the record is deleted. */
export function writeRecord(
  parent: XMLBuilder,
  entry: OaiItem,
  repository: OaiRepository,
  prefix: string,
  record = repository.toRecord(entry),
): void {
  const el = parent.ele(OAI_NS, 'record');
  writeHeader(el, entry, repository);
  if (entry.oai.state === 'deleted') return;
  repository.format(prefix)!.render(record, el.ele(OAI_NS, 'metadata'));
}

/**
 * Characters XML 1.0 cannot carry (control characters, lone surrogates: typed or harvested) are
 * dropped, and Vietnamese text leaves composed (NFC) however it was typed. One pass over the
 * serialised document: xmlbuilder2's own per-string replacement costs a third of a page's time.
 */
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function serialise(doc: XMLBuilder): Buffer {
  return Buffer.from(doc.end({ prettyPrint: false }).replace(NOT_XML_CHAR, '').normalize('NFC'));
}
