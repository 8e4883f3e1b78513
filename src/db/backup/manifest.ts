/**
 * The manifest of a backup archive (manifest.json, its last entry): what the archive holds, with
 * the count and SHA-256 of every entry, checked before a restore writes anything.
 */
import { z } from 'zod';

export const ARCHIVE_FORMAT = 'thu-vien-so-backup';

const sha256 = z.string().regex(/^[0-9a-f]{64}$/);
const entryName = z.string().regex(/^[A-Za-z0-9._\-/]+$/);

const collectionEntry = z.object({ name: z.string().min(1), entry: entryName, count: z.number().int().min(0), sha256 });

const fileEntry = z.object({
  id: z.string().regex(/^[A-Za-z0-9_-]+$/),
  entry: entryName,
  filename: z.string(),
  contentType: z.string(),
  size: z.number().int().min(0),
  sha256,
  uploadedAt: z.iso.datetime(),
});

export const manifestSchema = z.object({
  format: z.literal(ARCHIVE_FORMAT),
  formatVersion: z.literal(1),
  createdAt: z.iso.datetime(),
  app: z.object({ version: z.string() }),
  database: z.object({ name: z.string() }),
  /** The migrations the database had had: a release that lacks one of them cannot restore it. */
  migrations: z.array(z.string()),
  /** The change-feed positions at the start and the end of the reading (see ./snapshot.ts). */
  changeFeed: z.object({ from: z.number().int(), to: z.number().int() }),
  collections: z.array(collectionEntry),
  /** Documents changed while the collections were read, as they were at the end. */
  amendments: collectionEntry.omit({ name: true }),
  files: z.array(fileEntry),
  /** Files that were deleted while the backup ran (their database records may name them). */
  filesGone: z.array(z.string()),
});

export type Manifest = z.infer<typeof manifestSchema>;
export type FileEntry = z.infer<typeof fileEntry>;
export type CollectionEntry = z.infer<typeof collectionEntry>;

export const collectionEntryName = (name: string) => `collections/${name}.ejsonl`;
export const fileEntryName = (id: string) => `files/${id}`;
export const AMENDMENTS_ENTRY = 'amendments.ejsonl';
export const MANIFEST_ENTRY = 'manifest.json';
