/** Who may manage integrations (LTI platforms, SAML portals, harvest sources) where: the admin pages share this. */
import type { Request } from 'express';
import { forbidden } from '../../domain/errors.js';
import { canOnOrganisation } from '../../policies/organisation.js';
import type { OrganisationDirectory } from '../../services/organisationDirectory.js';

export function integrationAccess(tree: OrganisationDirectory) {
  const mayManage = (req: Request, orgId: string) => canOnOrganisation(req.actor, 'manageIntegrations', orgId, tree);
  /** The organisations the person manages integrations of (possibly none). */
  const managedOrganisations = (req: Request) =>
    tree
      .all()
      .filter((o) => mayManage(req, o.id))
      .map((o) => ({ id: o.id, name: o.name }));
  /** The same, for pages that make no sense without one: refused when there is none. */
  const requireManagedOrganisations = (req: Request) => {
    const orgs = managedOrganisations(req);
    if (!orgs.length) throw forbidden();
    return orgs;
  };
  return { mayManage, managedOrganisations, requireManagedOrganisations };
}
