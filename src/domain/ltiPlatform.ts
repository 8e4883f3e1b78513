/**
 * Our side of an LMS platform's registration (LTI 1.3): which organisation it belongs to and which
 * deployments we accept. Its id is `${issuer}|${clientId}`, the pair every launch names. `orgId`
 * null = registered dynamically and waiting for one of our admins to confirm the organisation. A
 * deployment may belong to another organisation (a school's deployment on a shared provincial
 * Moodle); without one of its own it belongs to the platform's.
 */
export interface LtiDeployment {
  id: string;
  orgId: string | null;
}

export interface LtiPlatform {
  id: string;
  issuer: string;
  clientId: string;
  name: string;
  orgId: string | null;
  deployments: LtiDeployment[];
  matchByEmail: boolean;
  registeredVia: 'manual' | 'dynamic';
  createdAt: Date;
}

/** What registering a platform takes: ours, and the endpoints ltijs keeps. */
export interface LtiPlatformInput extends Omit<LtiPlatform, 'id' | 'createdAt'> {
  authUrl: string;
  tokenUrl: string;
  jwksUrl: string;
}

export const ltiPlatformId = (issuer: string, clientId: string) => `${issuer}|${clientId}`;

/** The organisation a launch from this deployment belongs to, or null when we do not accept it. */
export function organisationOfDeployment(platform: LtiPlatform | null, deploymentId: string): string | null {
  const deployment = platform?.orgId ? platform.deployments.find((d) => d.id === deploymentId) : undefined;
  return deployment ? (deployment.orgId ?? platform!.orgId) : null;
}

/** One entry per deployment id, trimmed (the last one given wins); blank ids dropped. */
export const uniqueDeployments = (deployments: readonly LtiDeployment[]): LtiDeployment[] => [
  ...new Map(
    deployments.filter((d) => d.id.trim()).map((d) => [d.id.trim(), { id: d.id.trim(), orgId: d.orgId }]),
  ).values(),
];
