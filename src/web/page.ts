/**
 * Shared plumbing of the page routers: async handlers whose errors reach the error page, and the
 * small forms every action posts.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { z } from 'zod';
import { DomainError } from '../domain/errors.js';
import { presentFields } from './errors.js';

export function page(handler: (req: Request, res: Response) => Promise<void>): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    handler(req, res).catch(next);
  };
}

/** Every form that changes a versioned thing carries the version it was based on, so a stale form gets a 409. */
export const versionField = z.object({ version: z.coerce.number().int().min(1) });

/**
 * Runs `attempt`; when it fails validation, returns the field messages (in the person's
 * language, keyed by `fieldOf(path)`) instead of throwing, so the form can be shown again.
 */
export async function withFieldErrors<T>(
  req: Request,
  attempt: () => Promise<T>,
  fieldOf: (path: string) => string = (p) => p,
): Promise<{ ok: true; value: T } | { ok: false; errors: Record<string, string> }> {
  try {
    return { ok: true, value: await attempt() };
  } catch (err) {
    if (!(err instanceof DomainError) || err.code !== 'validation' || err.fields.length === 0) throw err;
    const errors: Record<string, string> = {};
    for (const f of presentFields(err.fields, req.t)) {
      const field = fieldOf(f.field);
      errors[field] = errors[field] ? `${errors[field]} ${f.message}` : f.message;
    }
    return { ok: false, errors };
  }
}
