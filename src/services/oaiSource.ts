/**
 * Where the provider reads its records: in (datestamp, id) order, filtered by period and set, a
 * page at a time by keyset. Two sources give the same records in the same order:
 * - memory (the embedded default): headers in memory (src/oai/memoryList.ts), each page's
 *   records read from the database by id;
 * - database (when a search engine is configured): the list itself from the database, through the
 *   (oai.datestamp, _id) index, so that no instance holds the whole list.
 */
import { readAll } from '../db/readAll.js';
import type { OaiHeader, OaiItem, OaiPosition } from '../domain/oaiRecord.js';
import type { Resource } from '../domain/resource.js';
import {
  countOaiRecords,
  earliestOaiDatestamp,
  oaiRecordsAfter,
  resourceWithoutAudit,
  toResource,
  type OaiRecordFilter,
  type ResourceRecord,
} from '../models/resource.js';
import type { MemoryOaiList } from './oaiMemoryList.js';

/** A selection: the period, and the set as the database filters it (`inSet` for headers in memory). */
export interface OaiSelection {
  filter: OaiRecordFilter;
  inSet: (h: OaiHeader) => boolean;
}

export interface OaiSource {
  /**
   * Records of the selection after `after`, in order, as long as the caller reads, read `batch` at
   * a time (a page needs one more than its size: a small page must not read a hundred records).
   */
  items(selection: OaiSelection, after: OaiPosition | null, batch?: number): AsyncGenerator<OaiItem>;
  count(selection: OaiSelection): Promise<number>;
  earliest(): Promise<Date | null>;
  /** A listed record (exposed or deleted), never one that was never exposed. */
  find(id: string): Promise<OaiItem | undefined>;
}

export function headerOf(r: Pick<Resource, 'id' | 'orgId' | 'oai' | 'metadata'>): OaiHeader | null {
  if (r.oai.state === 'none' || !r.oai.datestamp) return null;
  const m = r.metadata;
  return {
    id: r.id,
    orgId: r.orgId,
    oai: { ...r.oai, datestamp: r.oai.datestamp },
    level: m.level,
    subject: m.subject,
    type: m.type,
  };
}

function itemOf(record: Omit<ResourceRecord, 'audit'> | null): OaiItem | undefined {
  if (!record) return undefined;
  const r = toResource({ ...record, audit: [] });
  const header = headerOf(r);
  return header ? { ...header, metadata: r.metadata, print: r.print, external: r.external, files: r.files } : undefined;
}

const BATCH = 100;

export class DatabaseOaiSource implements OaiSource {
  async *items(selection: OaiSelection, after: OaiPosition | null, batch = BATCH): AsyncGenerator<OaiItem> {
    let position = after ? { datestamp: new Date(after.datestamp), id: after.id } : null;
    for (;;) {
      const records = await oaiRecordsAfter(selection.filter, position, batch);
      for (const record of records) {
        const item = itemOf(record);
        if (item) yield item;
      }
      if (records.length < batch) return;
      const last = records[records.length - 1]!;
      position = { datestamp: last.oai.datestamp!, id: last._id.toHexString() };
    }
  }

  count(selection: OaiSelection): Promise<number> {
    return countOaiRecords(selection.filter);
  }

  earliest(): Promise<Date | null> {
    return earliestOaiDatestamp();
  }

  async find(id: string): Promise<OaiItem | undefined> {
    return itemOf(await resourceWithoutAudit(id));
  }
}

export class MemoryOaiSource implements OaiSource {
  constructor(private readonly list: MemoryOaiList) {}

  async *items(selection: OaiSelection, after: OaiPosition | null, batch = BATCH): AsyncGenerator<OaiItem> {
    const { from, until } = selection.filter;
    let position = after ?? undefined;
    for (;;) {
      const { entries, more } = this.list.page({
        after: position,
        from: from?.getTime(),
        until: until?.getTime(),
        limit: batch,
        accept: selection.inSet,
      });
      const found = await readAll(entries, (h) => this.find(h.id));
      for (const { record } of found) if (record) yield record;
      if (!more) return;
      const last = entries[entries.length - 1]!;
      position = { datestamp: last.oai.datestamp.getTime(), id: last.id };
    }
  }

  count(selection: OaiSelection): Promise<number> {
    const { from, until } = selection.filter;
    return Promise.resolve(
      this.list.count({ from: from?.getTime(), until: until?.getTime(), accept: selection.inSet }),
    );
  }

  earliest(): Promise<Date | null> {
    return Promise.resolve(this.list.earliest()?.oai.datestamp ?? null);
  }

  async find(id: string): Promise<OaiItem | undefined> {
    return itemOf(await resourceWithoutAudit(id));
  }
}
