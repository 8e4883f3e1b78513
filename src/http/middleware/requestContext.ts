/**
 * Gives each request an id (the caller's X-Request-Id when it is a sane token, else a new UUID),
 * echoes it in the response, and runs the rest of the request in a log scope carrying it.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import { pinoHttp } from 'pino-http';
import { runInRequestScope, type Logger } from '../../log.js';

const acceptableId = /^[A-Za-z0-9._-]{8,128}$/;

/**
 * An LTI launch token in a query string (`?ltik=`) and a simulation's ticket are credentials: the logs keep only that
 * there was one.
 */
export const withoutCredentials = (url: string) =>
  url.replace(/([?&]ltik=)[^&#]*/g, '$1[redacted]').replace(/^(\/sim\/[^/]+\/[^/]+\/)[^/]+/, '$1[redacted]');

export function requestContext(log: Logger) {
  const httpLog = pinoHttp({
    logger: log,
    genReqId: (req: IncomingMessage, res: ServerResponse) => {
      const given = req.headers['x-request-id'];
      const id = typeof given === 'string' && acceptableId.test(given) ? given : randomUUID();
      res.setHeader('X-Request-Id', id);
      return id;
    },
    // the mixin in src/log.ts adds reqId to every line, this one included
    quietReqLogger: false,
    customLogLevel: (_req, res, err) =>
      err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'info' : 'info',
    autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/readyz' },
    serializers: {
      req: (req: { method: string; url: string }) => ({ method: req.method, url: withoutCredentials(req.url) }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  });
  return (req: Request, res: Response, next: NextFunction): void => {
    httpLog(req, res, () => runInRequestScope(String(req.id), next));
  };
}
