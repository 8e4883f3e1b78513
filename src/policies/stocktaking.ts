/**
 * Who may take stock of a school library (kiểm kê): open and close sessions, scan, see the result
 * and the record, write missing copies off. Only the librarians and organisation admins of the
 * school or of an organisation above it; the school's teachers are refused, and the staff of
 * another school do not even learn that a session exists (the service answers "not found").
 */
import type { OrganisationTree } from '../domain/organisation.js';
import { type Actor, isStaffOf, managesOrganisation } from './actor.js';

export type StocktakingAction = 'view' | 'open' | 'scan' | 'close' | 'writeOff';
export const stocktakingActions: readonly StocktakingAction[] = ['view', 'open', 'scan', 'close', 'writeOff'];

export function canOnStocktaking(
  actor: Actor,
  _action: StocktakingAction,
  orgId: string,
  tree: OrganisationTree,
): boolean {
  return managesOrganisation(actor, orgId, tree);
}

/** Whether a refusal may say so (403), or must look like nothing is there (404). */
export function seesStocktaking(actor: Actor, orgId: string, tree: OrganisationTree): boolean {
  return isStaffOf(actor, orgId, tree);
}
