/**
 * Documents with ids chosen by the caller, in one insert that goes on past duplicates: returns
 * the ids that were already taken (a write repeated after a crash), and throws any other failure.
 * The documents go as they are (`lean`): built by code with the schema's types, they skip
 * mongoose's per-document hydration and validation, which cost a third of a harvest's CPU.
 */
import { isDuplicateKey } from './errors.js';
import type { AnyModel } from './index.js';

interface WriteFailure {
  code?: number;
  index: number;
}

export async function insertNew<T extends { _id: unknown }>(
  model: AnyModel,
  documents: readonly T[],
): Promise<unknown[]> {
  if (!documents.length) return [];
  try {
    await model.insertMany(documents, { ordered: false, lean: true });
    return [];
  } catch (err) {
    const failures = (err as { writeErrors?: WriteFailure[] }).writeErrors ?? [];
    if (!failures.length || !failures.every((f) => f.code === 11000)) {
      if (isDuplicateKey(err) && documents.length === 1) return [documents[0]!._id];
      throw err;
    }
    return failures.map((f) => documents[f.index]!._id);
  }
}
