/**
 * 001: documents written before schema versions existed get `schemaVersion: 1`. Nothing else
 * changes, so the release before this one (which ignores the field) runs on the result as before.
 */
import { versionedCollections } from '../schemaVersion.js';
import type { Migration } from './migration.js';

export const stampSchemaVersion: Migration = {
  id: '001-stamp-schema-version',
  description: 'Documents from before schema versions carry schemaVersion 1',
  async run(db) {
    for (const name of versionedCollections) {
      await db.collection(name).updateMany({ schemaVersion: { $exists: false } }, { $set: { schemaVersion: 1 } });
    }
  },
};
