/**
 * The shape version stored documents carry. A document written by this release has the current
 * one; a migration (src/models/migrations) that changes a shape raises it and brings older documents up.
 */
export const SCHEMA_VERSION = 1;

/** Spread into a schema's fields: every document written through the model records its version. */
export const schemaVersionField = { schemaVersion: { type: Number, default: SCHEMA_VERSION } } as const;

/** The collections whose documents carry a schema version. */
export const versionedCollections = [
  'organisations',
  'people',
  'identities',
  'resources',
  'collections',
  'harvestsources',
  'lti_registrations',
  'saml_idps',
  'copies',
  'registerentries',
  'librarysettings',
  'importjobs',
] as const;
