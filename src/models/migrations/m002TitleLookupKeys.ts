/**
 * 002: the lookup keys of the printed titles stored before keys existed (src/models/titleKeys.ts),
 * so imports and copy cataloguing find them by `_id`. It only adds documents to a new collection,
 * which the previous release does not read; run again after a crash half way, it adds what is
 * missing and changes nothing else (a key holds each title once).
 */
import type { Db } from 'mongodb';
import type { Types } from 'mongoose';
import { addTitleKeysIn, type KeyedTitle } from '../titleKeys.js';
import type { Migration } from './migration.js';

const BATCH = 500;

interface PrintedTitle {
  _id: Types.ObjectId;
  orgId: Types.ObjectId;
  metadata: { title: string };
  print: { isbns: { value: string }[] } | null;
}

export const titleLookupKeys: Migration = {
  id: '002-title-lookup-keys',
  description: 'Printed titles get their lookup keys (ISBN-13, title within the school)',
  async run(db: Db) {
    const cursor = db
      .collection<PrintedTitle>('resources')
      .find(
        { print: { $ne: null }, status: { $ne: 'deleted' } },
        { projection: { orgId: 1, 'metadata.title': 1, 'print.isbns': 1 } },
      );
    let batch: KeyedTitle[] = [];
    for await (const r of cursor) {
      if (!r.print || !Array.isArray(r.print.isbns)) continue;
      batch.push({
        id: r._id.toHexString(),
        orgId: r.orgId.toHexString(),
        title: r.metadata.title,
        isbns: r.print.isbns.map((i) => i.value),
      });
      if (batch.length === BATCH) {
        await addTitleKeysIn(db, batch);
        batch = [];
      }
    }
    await addTitleKeysIn(db, batch);
  },
};
