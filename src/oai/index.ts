/**
 * The OAI-PMH 2.0 endpoint at /oai: GET, or POST as application/x-www-form-urlencoded. Reads the
 * arguments strictly, dispatches to the verb's builder, and maps every protocol error in one
 * place. Protocol errors travel in a 200 response. The answer is written out as it is made, in
 * chunks, through gzip when the harvester accepts it, so a page never sits whole in memory twice
 * and compressing one chunk runs (in libuv's threads) while the next is rendered.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { constants, createGzip } from 'node:zlib';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type { Config } from '../../config/index.js';
import type { MetadataFormat } from '../domain/metadataFormat.js';
import type { Services } from '../services/index.js';
import { decodeArguments, parseRequest, type ParsedRequest, type VerbName } from './arguments.js';
import { document, errorXml, type XmlPieces } from './envelope.js';
import { OaiError } from './errors.js';
import { OaiRepository } from './repository.js';
import { TokenSigner } from './tokens.js';
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

/** Bigger bodies are not OAI-PMH requests; they are refused before parsing. */
const MAX_BODY = '64kb';

export function oaiRouter(services: Services, config: Config, formats: readonly MetadataFormat[]): Router {
  const repository = new OaiRepository(services, config, formats);
  const tokens = new TokenSigner(config.secrets.tokenSecret);
  const router = express.Router();

  const answer = async (req: Request, res: Response, raw: string | Buffer | OaiError) => {
    const now = new Date();
    const served = { verb: '', metadataPrefix: null, set: null, items: 0, harvest: null, errorCode: null };
    const pieces = await respond(raw, { repository, tokens, now, served }, (error) =>
      req.t(`oai.errors.${error.code}`),
    );
    const { errorCode, ...facts } = served;
    const harvester = { address: req.ip ?? '', userAgent: (req.get('user-agent') ?? '').slice(0, 200) };
    services.integrationEvents.oaiRequest(harvester, facts, errorCode);
    res.set('Content-Type', 'text/xml; charset=utf-8').set('Vary', 'Accept-Encoding').set('Cache-Control', 'no-store');
    const gzip = !!req.headers['accept-encoding'] && req.acceptsEncodings('gzip', 'identity') === 'gzip';
    if (gzip) res.set('Content-Encoding', 'gzip');
    await send(res, pieces, gzip);
  };

  router.get('/', (req, res, next) => {
    const q = req.originalUrl.indexOf('?');
    answer(req, res, q < 0 ? '' : req.originalUrl.slice(q + 1)).catch(next);
  });
  router.post('/', express.raw({ type: () => true, limit: MAX_BODY }), (req, res, next) => {
    // Only a form body carries arguments; anything else is a request without them.
    const form = Buffer.isBuffer(req.body) && req.is('application/x-www-form-urlencoded') ? req.body : '';
    answer(req, res, form).catch(next);
  });
  router.use((err: unknown, req: Request, res: Response, next: NextFunction) => {
    // A body too large to hold arguments is answered like any other bad argument.
    if ((err as { type?: string } | null)?.type !== 'entity.too.large') return next(err);
    answer(req, res, new OaiError('badArgument', 'request too large')).catch(next);
  });
  return router;
}

/**
 * The whole response for the raw arguments (or an error found before reading them): the verb's answer, or the protocol
 * error.
 */
export async function respond(
  raw: string | Buffer | OaiError,
  ctx: VerbContext,
  message: (error: OaiError) => string,
): Promise<XmlPieces> {
  const baseUrl = ctx.repository.baseUrl;
  let parsed: ParsedRequest | undefined;
  try {
    if (raw instanceof OaiError) throw raw;
    parsed = parseRequest(decodeArguments(raw));
    noteRequest(ctx, parsed);
    const body = await (builders[parsed.verb] as VerbBuilder<VerbName>)(parsed.args, ctx);
    return document(baseUrl, ctx.now, { verb: parsed.verb, ...(parsed.args as Record<string, string>) }, body);
  } catch (err) {
    if (!(err instanceof OaiError)) throw err;
    if (ctx.served) Object.assign(ctx.served, { errorCode: err.code, items: 0 });
    const request =
      err.hidesArguments || !parsed ? null : { verb: parsed.verb, ...(parsed.args as Record<string, string>) };
    return document(baseUrl, ctx.now, request, [errorXml(err, message(err))]);
  }
}

/** Pieces are joined into chunks of about this many characters before they are written. */
const CHUNK = 64 * 1024;

function* chunked(pieces: XmlPieces): Generator<string> {
  let chunk = '';
  for (const piece of pieces) {
    chunk += piece;
    if (chunk.length >= CHUNK) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

/** Writes the answer as it is rendered, waiting for a slow harvester; one that goes away just ends it. */
async function send(res: Response, pieces: XmlPieces, gzip: boolean): Promise<void> {
  const source = Readable.from(chunked(pieces), { objectMode: false });
  try {
    if (gzip) await pipeline(source, createGzip({ level: constants.Z_BEST_SPEED }), res);
    else await pipeline(source, res);
  } catch (err) {
    if (res.destroyed && (err as { code?: string }).code === 'ERR_STREAM_PREMATURE_CLOSE') return;
    throw err;
  }
}

/** The verb, format and set asked for (a list's builder corrects them from its token), for the integrations log. */
function noteRequest({ served }: VerbContext, { verb, args }: ParsedRequest): void {
  if (!served) return;
  const named = args as { metadataPrefix?: string; set?: string };
  Object.assign(served, { verb, metadataPrefix: named.metadataPrefix ?? null, set: named.set ?? null });
  if (verb === 'GetRecord') served.items = 1;
}
