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
import { CopyService } from './library/copies.js';
import { HoldingsReadModel } from './library/holdings.js';
import { PrintEditions } from './library/printEditions.js';
import { RegisterService } from './library/registers.js';
import { LibrarySettingsService } from './library/settings.js';
import { ImportService } from './library/imports/importService.js';
import { ImportWorker } from './library/imports/importWorker.js';
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
  collections: CollectionService;
  files: FileService;
  harvester: Harvester;
  harvestSources: HarvestSources;
  /** The printed collection: per-school settings, the general register, copies and who holds what. */
  librarySettings: LibrarySettingsService;
  registers: RegisterService;
  copies: CopyService;
  holdings: HoldingsReadModel;
  /** Catalogue files (MARC21, MARCXML) imported as background jobs, and catalogues exported. */
  imports: ImportService;
}

export function createServices(
  config: Config,
  log: Logger,
  options: { pollMs?: number; importLeaseMs?: number } = {},
): Services {
  const changes = new ChangeFeed(log, options.pollMs);
  const tree = new OrganisationDirectory();
  const catalogue = new CatalogueReadModel(log);
  const accounts = new AccountService(tree, changes);
  changes.subscribe('organisation', tree);
  changes.subscribe('resource', catalogue);
  const holdings = new HoldingsReadModel(log);
  changes.subscribe('copy', holdings);
  const librarySettings = new LibrarySettingsService(tree);
  const registers = new RegisterService(tree);
  const resources = new ResourceService(tree, changes, new PrintEditions(librarySettings, holdings));
  // The app connects mongoose before any file is stored; the backend resolves the database then.
  const storage = createStorage(storageBackend, { db: () => mongoose.connection.db! });
  const copies = new CopyService(tree, changes, resources, librarySettings, registers, holdings);
  const importDeps = { tree, resources, copies, registers, settings: librarySettings, storage, log };
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
    usage: new UsageService(catalogue, log),
    collections: new CollectionService(tree, catalogue),
    files: new FileService(storage, resources, new TextQueue(storage, resources, log), config.uploadMaxBytes, log),
    harvester: new Harvester(resources, log, sourcePlugins, {
      ...defaultHarvesterOptions,
      leaseMs: config.harvestLeaseMs,
    }),
    harvestSources: new HarvestSources(),
    librarySettings,
    registers,
    copies,
    holdings,
    imports: new ImportService(importDeps, new ImportWorker(importDeps, options.importLeaseMs ?? 2 * 60_000)),
  };
}

/** Loads what instances keep in memory, then follows the change feed. */
export async function startServices(services: Services): Promise<void> {
  await services.changes.markStart();
  await services.tree.reloadAll();
  await services.catalogue.reloadAll();
  await services.holdings.reloadAll();
  services.changes.start();
}

export async function stopServices(services: Services): Promise<void> {
  await services.changes.stop();
  await services.usage.flush();
}
