/**
 * Feeds the in-memory catalogue index from the database: everything at start-up, then each
 * resource the change feed names, and the views the usage fold counts (`views.follow`). The index
 * is what search, facets, listings and OAI-PMH read.
 */
import { Types } from 'mongoose';
import type { Logger } from '../log.js';
import { ResourceModel, ResourceTextModel, textId, toResource } from '../models/resource.js';
import { CatalogueIndex } from '../search/catalogueIndex.js';
import type { ChangeSubscriber } from './changeFeed.js';
import { FoldedViews } from './usageViews.js';

export class CatalogueReadModel implements ChangeSubscriber {
  private current = new CatalogueIndex();
  private loaded = false;
  readonly views = new FoldedViews((views) => {
    for (const [id, n] of views) this.current.setViews(id, n);
  });

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
    await this.views.reload(async (views) => {
      const fresh = new CatalogueIndex();
      for await (const record of ResourceModel.find({}).lean().cursor({ batchSize: 1000 })) {
        const id = record._id.toHexString();
        fresh.upsert(toResource(record), texts.get(id)?.join('\n') ?? '', views.get(id) ?? 0);
      }
      this.current = fresh;
    });
    this.loaded = true;
    this.log.info({ resources: this.current.size, ms: Date.now() - started }, 'catalogue index loaded');
  }

  async apply(ids: string[]): Promise<void> {
    for (const id of ids) await this.refresh(id);
  }

  /** Re-reads one resource (and its extracted text) into the index. */
  async refresh(id: string): Promise<void> {
    if (!Types.ObjectId.isValid(id)) return;
    const record = await ResourceModel.findById(id).lean();
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
