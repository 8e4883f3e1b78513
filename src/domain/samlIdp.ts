/**
 * A sign-in portal (SAML identity provider) connected by an admin, bound to an organisation
 * subtree. Its id is derived from the entity id, so finding the IdP that sent a message is a
 * lookup by id.
 */
import type { Role } from './person.js';

/** Which attribute of an IdP's assertion carries what we need; `userId` null = the NameID. */
export interface AttributeMapping {
  userId: string | null;
  email: string | null;
  displayName: string;
  role: string;
  schoolCode: string | null;
  /** The IdP's role values (lower-cased) → our roles. */
  roleValues: Record<string, Role>;
}

/** The usual role values of Vietnamese portals, offered for a new portal's mapping. */
export const defaultRoleValues: Record<string, Role> = {
  teacher: 'teacher',
  giaovien: 'teacher',
  student: 'student',
  hocsinh: 'student',
  staff: 'teacher',
  nhanvien: 'teacher',
};

/** Which signature a response must carry: on the assertion, on the whole response, or both. */
export type SignatureRequirement = 'assertion' | 'response' | 'both';

/** What an admin sets on the form. */
export interface IdpSettings {
  name: string;
  orgId: string;
  mapping: AttributeMapping;
  signature: SignatureRequirement;
  allowUnsolicited: boolean;
  clockSkewMs: number;
  matchByEmail: boolean;
}

/** What the IdP's metadata says. */
export interface IdpMetadataFields {
  entityId: string;
  ssoUrl: string;
  sloUrl: string | null;
  /** Every signing certificate the metadata lists (PEM bodies), so a roll-over needs no action. */
  signingCerts: string[];
}

export interface SamlIdp extends IdpSettings, IdpMetadataFields {
  id: string;
  /** Null: the metadata was pasted and is not refreshed. */
  metadataUrl: string | null;
  metadataFetchedAt: Date;
  /** The last refresh's failure, shown to admins; cleared by a successful refresh. */
  metadataError: string | null;
  createdAt: Date;
  modifiedAt: Date;
}
