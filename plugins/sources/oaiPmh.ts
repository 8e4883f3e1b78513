/**
 * Harvests another repository over OAI-PMH 2.0: ListRecords, following resumption tokens, parsing
 * each answer as a stream (saxes) so a large page never sits whole in memory. oai_dc records
 * give their Dublin Core elements; oai_lom records are read into the same names through the
 * table below. A protocol error, malformed XML or a token that repeats stops the harvest.
 */
import { SaxesParser, type SaxesTagNS } from 'saxes';
import {
  HarvestSourceError,
  type HarvestedRecord,
  type HarvestPage,
  type HarvestRequest,
  type SourcePlugin,
} from '../../src/domain/harvestSource.js';

const OAI = 'http://www.openarchives.org/OAI/2.0/';
const DC = 'http://purl.org/dc/elements/1.1/';
const LOM = 'http://ltsc.ieee.org/xsd/LOM';

/** LOM element paths (below `lom`) → the Dublin Core name they fill. */
export const lomPaths: Record<string, string> = {
  'general/title/string': 'title',
  'general/description/string': 'description',
  'general/keyword/string': 'subject',
  'general/language': 'language',
  'general/coverage/string': 'coverage',
  'general/identifier/entry': 'identifier',
  'technical/format': 'format',
  'technical/location': 'identifier',
  'rights/description/string': 'rights',
  'classification/taxonPath/taxon/id': 'subject',
  'classification/taxonPath/taxon/entry/string': 'subject',
  'educational/intendedEndUserRole/value': 'audience',
};

/** The name on a LOM vCard (`FN:`), unescaped. */
function vcardName(vcard: string): string | null {
  const line = vcard.split(/\r?\n/).find((l) => l.startsWith('FN:'));
  return line
    ? line
        .slice(3)
        .replace(/\\([\\,;])/g, '$1')
        .trim() || null
    : null;
}

/** `from` in the source's granularity: a source that only knows days refuses seconds (badArgument). */
const datestamp = (d: Date, days: boolean) =>
  days ? d.toISOString().slice(0, 10) : `${d.toISOString().slice(0, 19)}Z`;

function verbUrl(request: HarvestRequest, verb: string): URL {
  const url = new URL(request.baseUrl);
  url.search = '';
  url.searchParams.set('verb', verb);
  return url;
}

function listUrl(request: HarvestRequest, token: string | null, days: boolean): string {
  const url = verbUrl(request, 'ListRecords');
  if (token) {
    url.searchParams.set('resumptionToken', token);
  } else {
    url.searchParams.set('metadataPrefix', request.metadataPrefix);
    if (request.from) url.searchParams.set('from', datestamp(request.from, days));
    if (request.set) url.searchParams.set('set', request.set);
  }
  return url.toString();
}

/** Whether the source's Identify says its datestamps are days only. */
async function daysOnly(request: HarvestRequest): Promise<boolean> {
  const url = verbUrl(request, 'Identify').toString();
  const parser = new SaxesParser({ xmlns: true });
  let inGranularity = false;
  let granularity = '';
  parser.on('opentag', (tag) => (inGranularity = tag.uri === OAI && tag.local === 'granularity'));
  parser.on('text', (t) => {
    if (inGranularity) granularity += t;
  });
  parser.on('closetag', () => (inGranularity = false));
  try {
    for await (const chunk of await request.get(url)) parser.write(chunk);
    parser.close();
  } catch (err) {
    if (err instanceof HarvestSourceError) throw err;
    throw new HarvestSourceError(`malformed XML: ${err instanceof Error ? err.message : String(err)}`, url);
  }
  return granularity.trim() === 'YYYY-MM-DD';
}

/** What reading a ListRecords answer has gathered so far. */
interface ListRecordsReading {
  records: HarvestedRecord[];
  /** The open elements, outermost first. */
  path: SaxesTagNS[];
  text: string;
  record: HarvestedRecord | null;
  lomRole: string | null;
  token: string | null;
  responseDate: string | null;
  error: { code: string; message: string } | null;
}

function addField(reading: ListRecordsReading, name: string, value: string): void {
  const v = value.trim();
  if (!reading.record || !v) return;
  (reading.record.fields[name] ??= []).push(v);
}

/** The path of local names below the `lom` element, e.g. `general/title/string`. */
function lomPath(path: SaxesTagNS[]): string {
  const at = path.findIndex((t) => t.uri === LOM && t.local === 'lom');
  return path
    .slice(at + 1)
    .map((t) => t.local)
    .join('/');
}

