/**
 * Documents with ids chosen by the caller, in one insert that goes on past duplicates: returns
 * the ids that were already taken (a write repeated after a crash), and throws any other failure.
 * `model` may be a driver's collection (a migration's, on the database it is handed).
 * The documents go as they are (`lean`): built by code with the schema's types, they skip
 * mongoose's per-document hydration and validation, which cost a third of a harvest's CPU.
 */
import { isDuplicateKey } from './errors.js';
import type { Collection, Document, OptionalUnlessRequiredId } from 'mongodb';
import type { AnyModel } from './index.js';

interface WriteFailure {
  code?: number;
  index: number;
}

export async function insertNew<T extends { _id: unknown } & Document>(
  model: AnyModel | Collection<T>,
  documents: readonly T[],
): Promise<unknown[]> {
  if (!documents.length) return [];
  try {
    if ('modelName' in model) await model.insertMany(documents, { ordered: false, lean: true });
    else await model.insertMany(documents as OptionalUnlessRequiredId<T>[], { ordered: false });
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
