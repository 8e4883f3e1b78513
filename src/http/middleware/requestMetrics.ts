/**
 * Counts every answered request by its route pattern (`/resources/:id`, never the URL itself, so a
 * scan of a million URLs adds no series) and status, and times it.
 */
import type { NextFunction, Request, Response } from 'express';
import { requestAnswered } from '../../metrics/index.js';

export function requestMetrics() {
  return (req: Request, res: Response, next: NextFunction): void => {
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      requestAnswered(req.method, routePattern(req, res), res.statusCode, seconds);
    });
    next();
  };
}

/** The pattern that answered: mount point and route path; static files and unknown URLs by kind. */
function routePattern(req: Request, res: Response): string {
  const route = req.route as { path?: unknown } | undefined;
  if (route && typeof route.path === 'string') return `${req.baseUrl}${route.path}`;
  if (req.baseUrl.startsWith('/assets')) return '/assets/*';
  return res.statusCode === 404 ? '(unmatched)' : `${req.baseUrl || ''}/*`;
}
