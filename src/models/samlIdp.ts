import { Schema, model } from 'mongoose';
import type { Role } from '../domain/person.js';
import { schemaVersionField } from './schemaVersion.js';

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

/** Which signature a response must carry: on the assertion, on the whole response, or both. */
export type SignatureRequirement = 'assertion' | 'response' | 'both';

/**
 * A portal (SAML identity provider) connected by an admin, bound to an organisation subtree.
 * `_id` is derived from the entity id (src/auth/saml/idps.ts), so finding the IdP that sent a
 * message is a lookup by `_id`.
 */
export interface SamlIdpRecord {
  _id: string;
  entityId: string;
  name: string;
  orgId: string;
  /** Null: the metadata was pasted and is not refreshed. */
  metadataUrl: string | null;
  ssoUrl: string;
  sloUrl: string | null;
  /** Every signing certificate the metadata lists (PEM bodies), so a roll-over needs no action. */
  signingCerts: string[];
  mapping: AttributeMapping;
  signature: SignatureRequirement;
  allowUnsolicited: boolean;
  clockSkewMs: number;
  matchByEmail: boolean;
  metadataFetchedAt: Date;
  /** The last refresh's failure, shown to admins; cleared by a successful refresh. */
  metadataError: string | null;
  createdAt: Date;
  modifiedAt: Date;
}

export const SamlIdpModel = model<SamlIdpRecord>(
  'SamlIdp',
  new Schema<SamlIdpRecord>(
    {
      ...schemaVersionField,
      _id: { type: String, required: true },
      entityId: { type: String, required: true },
      name: { type: String, required: true },
      orgId: { type: String, required: true },
      metadataUrl: { type: String, default: null },
      ssoUrl: { type: String, required: true },
      sloUrl: { type: String, default: null },
      signingCerts: { type: [String], required: true },
      mapping: { type: Schema.Types.Mixed, required: true },
      signature: { type: String, required: true },
      allowUnsolicited: { type: Boolean, default: false },
      clockSkewMs: { type: Number, default: 60_000 },
      matchByEmail: { type: Boolean, default: false },
      metadataFetchedAt: { type: Date, required: true },
      metadataError: { type: String, default: null },
      createdAt: { type: Date, required: true },
      modifiedAt: { type: Date, required: true },
    },
    { versionKey: false, collection: 'saml_idps' },
  ),
);
