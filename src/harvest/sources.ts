/**
 * Harvest sources as admins register them, and their log of runs. Who may manage a source is the
 * policy's question (`manageIntegrations` on its organisation), asked by the routes.
 */
import { Types } from 'mongoose';
import { OutboundRefused, refusalForAdmin, type OutboundClient } from '../outbound/client.js';
import { notFound } from '../domain/errors.js';
import {
  HarvestRunModel,
  HarvestSourceModel,
  type HarvestRunRecord,
  type HarvestSourceRecord,
} from '../models/harvest.js';

export interface HarvestSourceInput {
  name: string;
  kind: string;
  baseUrl: string;
  metadataPrefix: string;
  set: string | null;
  intervalHours: number;
  orgId: string;
  reexpose: boolean;
}

export class HarvestSources {
  constructor(private readonly outbound: OutboundClient) {}

  /** A source's URL is fetched by the server: one it may not reach is refused on the form, in the admin's language. */
  private async vetUrl(baseUrl: string): Promise<void> {
    try {
      await this.outbound.vet(baseUrl);
    } catch (err) {
      if (err instanceof OutboundRefused) throw refusalForAdmin(err, 'baseUrl');
      throw err;
    }
  }

  /** Every source; a handful per province, so reading them all is cheap. */
  async list(): Promise<HarvestSourceRecord[]> {
    return HarvestSourceModel.find({}).lean<HarvestSourceRecord[]>();
  }

  async get(id: string): Promise<HarvestSourceRecord> {
    const source = Types.ObjectId.isValid(id)
      ? await HarvestSourceModel.findById(id).lean<HarvestSourceRecord>()
      : null;
    if (!source) throw notFound('harvest.notFound');
    return source;
  }

  async create(ownerId: string, input: HarvestSourceInput): Promise<HarvestSourceRecord> {
    await this.vetUrl(input.baseUrl);
    const now = new Date();
    const source = await HarvestSourceModel.create({
      ...input,
      orgId: new Types.ObjectId(input.orgId),
      ownerId: new Types.ObjectId(ownerId),
      nextRunAt: input.intervalHours > 0 ? now : null,
      createdAt: now,
      modifiedAt: now,
    });
    return source.toObject();
  }

  async update(id: string, input: HarvestSourceInput): Promise<HarvestSourceRecord> {
    await this.vetUrl(input.baseUrl);
    const updated = await HarvestSourceModel.findOneAndUpdate(
      { _id: new Types.ObjectId(id) },
      { $set: { ...input, orgId: new Types.ObjectId(input.orgId), modifiedAt: new Date() } },
      { returnDocument: 'after' },
    ).lean<HarvestSourceRecord>();
    if (!updated) throw notFound('harvest.notFound');
    return updated;
  }

  /** Due now: the scheduler (of whichever instance gets the lease) takes it up. */
  async requestRun(id: string): Promise<void> {
    await HarvestSourceModel.updateOne({ _id: new Types.ObjectId(id) }, { $set: { nextRunAt: new Date() } });
  }

  /** The source's recent runs, newest first, each read by `_id`. */
  async runs(source: HarvestSourceRecord): Promise<HarvestRunRecord[]> {
    const runs = await Promise.all(source.runIds.map((id) => HarvestRunModel.findById(id).lean<HarvestRunRecord>()));
    return runs.filter((r): r is HarvestRunRecord => r !== null);
  }

  async run(id: string): Promise<HarvestRunRecord> {
    const run = Types.ObjectId.isValid(id) ? await HarvestRunModel.findById(id).lean<HarvestRunRecord>() : null;
    if (!run) throw notFound('harvest.runNotFound');
    return run;
  }
}
