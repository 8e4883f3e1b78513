/**
 * The services, built once per process and handed to every face of the app (pages, API, LTI,
 * OAI-PMH, SAML). Start-up loads the in-memory read models and starts following the change feed.
 */
import mongoose from 'mongoose';
import type { Config } from '../../config/index.js';
import { storageBackend } from '../../config/files.js';
import { createStorage } from '../registry/storage.js';
import type { Logger } from '../log.js';
import { AccountService } from './accounts.js';
import { CatalogueReadModel } from './catalogueReadModel.js';
import { ChangeFeed } from './changeFeed.js';
import { CollectionService } from './collections.js';
import { FileService } from './files/index.js';
import { TextQueue } from './files/textQueue.js';
import { OrganisationDirectory } from './organisationDirectory.js';
import { OrganisationService } from './organisations.js';
import { PeopleService } from './people.js';
import { ResourceService } from './resources.js';
import { SearchService } from './search.js';
import { StatisticsService } from './statistics.js';
import { UsageService } from './usage.js';
import { UsageFold } from './usageFold.js';
import { defaultHarvesterOptions, Harvester } from '../harvest/harvester.js';
import { HarvestSources } from '../harvest/sources.js';
import { sourcePlugins } from '../registry/sources.js';

export interface Services {
  config: Config;
  log: Logger;
  changes: ChangeFeed;
  tree: OrganisationDirectory;
  catalogue: CatalogueReadModel;
  resources: ResourceService;
  search: SearchService;
  organisations: OrganisationService;
  accounts: AccountService;
  people: PeopleService;
  statistics: StatisticsService;
  usage: UsageService;
  usageFold: UsageFold;
  collections: CollectionService;
  files: FileService;
  harvester: Harvester;
  harvestSources: HarvestSources;
}

export function createServices(config: Config, log: Logger, options: { pollMs?: number } = {}): Services {
  const changes = new ChangeFeed(log, options.pollMs);
  const tree = new OrganisationDirectory();
  const catalogue = new CatalogueReadModel(log);
  const accounts = new AccountService(tree, changes);
  changes.subscribe('organisation', tree);
  changes.subscribe('resource', catalogue);
  const resources = new ResourceService(tree, changes);
  // The app connects mongoose before any file is stored; the backend resolves the database then.
  const storage = createStorage(storageBackend, { db: () => mongoose.connection.db! });
  return {
    config,
    log,
    changes,
    tree,
    catalogue,
    resources,
    search: new SearchService(catalogue, tree),
    organisations: new OrganisationService(tree, changes),
    accounts,
    people: new PeopleService(tree, accounts),
    statistics: new StatisticsService(catalogue, tree),
    usage: new UsageService(log),
    usageFold: new UsageFold(log, { cadenceMs: config.usageFoldMs }),
    collections: new CollectionService(tree, catalogue),
    files: new FileService(storage, resources, new TextQueue(storage, resources, log), config.uploadMaxBytes, log),
    harvester: new Harvester(resources, log, sourcePlugins, {
      ...defaultHarvesterOptions,
      leaseMs: config.harvestLeaseMs,
    }),
    harvestSources: new HarvestSources(),
  };
}

/** How often an instance looks for views counted by the usage fold (which may run on another instance). */
const FOLLOW_USAGE_MS = 5_000;

/** Loads what instances keep in memory, then follows the change feed and the usage fold. */
export async function startServices(services: Services): Promise<void> {
  await services.changes.markStart();
  await services.tree.reloadAll();
  await services.catalogue.reloadAll();
  services.changes.start();
  const { catalogue, config } = services;
  services.usageFold.start(() => catalogue.views.follow(), Math.min(FOLLOW_USAGE_MS, config.usageFoldMs));
}

export async function stopServices(services: Services): Promise<void> {
  await services.changes.stop();
  await services.usageFold.stop();
  await services.usage.stop();
}
