/** Copies of a printed title added to one school's shelf through the copy service, as a librarian would (one intake batch). */
import type { Copy } from '../../src/domain/copy.js';
import type { Actor } from '../../src/policies/actor.js';
import { testContext } from './context.js';

export const intakeBatch = {
  date: '2025-09-05',
  source: 'purchase' as const,
  supplier: null,
  documentNumber: null,
  note: null,
};

export async function addPrintedCopies(actor: Actor, orgId: string, titleId: string, count: number): Promise<Copy[]> {
  const { copies } = await testContext().services.copies.add(actor, titleId, {
    orgId,
    collection: 'TK',
    location: 'KHO',
    numbering: { count },
    batch: intakeBatch,
    price: null,
    volume: null,
    note: null,
  });
  return copies;
}
