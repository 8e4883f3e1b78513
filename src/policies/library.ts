/**
 * Who may do what in a school library's printed collection. Cataloguing a printed title, managing
 * copies and the library's settings are for the librarians and organisation admins of the school
 * or of an organisation above it; teachers of the school may look at its copies; nobody of another
 * school may touch them. Whether a change is possible in the copy's current state (a withdrawn copy
 * is frozen) is the domain's question (src/domain/copy.ts), answered as a conflict, not here.
 */
import type { OrganisationTree } from '../domain/organisation.js';
import { type Actor, isStaffOf, managesOrganisation } from './actor.js';

export type LibraryAction = 'catalogue' | 'manageCopies' | 'viewCopies' | 'configure' | 'viewRegisters';
export const libraryActions: readonly LibraryAction[] = [
  'catalogue',
  'manageCopies',
  'viewCopies',
  'configure',
  'viewRegisters',
];

export function canOnLibrary(actor: Actor, action: LibraryAction, orgId: string, tree: OrganisationTree): boolean {
  switch (action) {
    case 'viewCopies':
      return isStaffOf(actor, orgId, tree);
    case 'catalogue':
    case 'manageCopies':
    case 'configure':
    case 'viewRegisters':
      return managesOrganisation(actor, orgId, tree);
  }
}

export type CopyAction = 'view' | 'changeStatus' | 'withdraw' | 'edit';
export const copyActions: readonly CopyAction[] = ['view', 'changeStatus', 'withdraw', 'edit'];

/** The part of a copy the rules look at: the school that owns it. */
export interface CopySubject {
  orgId: string;
}

export function canOnCopy(actor: Actor, action: CopyAction, copy: CopySubject, tree: OrganisationTree): boolean {
  return action === 'view'
    ? canOnLibrary(actor, 'viewCopies', copy.orgId, tree)
    : canOnLibrary(actor, 'manageCopies', copy.orgId, tree);
}
