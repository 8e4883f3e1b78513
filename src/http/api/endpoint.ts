/**
 * One declaration per API operation: its path, inputs (zod), answers and handler. The router and
 * the OpenAPI document are both built from these declarations, so the document cannot drift from
 * what is mounted.
 */
import type { Router } from 'express';
import { type NextFunction, type Request, type Response } from 'express';
import { z, type ZodType } from 'zod';
import { DomainError } from '../../domain/errors.js';
import { parse } from '../../web/validate.js';

export type Method = 'get' | 'post' | 'put' | 'delete';

export interface Reply {
  status?: number;
  body?: unknown;
  /** The version of the thing answered, sent as `ETag: "<version>"` for optimistic concurrency. */
  version?: number;
}

export interface Call<P, Q, B> {
  req: Request;
  res: Response;
  params: P;
  query: Q;
  body: B;
}

export interface Answer {
  description: string;
  schema?: ZodType;
}

export interface Endpoint {
  method: Method;
  /** Express-style path relative to /api/v1, e.g. `/resources/:id`. */
  path: string;
  tag: string;
  summary: string;
  /** Anonymous callers get 401 before anything else happens. */
  signedIn: boolean;
  params?: ZodType;
  query?: ZodType;
  body?: ZodType;
  /** The operation takes the version it changes from `If-Match` (or the body's `version`). */
  versioned?: boolean;
  success: { status: number } & Answer;
  /** Served by another router (the files upload), listed here so the document stays complete. */
  servedElsewhere?: boolean;
  handle?: (call: Call<unknown, unknown, unknown>) => Promise<Reply>;
}

type Out<T> = T extends ZodType ? z.output<T> : undefined;

export function endpoint<
  P extends ZodType | undefined = undefined,
  Q extends ZodType | undefined = undefined,
  B extends ZodType | undefined = undefined,
>(
  def: Omit<Endpoint, 'params' | 'query' | 'body' | 'handle'> & {
    params?: P;
    query?: Q;
    body?: B;
    handle: (call: Call<Out<P>, Out<Q>, Out<B>>) => Promise<Reply>;
  },
): Endpoint {
  return def as unknown as Endpoint;
}

export function mountEndpoints(router: Router, endpoints: readonly Endpoint[]): void {
  for (const e of endpoints) {
    if (!e.handle) continue;
    const handle = e.handle;
    router[e.method](e.path, async (req: Request, res: Response, next: NextFunction) => {
      try {
        if (e.signedIn && !req.person) throw new DomainError('unauthenticated');
        const call: Call<unknown, unknown, unknown> = {
          req,
          res,
          params: e.params ? parse(e.params, req.params, req) : undefined,
          query: e.query ? parse(e.query, req.query, req) : undefined,
          body: e.body ? parse(e.body, req.body ?? {}, req) : undefined,
        };
        const reply = await handle(call);
        if (reply.version !== undefined) res.setHeader('ETag', `"${reply.version}"`);
        res.setHeader('Cache-Control', 'no-store');
        const status = reply.status ?? e.success.status;
        if (reply.body === undefined) res.status(status).end();
        else res.status(status).json(reply.body);
      } catch (err) {
        next(err);
      }
    });
  }
}

/**
 * The version a change starts from: `If-Match: "<n>"` (what HTTP clients send after reading the
 * ETag) or the body's `version`. Without it a change could silently overwrite someone's edit.
 */
export function expectedVersion(req: Request, bodyVersion: number | undefined): number {
  const header = req.get('if-match');
  if (header !== undefined) {
    const match = /^(?:W\/)?"?(\d{1,9})"?$/.exec(header.trim());
    if (!match)
      throw new DomainError('validation', 'errors.validation', {}, [
        { field: 'If-Match', messageKey: 'api.versionFormat' },
      ]);
    return Number(match[1]);
  }
  if (bodyVersion !== undefined) return bodyVersion;
  throw new DomainError('validation', 'errors.validation', {}, [
    { field: 'version', messageKey: 'api.versionRequired' },
  ]);
}

export const versionField = z.number().int().min(1).optional();
