/**
 * A reader's own inter-library requests on /my/loans: each with its status, the school asked, the
 * days it was asked and last moved, and a cancel form (with the reason the rules ask) while nothing
 * has been sent. The page itself is myLoans.ts; this file gives it the rows and the cancel form.
 */
import type { Request } from 'express';
import { z } from 'zod';
import { presentInterLibraryRow } from '../../../presenters/interLibraryDesk.js';
import type { Services } from '../../../services/index.js';
import { titlesOf } from '../../titles.js';
import type { FormErrors } from './shared.js';

export const cancelForm = z.object({ reason: z.string().trim().max(500).default('') });

/** A cancel the service refused: the request, what was typed, and the messages by field. */
export interface FailedCancel {
  id: string;
  errors: FormErrors;
  reason: string;
}

export const cancelFieldOf = (path: string) => (path === 'reason' ? 'reason' : '_');

export async function myInterLibraryRows(services: Services, req: Request, failed: FailedCancel | null = null) {
  const requests = await services.interLibrary.mine(req.actor);
  const context = {
    titleOf: await titlesOf(services.search, requests),
    nameOf: () => req.person?.displayName ?? '',
    tree: services.tree,
    actor: req.actor,
    t: req.t,
  };
  return requests.map((r) => {
    const row = presentInterLibraryRow(r, ['cancel'], context);
    return r.id === failed?.id ? { ...row, failed } : row;
  });
}
