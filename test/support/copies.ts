/** Copies of a printed title added to a school in one intake batch, as a librarian adds them (tests' fixture). */
import type { Organisation } from '../../src/domain/organisation.js';
import type { Actor } from '../../src/policies/actor.js';
import { testContext } from './context.js';

export async function addTestCopies(librarian: Actor, school: Organisation, resourceId: string, count: number) {
  const added = await testContext().services.copies.add(librarian, resourceId, {
    orgId: school.id,
    collection: 'TK',
    location: 'KHO',
    numbering: { count },
    batch: { supplier: null, note: null, date: '2025-01-05', source: 'purchase', documentNumber: null } as never,
    price: 10_000,
    volume: null,
    note: null,
  });
  return added.copies.map((c) => c.barcode);
}
