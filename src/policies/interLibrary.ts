/**
 * Who may ask one school's library for another's printed title, and who takes each step of the
 * request. A teacher or a student asks for themself, from a school they belong to, of another
 * school; the librarians (and organisation admins) of the school asked send or refuse and take the
 * copy back, those of the reader's school receive it and may cancel for the reader. A request is
 * seen by its reader and by the librarians of both schools; to anyone else it does not exist.
 */
import {
  partiesOf,
  type InterLibraryParty,
  type InterLibraryRequest,
  type InterLibraryStep,
} from '../domain/interLibrary.js';
import type { OrganisationTree } from '../domain/organisation.js';
import { type Actor, hasRoleOver, managesOrganisation } from './actor.js';

/** Asking: for oneself, as a teacher or student of the borrowing school, of a different school. */
export function canRequestInterLibrary(
  actor: Actor,
  borrowingOrgId: string,
  lendingOrgId: string,
  tree: OrganisationTree,
): boolean {
  if (!actor.personId || borrowingOrgId === lendingOrgId) return false;
  if (tree.get(borrowingOrgId)?.type !== 'school' || tree.get(lendingOrgId)?.type !== 'school') return false;
  if (provinceOf(borrowingOrgId, tree) !== provinceOf(lendingOrgId, tree)) return false;
  return hasRoleOver(actor, borrowingOrgId, readerRoles, tree);
}

const readerRoles = ['teacher', 'student', 'librarian'] as const;

/** The top of a school's tree: its Department of Education. */
const provinceOf = (orgId: string, tree: OrganisationTree) => tree.ancestorIds(orgId)[0] ?? orgId;

type RequestSubject = Pick<InterLibraryRequest, 'requesterId' | 'borrowingOrgId' | 'lendingOrgId'>;

function isParty(actor: Actor, party: InterLibraryParty, request: RequestSubject, tree: OrganisationTree): boolean {
  if (party === 'lender') return managesOrganisation(actor, request.lendingOrgId, tree);
  if (party === 'borrower') return managesOrganisation(actor, request.borrowingOrgId, tree);
  return actor.personId !== null && actor.personId === request.requesterId;
}

export type InterLibraryAction = 'view' | InterLibraryStep;
export const interLibraryActions: readonly InterLibraryAction[] = [
  'view',
  'send',
  'refuse',
  'cancel',
  'receive',
  'return',
];

export function canOnInterLibrary(
  actor: Actor,
  action: InterLibraryAction,
  request: RequestSubject,
  tree: OrganisationTree,
): boolean {
  const parties: readonly InterLibraryParty[] =
    action === 'view' ? ['lender', 'borrower', 'requester'] : partiesOf(action);
  return parties.some((p) => isParty(actor, p, request, tree));
}

/** A school's incoming and outgoing requests: for its librarians. */
export function canListInterLibrary(actor: Actor, orgId: string, tree: OrganisationTree): boolean {
  return managesOrganisation(actor, orgId, tree);
}
