/**
 * The migrations, in the order they run: one file each, named by its number.
 *
 * The rules every migration keeps, so that a failure half way leaves the previous release able to
 * run on the database (docs/operations.md, "Upgrades"):
 * - it only adds (fields, collections, indexes, documents); it never removes or renames what the
 *   previous release reads, and it never changes a value that release would read differently.
 *   Dropping what nothing reads any more is a later release's migration, once no instance of the
 *   release that read it runs;
 * - it is idempotent: it selects only documents not yet migrated, so running it again after a
 *   crash half way finishes the job and changes nothing else;
 * - it raises `schemaVersion` on the documents it brings up (src/models/schemaVersion.ts).
 */
import type { Migration } from './migration.js';
import { stampSchemaVersion } from './m001StampSchemaVersion.js';
import { titleLookupKeys } from './m002TitleLookupKeys.js';

export const migrations: readonly Migration[] = [stampSchemaVersion, titleLookupKeys];
