import { Schema, model } from 'mongoose';
import type { AttributeMapping, SamlIdp, SignatureRequirement } from '../domain/samlIdp.js';
import { schemaVersionField } from './schemaVersion.js';

export type { AttributeMapping, SignatureRequirement };

/** A portal (src/domain/samlIdp.ts); `_id` is derived from the entity id (src/services/samlIdps.ts). */
export interface SamlIdpRecord extends Omit<SamlIdp, 'id'> {
  _id: string;
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
