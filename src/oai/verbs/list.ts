/**
 * ListRecords and ListIdentifiers: one page of the selected records in (datestamp, id) order, read
 * from the repository's source by keyset, and a resumption token holding the last position. A record
 * that changes during a harvest gets a later datestamp, so it moves behind the position and is
 * listed again at the end: nothing is skipped and nothing unchanged is listed twice.
 * completeListSize is counted for the first page and carried in the token, so a busy catalogue
 * does not make every page count 100,000 records again. It counts the records of the period and
 * set; a format that applies to some records only (none does yet) would make it an upper bound.
 */
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js';
import type { OaiItem } from '../../domain/oaiRecord.js';
import { parsePeriod, type VerbArguments } from '../arguments.js';
import { OaiError } from '../errors.js';
import { datestamp, OAI_NS, writeHeader, writeRecord } from '../envelope.js';
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

async function listPage(verb: ListVerb, args: VerbArguments<ListVerb>, ctx: VerbContext, root: XMLBuilder) {
  const { repository, tokens, now } = ctx;
  const s = selection(verb, args, ctx);
  const format = repository.format(s.prefix)!;
  const chosen = repository.selection(s.set, s.from, s.until);
  const after = s.after ? { datestamp: s.after[0], id: s.after[1] } : null;
  const pageSize = repository.config.oai.pageSize;
  const entries: OaiItem[] = [];
  let more = false;
  for await (const item of repository.source.items(chosen, after)) {
    if (!repository.selects(item, format)) continue;
    if (entries.length === pageSize) {
      more = true;
      break;
    }
    entries.push(item);
  }
  if (!entries.length) throw new OaiError('noRecordsMatch');

  const el = root.ele(OAI_NS, verb);
  for (const entry of entries) {
    if (verb === 'ListRecords') writeRecord(el, entry, repository, s.prefix);
    else writeHeader(el, entry, repository);
  }
  const first = s.cursor === 0 && !more;
  if (first) return; // the whole list fits one answer: no token at all
  const size = s.size >= 0 ? s.size : await repository.source.count(chosen);
  const attributes = { completeListSize: String(Math.max(size, s.cursor + entries.length)), cursor: String(s.cursor) };
  if (!more) {
    el.ele(OAI_NS, 'resumptionToken', attributes);
    return;
  }
  const last = entries[entries.length - 1]!;
  const expires = now.getTime() + repository.config.oai.tokenTtlMs;
  const token = tokens.sign({
    ...s,
    after: [last.oai.datestamp.getTime(), last.id],
    cursor: s.cursor + entries.length,
    size,
    expires,
  });
  el.ele(OAI_NS, 'resumptionToken', { ...attributes, expirationDate: datestamp(new Date(expires)) }).txt(token);
}

export const listRecords: VerbBuilder<'ListRecords'> = (args, ctx, root) => listPage('ListRecords', args, ctx, root);
export const listIdentifiers: VerbBuilder<'ListIdentifiers'> = (args, ctx, root) =>
  listPage('ListIdentifiers', args, ctx, root);
