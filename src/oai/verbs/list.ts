/**
 * ListRecords and ListIdentifiers: one page of the selected records in (datestamp, id) order, read
 * from the repository's source by keyset, and a resumption token holding the last position. A record
 * that changes during a harvest gets a later datestamp, so it moves behind the position and is
 * listed again at the end: nothing is skipped and nothing unchanged is listed twice.
 * completeListSize is counted for the first page and carried in the token, so a busy catalogue
 * does not make every page count 100,000 records again. It counts the records of the period and
 * set, so a format that applies to some records only (`partial`: marcxml, printed titles) gives
 * none: the attribute is optional, and a count of every record would overstate the list.
 * The page is chosen (and any error thrown) first; its records are rendered one by one as the
 * answer is written out.
 */
import type { OaiItem } from '../../domain/oaiRecord.js';
import { textElement, wrapElement } from '../../domain/xml.js';
import type { OaiSelection } from '../../services/oaiSource.js';
import { parsePeriod, type VerbArguments } from '../arguments.js';
import { OaiError } from '../errors.js';
import { datestamp, headerXml, recordXml, type XmlPieces } from '../envelope.js';
import type { TokenPayload } from '../tokens.js';
import type { VerbBuilder, VerbContext } from './verb.js';

type ListVerb = 'ListRecords' | 'ListIdentifiers';

/** What the list selects and where this page starts, from the arguments or from the token. */
/** `size` -1: not counted yet (first page). */
function selection(verb: ListVerb, args: VerbArguments<ListVerb>, ctx: VerbContext): Omit<TokenPayload, 'expires'> {
  if ('resumptionToken' in args) {
    const payload = ctx.tokens.verify(args.resumptionToken, verb, ctx.now.getTime());
    if (!ctx.repository.format(payload.prefix)) throw new OaiError('badResumptionToken');
    return payload;
  }
  if (!ctx.repository.format(args.metadataPrefix)) throw new OaiError('cannotDisseminateFormat');
  const period = parsePeriod(args.from, args.until);
  return {
    verb,
    prefix: args.metadataPrefix,
    set: args.set ?? null,
    from: period.from,
    until: period.until,
    after: null,
    cursor: 0,
    size: -1,
  };
}

async function listPage(verb: ListVerb, args: VerbArguments<ListVerb>, ctx: VerbContext): Promise<XmlPieces> {
  const { repository } = ctx;
  const s = selection(verb, args, ctx);
  const format = repository.format(s.prefix)!;
  const chosen = repository.selection(s.set, s.from, s.until);
  const after = s.after ? { datestamp: s.after[0], id: s.after[1] } : null;
  const pageSize = repository.config.oai.pageSize;
  const entries: OaiItem[] = [];
  let more = false;
  for await (const item of repository.source.items(chosen, after, pageSize + 1)) {
    if (!repository.selects(item, format)) continue;
    if (entries.length === pageSize) {
      more = true;
      break;
    }
    entries.push(item);
  }
  // The last page of a list (or an empty one) completes a harvest: full without `from`, else incremental.
  if (ctx.served) {
    const harvest = more ? null : s.from === null ? 'full' : 'incremental';
    Object.assign(ctx.served, { metadataPrefix: s.prefix, set: s.set, items: entries.length, harvest });
  }
  if (!entries.length) throw new OaiError('noRecordsMatch');
  const token = await resumptionTokenXml(s, format.partial ? null : chosen, entries, more, ctx);
  return pageXml(
    verb,
    entries,
    (entry) => (verb === 'ListRecords' ? recordXml(entry, repository, format) : headerXml(entry, repository)),
    token,
  );
}

function* pageXml(verb: ListVerb, entries: OaiItem[], xmlOf: (e: OaiItem) => string, token: string) {
  yield `<${verb}>`;
  for (const entry of entries) yield xmlOf(entry);
  yield `${token}</${verb}>`;
}

/**
 * The resumptionToken element: none when the whole list fits one answer, empty on the last page.
 * `counted` null: the list's size is not counted (a partial format), and not given.
 */
async function resumptionTokenXml(
  s: Omit<TokenPayload, 'expires'>,
  counted: OaiSelection | null,
  entries: OaiItem[],
  more: boolean,
  { repository, tokens, now }: VerbContext,
): Promise<string> {
  if (s.cursor === 0 && !more) return '';
  const size = s.size >= 0 || !counted ? s.size : await repository.source.count(counted);
  const attributes = {
    completeListSize: size >= 0 ? String(Math.max(size, s.cursor + entries.length)) : undefined,
    cursor: String(s.cursor),
  };
  if (!more) return wrapElement('resumptionToken', '', attributes);
  const last = entries[entries.length - 1]!;
  const expires = now.getTime() + repository.config.oai.tokenTtlMs;
  const token = tokens.sign({
    ...s,
    after: [last.oai.datestamp.getTime(), last.id],
    cursor: s.cursor + entries.length,
    size,
    expires,
  });
  return textElement('resumptionToken', token, { ...attributes, expirationDate: datestamp(new Date(expires)) });
}

export const listRecords: VerbBuilder<'ListRecords'> = (args, ctx) => listPage('ListRecords', args, ctx);
export const listIdentifiers: VerbBuilder<'ListIdentifiers'> = (args, ctx) => listPage('ListIdentifiers', args, ctx);
