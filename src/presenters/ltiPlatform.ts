/** LMS platforms and registration links as the LTI admin pages show them. */
import type { LtiPlatform } from '../domain/ltiPlatform.js';
import type { OrganisationTree } from '../domain/organisation.js';

export const ltiPlatformUrl = (platform: Pick<LtiPlatform, 'id'>) =>
  `/admin/lti/platforms/${encodeURIComponent(platform.id)}`;

/** Deployments one a line, as the form takes them back: the id, then the organisation's code when it has its own. */
const deploymentLines = (p: LtiPlatform, tree: OrganisationTree) =>
  p.deployments.map((d) => (d.orgId ? `${d.id} ${tree.get(d.orgId)?.code ?? d.orgId}` : d.id)).join('\n');

export function presentLtiPlatform(p: LtiPlatform, tree: OrganisationTree) {
  return {
    id: p.id,
    url: ltiPlatformUrl(p),
    name: p.name,
    issuer: p.issuer,
    clientId: p.clientId,
    organisation: p.orgId ? (tree.get(p.orgId)?.name ?? p.orgId) : null,
    orgId: p.orgId,
    deploymentIds: deploymentLines(p, tree),
    matchByEmail: p.matchByEmail,
    pending: p.orgId === null,
    dynamic: p.registeredVia === 'dynamic',
  };
}

/** A registration link (its id, for revoking it; the token itself is never shown again). */
export function presentRegistrationLink(
  l: { _id: string; orgId: string | null; expiresAt: Date },
  tree: OrganisationTree,
) {
  return {
    id: l._id,
    organisation: l.orgId ? (tree.get(l.orgId)?.name ?? l.orgId) : null,
    expiresAt: l.expiresAt.toISOString().slice(0, 16).replace('T', ' '),
  };
}

/** The values to paste into the LMS when registering us by hand. */
export const ltiToolValues = (baseUrl: string) => ({
  loginUrl: `${baseUrl}/lti/login`,
  redirectUrl: `${baseUrl}/lti`,
  jwksUrl: `${baseUrl}/lti/keys`,
  deepLinkingUrl: `${baseUrl}/lti`,
});
