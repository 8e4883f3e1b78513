/** Every model whose collection and indexes the app prepares at start-up. */
import type { AnyModel } from '../db/index.js';
import type { Purge } from '../db/expiry.js';
import { SessionModel } from './session.js';

export const allModels: AnyModel[] = [SessionModel];

/** Collections whose documents expire (instead of TTL indexes, which FerretDB lacks). */
export const expiringCollections: Purge[] = [{ model: SessionModel, field: 'expiresAt' }];
