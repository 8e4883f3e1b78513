/**
 * Who may do what at a school library's desk. Lending, taking back, renewing for someone, seeing a
 * patron's loans and setting the loan rules are for the librarians and organisation admins of the
 * school or of an organisation above it. A person sees their own loans and holds, renews their own
 * loans and places holds at a school they belong to. A patron of one school is invisible to
 * another school's librarian: the desk answers "not found", as for copies.
 */
import type { OrganisationTree } from '../domain/organisation.js';
import { type Actor, belongsOver, managesOrganisation } from './actor.js';

export type DeskAction = 'lend' | 'configureCirculation';
export const deskActions: readonly DeskAction[] = ['lend', 'configureCirculation'];

export function canAtDesk(actor: Actor, _action: DeskAction, orgId: string, tree: OrganisationTree): boolean {
  return managesOrganisation(actor, orgId, tree);
}

export type PatronAction = 'viewLoans' | 'renew' | 'placeHold';
export const patronActions: readonly PatronAction[] = ['viewLoans', 'renew', 'placeHold'];

/** The patron: a person in a school. */
export interface PatronSubject {
  personId: string;
  orgId: string;
}

export function canOnPatron(
  actor: Actor,
  action: PatronAction,
  patron: PatronSubject,
  tree: OrganisationTree,
): boolean {
  if (managesOrganisation(actor, patron.orgId, tree)) return true;
  if (actor.personId !== patron.personId) return false;
  // Self-service: one's own loans anywhere; renewals and holds at a school one belongs to.
  return action === 'viewLoans' || belongsOver(actor, patron.orgId, tree);
}
