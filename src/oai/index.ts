/**
 * The OAI-PMH 2.0 endpoint at /oai: GET, or POST as application/x-www-form-urlencoded. Reads the
 * arguments strictly, dispatches to the verb's builder, and maps every protocol error in one
 * place. Protocol errors travel in a 200 response; the answer is gzipped when the harvester accepts it.
 */
import { constants, gzip } from 'node:zlib';
import { promisify } from 'node:util';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type { Config } from '../../config/index.js';
import type { MetadataFormat } from '../domain/metadataFormat.js';
import type { Services } from '../services/index.js';
import { decodeArguments, parseRequest, type ParsedRequest, type VerbName } from './arguments.js';
import { envelope, serialise, writeError } from './envelope.js';
import { OaiError } from './errors.js';
import { OaiRepository } from './repository.js';
import { TokenSigner } from './tokens.js';
import { getRecord } from './verbs/getRecord.js';
import { identify } from './verbs/identify.js';
import { listIdentifiers, listRecords } from './verbs/list.js';
import { listMetadataFormats } from './verbs/listMetadataFormats.js';
import { listSets } from './verbs/listSets.js';
import type { VerbBuilder, VerbContext } from './verbs/verb.js';

const gzipAsync = promisify(gzip);

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
    const xml = await respond(raw, { repository, tokens, now }, (error) => req.t(`oai.errors.${error.code}`));
    res.set('Content-Type', 'text/xml; charset=utf-8').set('Vary', 'Accept-Encoding').set('Cache-Control', 'no-store');
    if (req.headers['accept-encoding'] && req.acceptsEncodings('gzip', 'identity') === 'gzip') {
      res.set('Content-Encoding', 'gzip').send(await gzipAsync(xml, { level: constants.Z_BEST_SPEED }));
    } else {
      res.send(xml);
    }
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

/** The whole response document for the raw arguments (or an error found before reading them): the verb's answer, or the protocol error. */
export async function respond(
  raw: string | Buffer | OaiError,
  ctx: VerbContext,
  message: (error: OaiError) => string,
): Promise<Buffer> {
  const baseUrl = ctx.repository.baseUrl;
  let parsed: ParsedRequest | undefined;
  try {
    if (raw instanceof OaiError) throw raw;
    parsed = parseRequest(decodeArguments(raw));
    const { doc, root } = envelope(baseUrl, ctx.now, { verb: parsed.verb, ...(parsed.args as Record<string, string>) });
    await (builders[parsed.verb] as VerbBuilder<VerbName>)(parsed.args, ctx, root);
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