function openTag(reading: ListRecordsReading, tag: SaxesTagNS): void {
  reading.path.push(tag);
  reading.text = '';
  if (tag.uri !== OAI) return;
  if (tag.local === 'record') reading.record = { identifier: '', datestamp: '', deleted: false, fields: {} };
  if (tag.local === 'header' && reading.record) reading.record.deleted = tag.attributes.status?.value === 'deleted';
  if (tag.local === 'error') reading.error = { code: tag.attributes.code?.value ?? 'unknown', message: '' };
}

/** An OAI-PMH element closed: the record's header, the record itself, the token, the date, an error. */
function closeOaiTag(reading: ListRecordsReading, tag: SaxesTagNS): void {
  const { record, text } = reading;
  const parent = reading.path[reading.path.length - 2];
  if (tag.local === 'identifier' && parent?.local === 'header' && record) record.identifier = text.trim();
  else if (tag.local === 'datestamp' && parent?.local === 'header' && record) record.datestamp = text.trim();
  else if (tag.local === 'record' && record) {
    reading.records.push(record);
    reading.record = null;
  } else if (tag.local === 'resumptionToken') reading.token = text.trim() || null;
  else if (tag.local === 'responseDate') reading.responseDate = text.trim();
  else if (tag.local === 'error' && reading.error) reading.error.message = text.trim();
}

/** A LOM element closed: contributors by their role, the rest by `lomPaths`. */
function closeLomTag(reading: ListRecordsReading): void {
  const { text } = reading;
  const p = lomPath(reading.path);
  if (p === 'lifeCycle/contribute/role/value') reading.lomRole = text.trim();
  else if (p === 'lifeCycle/contribute/entity') {
    const name = vcardName(text);
    const role = reading.lomRole;
    if (name)
      addField(reading, role === 'publisher' ? 'publisher' : role === 'author' ? 'creator' : 'contributor', name);
  } else if (p === 'lifeCycle/contribute') reading.lomRole = null;
  else if (lomPaths[p]) addField(reading, lomPaths[p], text);
}

function closeTag(reading: ListRecordsReading, tag: SaxesTagNS): void {
  if (tag.uri === OAI) closeOaiTag(reading, tag);
  else if (tag.uri === DC && reading.record) addField(reading, tag.local, reading.text);
  else if (tag.uri === LOM && reading.record) closeLomTag(reading);
  reading.path.pop();
  reading.text = '';
}

/** Parses one ListRecords answer. */
export async function parseListRecords(chunks: AsyncIterable<string>, url: string): Promise<Omit<HarvestPage, 'url'>> {
  const parser = new SaxesParser({ xmlns: true });
  const reading: ListRecordsReading = {
    records: [],
    path: [],
    text: '',
    record: null,
    lomRole: null,
    token: null,
    responseDate: null,
    error: null,
  };
  parser.on('opentag', (tag) => openTag(reading, tag));
  parser.on('text', (t) => (reading.text += t));
  parser.on('cdata', (t) => (reading.text += t));
  parser.on('closetag', (tag) => closeTag(reading, tag));

  try {
    for await (const chunk of chunks) parser.write(chunk);
    parser.close();
  } catch (err) {
    if (err instanceof HarvestSourceError) throw err;
    throw new HarvestSourceError(`malformed XML: ${err instanceof Error ? err.message : String(err)}`, url);
  }
  const { records, token, responseDate, error: failure } = reading;
  if (failure && failure.code !== 'noRecordsMatch')
    throw new HarvestSourceError(`OAI-PMH error ${failure.code}: ${failure.message}`, url);
  if (!failure && responseDate === null) throw new HarvestSourceError('not an OAI-PMH response', url);
  return { records, resumptionToken: token, responseDate };
}

export const oaiPmhSource: SourcePlugin = {
  kind: 'oai-pmh',
  prefixes: ['oai_dc', 'oai_lom'],
  async *pages(request: HarvestRequest): AsyncIterable<HarvestPage> {
    const seen = new Set<string>();
    let token = request.resumptionToken;
    const days = !token && request.from !== null && (await daysOnly(request));
    for (;;) {
      const url = listUrl(request, token, days);
      const page = await parseListRecords(await request.get(url), url);
      yield { url, ...page };
      if (!page.resumptionToken) return;
      if (seen.has(page.resumptionToken) || page.resumptionToken === token)
        throw new HarvestSourceError('the source sends the same resumption token again (a loop)', url);
      seen.add(page.resumptionToken);
      token = page.resumptionToken;
    }
  },
};
