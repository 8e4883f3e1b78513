/** Answers 503 straight away while the database connection is down, instead of failing half way. */
import type { NextFunction, Request, Response } from 'express';
import mongoose from 'mongoose';
import { DomainError } from '../../domain/errors.js';
import type { Database } from '../../db/index.js';

export function requireDatabase(db: Database) {
  return (_req: Request, _res: Response, next: NextFunction): void => {
    if (db.connection.readyState !== mongoose.ConnectionStates.connected) return next(new DomainError('unavailable'));
    next();
  };
}
