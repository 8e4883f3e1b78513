/** The policy's search visibility (src/policies/resourceVisibility.ts) as a test of one entry. */
import type { Visibility } from '../port.js';
import type { LeanEntry } from './entries.js';

const ANY = 'any';

export type EntryTest = (e: LeanEntry) => boolean;

/** Also narrows to one owner and some organisations when asked. */
export function visibilityTest(visibility: Visibility, ownerId?: string, orgIds?: readonly string[]): EntryTest {
  // (scope, status, owned, granted) → organisations (or any).
  const rules = new Map<string, ReadonlySet<string> | typeof ANY>();
  for (const r of visibility.rules)
    rules.set(keyOf(r.scope, r.status, r.owned, r.granted), r.orgIds ? new Set(r.orgIds) : ANY);
  const granted = new Set(visibility.grantedIds);
  const narrowOrgs = orgIds ? new Set(orgIds) : null;
  const person = visibility.personId;
  return (e) => {
    if (ownerId !== undefined && e.ownerId !== ownerId) return false;
    if (narrowOrgs && !narrowOrgs.has(e.orgId)) return false;
    const orgs = rules.get(keyOf(e.scope, e.status, person !== null && e.ownerId === person, granted.has(e.id)));
    return orgs === ANY || (orgs !== undefined && orgs.has(e.orgId));
  };
}

/** Whether the rules let everyone of the entry's kind be seen without regard to owner or grant. */
export function bucketTest(visibility: Visibility): (orgId: string, scope: string, status: string) => boolean {
  const rules = new Map<string, ReadonlySet<string> | typeof ANY>();
  for (const r of visibility.rules)
    if (!r.owned && !r.granted) rules.set(keyOf(r.scope, r.status, false, false), r.orgIds ? new Set(r.orgIds) : ANY);
  return (orgId, scope, status) => {
    const orgs = rules.get(keyOf(scope, status, false, false));
    return orgs === ANY || (orgs !== undefined && orgs.has(orgId));
  };
}

const keyOf = (scope: string, status: string, owned: boolean, granted: boolean) =>
  `${scope}|${status}|${owned ? 1 : 0}|${granted ? 1 : 0}`;
