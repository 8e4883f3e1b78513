/** Sign-in portals (SAML identity providers) as the admin pages show them, and their form's values. */
import type { OrganisationTree } from '../domain/organisation.js';
import { defaultRoleValues, type SamlIdp } from '../domain/samlIdp.js';

export const samlIdpUrl = (idp: Pick<SamlIdp, 'id'>) => `/admin/saml/idps/${encodeURIComponent(idp.id)}`;

export function presentSamlIdp(idp: SamlIdp, tree: OrganisationTree) {
  return {
    id: idp.id,
    url: samlIdpUrl(idp),
    name: idp.name,
    entityId: idp.entityId,
    organisation: tree.get(idp.orgId)?.name ?? idp.orgId,
    metadataUrl: idp.metadataUrl,
    metadataFetchedAt: idp.metadataFetchedAt.toISOString(),
    metadataError: idp.metadataError,
    certificates: idp.signingCerts.length,
  };
}

/** The form's values for a portal, or the defaults for a new one. */
export function samlIdpFormValues(idp: SamlIdp | null) {
  const m = idp?.mapping;
  return {
    name: idp?.name ?? '',
    orgId: idp?.orgId ?? '',
    attrUserId: m?.userId ?? 'uid',
    attrEmail: m?.email ?? 'mail',
    attrDisplayName: m?.displayName ?? 'displayName',
    attrRole: m?.role ?? 'eduPersonAffiliation',
    attrSchoolCode: m?.schoolCode ?? 'schoolCode',
    roleValues: Object.entries(m?.roleValues ?? defaultRoleValues)
      .map(([k, v]) => `${k}=${v}`)
      .join('\n'),
    signature: idp?.signature ?? 'assertion',
    allowUnsolicited: idp?.allowUnsolicited ?? false,
    clockSkewSeconds: (idp?.clockSkewMs ?? 60_000) / 1000,
    matchByEmail: idp?.matchByEmail ?? false,
  };
}

/** What to paste into the portal: our service provider's addresses. */
export const samlSpValues = (baseUrl: string) => ({
  metadataUrl: `${baseUrl}/saml/metadata`,
  acsUrl: `${baseUrl}/saml/acs`,
  sloUrl: `${baseUrl}/saml/slo`,
});
