/**
 * The parts every OAI-PMH response shares, as XML text: the envelope (declaration, root element,
 * responseDate, request), the record header, a whole record, and the error element. Values are
 * escaped by src/domain/xml.ts; no tree of nodes is built, since a list page writes hundreds of
 * records and building one cost most of a harvest's time.
 */
import type { MetadataFormat, OaiRecord } from '../domain/metadataFormat.js';
import { textElement, xmlText } from '../domain/xml.js';
import type { OaiHeader, OaiItem } from '../domain/oaiRecord.js';
import type { OaiError } from './errors.js';
import type { OaiRepository } from './repository.js';

export const OAI_NS = 'http://www.openarchives.org/OAI/2.0/';
const XSI = 'http://www.w3.org/2001/XMLSchema-instance';

/** An answer, or a part of one: XML text in pieces, written out in order as they are made. */
export type XmlPieces = Iterable<string>;

/** UTC to the second, the repository's granularity. */
export const datestamp = (d: Date) => `${d.toISOString().slice(0, 19)}Z`;

/** The root element binds the default namespace to OAI-PMH's and `xsi`, which format plugins use. */
const START =
  `<?xml version="1.0" encoding="UTF-8"?><OAI-PMH xmlns="${OAI_NS}" xmlns:xsi="${XSI}" ` +
  `xsi:schemaLocation="${OAI_NS} http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd">`;

/** The whole document: the envelope around the verb's element (or the error). */
export function* document(
  baseUrl: string,
  now: Date,
  request: Record<string, string> | null,
  body: XmlPieces,
): Generator<string> {
  const requestElement = textElement('request', baseUrl, request ?? undefined);
  yield `${START}<responseDate>${datestamp(now)}</responseDate>${requestElement}`;
  yield* body;
  yield '</OAI-PMH>';
}

export function errorXml(error: OaiError, message: string): string {
  return textElement('error', error.detail ? `${message} (${error.detail})` : message, { code: error.code });
}

export function headerXml(entry: OaiHeader, repository: OaiRepository): string {
  let xml = entry.oai.state === 'deleted' ? '<header status="deleted"><identifier>' : '<header><identifier>';
  xml += `${xmlText(repository.identifierOf(entry))}</identifier>`;
  xml += `<datestamp>${datestamp(entry.oai.datestamp)}</datestamp>`;
  for (const spec of repository.setSpecs(entry)) xml += `<setSpec>${xmlText(spec)}</setSpec>`;
  return `${xml}</header>`;
}

/** A whole record: header, and metadata unless the record is deleted. */
export function recordXml(
  entry: OaiItem,
  repository: OaiRepository,
  format: MetadataFormat,
  record: OaiRecord = repository.toRecord(entry),
): string {
  const header = headerXml(entry, repository);
  if (entry.oai.state === 'deleted') return `<record>${header}</record>`;
  return `<record>${header}<metadata>${format.render(record)}</metadata></record>`;
}
