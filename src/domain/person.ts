export type Role = 'org_admin' | 'librarian' | 'teacher' | 'student';
export const roles: readonly Role[] = ['org_admin', 'librarian', 'teacher', 'student'];

export interface Membership {
  orgId: string;
  role: Role;
}

export interface Person {
  id: string;
  displayName: string;
  email: string | null;
  memberships: Membership[];
  /** Manages the whole installation, every organisation included. */
  systemAdmin: boolean;
  disabled: boolean;
  createdAt: Date;
  modifiedAt: Date;
  lastLoginAt: Date | null;
}

/** How someone signed in: the same person may have several identities (local, SAML, LTI). */
export type IdentityProvider = 'local' | 'saml' | 'lti';

/**
 * The key of one way a person signs in: `local|{username}`, `saml|{idpId}|{nameId}`,
 * `lti|{issuer}|{subject}`. Stored as the identity's id, so sign-in is a lookup by id.
 */
export function identityKey(provider: IdentityProvider, ...parts: string[]): string {
  return [provider, ...parts].join('|');
}
