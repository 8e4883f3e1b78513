/**
 * Harvest sources as admins register them, and their log of runs, for the person asking: each
 * method takes the actor, and the integration policy decides (`manageIntegrations` on the
 * organisation that owns the imported records).
 */
import { OutboundRefused, refusalForAdmin, type OutboundClient } from '../../outbound/client.js';
import { notFound } from '../../domain/errors.js';
import type { HarvestRun, HarvestSource, HarvestSourceSettings } from '../../domain/harvest.js';
import type { Organisation } from '../../domain/organisation.js';
import {
  allHarvestSources,
  findHarvestRun,
  findHarvestSource,
  harvestRunsById,
  insertHarvestSource,
  markHarvestDue,
  updateHarvestSourceSettings,
} from '../../models/harvestSources.js';
import type { Actor } from '../../policies/actor.js';
import { IntegrationAccess, type IntegrationTree } from '../integrations/access.js';

/** What an admin sets on the form (the domain's settings). */
export type HarvestSourceInput = HarvestSourceSettings;

export class HarvestSources {
  private readonly access: IntegrationAccess;

  constructor(
    private readonly outbound: OutboundClient,
    tree: IntegrationTree,
  ) {
    this.access = new IntegrationAccess(tree);
  }

  /** A source's URL is fetched by the server: one it may not reach is refused on the form, in the admin's language. */
  private async vetUrl(baseUrl: string): Promise<void> {
    try {
      await this.outbound.vet(baseUrl);
    } catch (err) {
      if (err instanceof OutboundRefused) throw refusalForAdmin(err, 'baseUrl');
      throw err;
    }
  }

  /** The organisations the actor may register sources for; refused when there is none. */
  organisations(actor: Actor): Organisation[] {
    return this.access.organisations(actor);
  }

  /** The sources the actor manages. */
  async list(actor: Actor): Promise<HarvestSource[]> {
    this.access.organisations(actor);
    return this.access.filter(actor, await allHarvestSources());
  }

  async get(actor: Actor, id: string): Promise<HarvestSource> {
    this.access.organisations(actor);
    const source = await findHarvestSource(id);
    if (!source) throw notFound('harvest.notFound');
    this.access.check(actor, source);
    return source;
  }

  /** A new source owned by the actor (the imported resources will be theirs). */
  async create(actor: Actor, input: HarvestSourceInput): Promise<HarvestSource> {
    this.access.organisations(actor);
    this.access.check(actor, input);
    await this.vetUrl(input.baseUrl);
    return insertHarvestSource(actor.personId!, input);
  }

  async update(actor: Actor, id: string, input: HarvestSourceInput): Promise<HarvestSource> {
    await this.get(actor, id);
    this.access.check(actor, input);
    await this.vetUrl(input.baseUrl);
    const updated = await updateHarvestSourceSettings(id, input);
    if (!updated) throw notFound('harvest.notFound');
    return updated;
  }

  /** Due now: the scheduler (of whichever instance gets the lease) takes it up. */
  async requestRun(actor: Actor, id: string): Promise<HarvestSource> {
    const source = await this.get(actor, id);
    await markHarvestDue(source.id);
    return source;
  }

  /** The source's recent runs, newest first (the source as `get` gave it: already checked). */
  runs(source: HarvestSource): Promise<HarvestRun[]> {
    return harvestRunsById(source.runIds);
  }

  /** One run, by its id (for the harvester's callers; no person involved). */
  async run(id: string): Promise<HarvestRun> {
    const run = await findHarvestRun(id);
    if (!run) throw notFound('harvest.runNotFound');
    return run;
  }
}
