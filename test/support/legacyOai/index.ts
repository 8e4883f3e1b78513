/**
 * THE PREVIOUS IMPLEMENTATION of the OAI-PMH answers (xmlbuilder2), kept only for the parity test
 * (test/integration/oai/serialisationParity.test.ts); removed with it.
 */
import { decodeArguments, parseRequest, type ParsedRequest, type VerbName } from '../../../src/oai/arguments.js';
import { envelope, serialise, writeError } from './envelope.js';
import { OaiError } from '../../../src/oai/errors.js';
import { getRecord } from './verbs/getRecord.js';
import { identify } from './verbs/identify.js';
import { listIdentifiers, listRecords } from './verbs/list.js';
import { listMetadataFormats } from './verbs/listMetadataFormats.js';
import { listSets } from './verbs/listSets.js';
import type { VerbBuilder, VerbContext } from './verbs/verb.js';

const builders: { [V in VerbName]: VerbBuilder<V> } = {
  Identify: identify,
  ListMetadataFormats: listMetadataFormats,
  ListSets: listSets,
  GetRecord: getRecord,
  ListIdentifiers: listIdentifiers,
  ListRecords: listRecords,
};

/** The whole response document for the raw arguments (or an error found before reading them): the verb's answer, or the protocol error. */
export function respond(
  raw: string | Buffer | OaiError,
  ctx: VerbContext,
  message: (error: OaiError) => string,
): Buffer {
  const baseUrl = ctx.repository.baseUrl;
  let parsed: ParsedRequest | undefined;
  try {
    if (raw instanceof OaiError) throw raw;
    parsed = parseRequest(decodeArguments(raw));
    const { doc, root } = envelope(baseUrl, ctx.now, { verb: parsed.verb, ...(parsed.args as Record<string, string>) });
    (builders[parsed.verb] as VerbBuilder<VerbName>)(parsed.args, ctx, root);
    return serialise(doc);
  } catch (err) {
    if (!(err instanceof OaiError)) throw err;
    const request =
      err.hidesArguments || !parsed ? null : { verb: parsed.verb, ...(parsed.args as Record<string, string>) };
    const { doc, root } = envelope(baseUrl, ctx.now, request);
    writeError(root, err, message(err));
    return serialise(doc);
  }
}
