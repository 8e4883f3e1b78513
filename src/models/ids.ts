/**
 * The one place a string id becomes a database id. Services and faces speak string ids (24 hex
 * digits); the models convert at their edge, and a string that cannot be an id finds nothing
 * instead of throwing a cast error.
 */
import { Types } from 'mongoose';

/** Whether `id` can name a document by a database id (what `toDatabaseId` accepts). */
export const isDatabaseId = (id: string): boolean => Types.ObjectId.isValid(id);

export const toDatabaseId = (id: string): Types.ObjectId => new Types.ObjectId(id);

/** A fresh id, as a string: for something named before it is stored (a usage stream, a harvested resource). */
export const newDatabaseId = (): string => new Types.ObjectId().toHexString();

/** Null stays null: an optional reference (a parent). */
export const toDatabaseIdOrNull = (id: string | null | undefined): Types.ObjectId | null =>
  id ? toDatabaseId(id) : null;
