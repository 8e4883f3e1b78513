/**
 * Feeds the in-memory catalogue index from the database: everything at start-up, then each
 * resource the change feed names. The index is what search, facets, listings and OAI-PMH read.
 */
import { Types } from 'mongoose';
import type { Logger } from '../log.js';
import { readAll } from '../db/readAll.js';
import { ResourceModel, ResourceTextModel, textId, toResource, type ResourceRecord } from '../models/resource.js';
import { ResourceStatsModel } from '../models/usage.js';
import { CatalogueIndex } from '../search/catalogueIndex.js';
import type { ChangeSubscriber } from './changeFeed.js';

export class CatalogueReadModel implements ChangeSubscriber {
  private current = new CatalogueIndex();
  private loaded = false;

  constructor(private readonly log: Logger) {}

  get index(): CatalogueIndex {
    return this.current;
  }

  get ready(): boolean {
    return this.loaded;
  }

  async reloadAll(): Promise<void> {
    const started = Date.now();
    const texts = new Map<string, string[]>();
    for await (const t of ResourceTextModel.find({}).lean().cursor()) {
      const key = t.resourceId.toHexString();
      if (!texts.has(key)) texts.set(key, []);
      texts.get(key)!.push(t.text);
    }
    const views = new Map<string, number>();
    for await (const s of ResourceStatsModel.find({}).lean().cursor()) views.set(s._id.toHexString(), s.views);
    const fresh = new CatalogueIndex();
    for await (const record of ResourceModel.find({}).lean().cursor({ batchSize: 1000 })) {
      const id = record._id.toHexString();
      fresh.upsert(toResource(record), texts.get(id)?.join('\n') ?? '', views.get(id) ?? 0);
    }
    this.current = fresh;
    this.loaded = true;
    this.log.info({ resources: fresh.size, ms: Date.now() - started }, 'catalogue index loaded');
  }

  /** Re-reads these resources, a few at once (a harvested page names a hundred), into the index. */
  async apply(ids: string[]): Promise<void> {
    const valid = [...new Set(ids)].filter((id) => Types.ObjectId.isValid(id));
    const found = await readAll(valid, (id) => ResourceModel.findById(id).lean());
    for (const { key, record } of found) await this.refresh(key, record);
  }

  /** Re-reads one resource's extracted text into the index with it. */
  private async refresh(id: string, record: ResourceRecord | null): Promise<void> {
    if (!record) {
      this.current.remove(id);
      return;
    }
    const resource = toResource(record);
    const texts = await Promise.all(
      resource.files.filter((f) => f.text === 'done').map((f) => ResourceTextModel.findById(textId(id, f.id)).lean()),
    );
    this.current.upsert(resource, texts.map((t) => t?.text ?? '').join('\n'));
  }
}
