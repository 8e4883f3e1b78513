/** Answers 503 straight away while the database connection is down, instead of failing half way. */
import type { NextFunction, Request, Response } from 'express';
import { DomainError } from '../domain/errors.js';
import type { Database } from '../db/index.js';

export function requireDatabase(db: Pick<Database, 'isConnected'>) {
  return (_req: Request, _res: Response, next: NextFunction): void => {
    if (!db.isConnected()) return next(new DomainError('unavailable'));
    next();
  };
}
