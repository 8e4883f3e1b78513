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
/** The usual names of the attributes a portal may leave out: offered for a new portal, hinted for one left empty. */
export const usualOptionalAttributes = { attrUserId: 'uid', attrEmail: 'mail', attrSchoolCode: 'schoolCode' };

/**
 * A portal's settings as its form shows them. An attribute a portal was saved without stays empty
 * (its usual name only a placeholder), so that saving the form unchanged changes nothing.
 */
export function samlIdpFormValues(idp: SamlIdp | null) {
  const m = idp?.mapping;
  const optional = (value: string | null | undefined, usual: string) => (idp ? (value ?? '') : usual);
  return {
    name: idp?.name ?? '',
    orgId: idp?.orgId ?? '',
    attrUserId: optional(m?.userId, usualOptionalAttributes.attrUserId),
    attrEmail: optional(m?.email, usualOptionalAttributes.attrEmail),
    attrDisplayName: m?.displayName ?? 'displayName',
    attrRole: m?.role ?? 'eduPersonAffiliation',
    attrSchoolCode: optional(m?.schoolCode, usualOptionalAttributes.attrSchoolCode),
    placeholders: usualOptionalAttributes,
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
