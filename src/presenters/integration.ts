/** What the integration admin pages (LTI platforms, SAML portals, harvest sources) share. */
import type { Organisation } from '../domain/organisation.js';

/** The organisations offered on a form: id and name only. */
export const presentOrganisationChoices = (orgs: readonly Organisation[]) =>
  orgs.map((o) => ({ id: o.id, name: o.name }));
