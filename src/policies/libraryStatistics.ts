/**
 * Who may see a school library's statistics and indicators: the librarians and admins of the school
 * and of the organisations above it (the department sees all its schools, a school only its own, and
 * nobody another department's schools). Teachers and students may not: the figures name readers' classes.
 */
import type { OrganisationTree } from '../domain/organisation.js';
import { managesOrganisation, type Actor } from './actor.js';

export function canViewLibraryStatistics(actor: Actor, orgId: string, tree: OrganisationTree): boolean {
  return tree.get(orgId) !== undefined && managesOrganisation(actor, orgId, tree);
}
