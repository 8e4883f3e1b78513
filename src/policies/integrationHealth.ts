/**
 * Who may see an organisation's integrations health (harvesters of our OAI-PMH, LMS launches,
 * portal sign-ins, harvest runs): its admins and those above it, as for managing its integrations.
 * Librarians, teachers and students may not: the page names platforms, portals and harvester addresses.
 */
import type { OrganisationTree } from '../domain/organisation.js';
import { administersOrganisation, type Actor } from './actor.js';

export function canViewIntegrationHealth(actor: Actor, orgId: string, tree: OrganisationTree): boolean {
  return tree.get(orgId) !== undefined && administersOrganisation(actor, orgId, tree);
}
