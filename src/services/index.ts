/**
 * The services, built once per process and handed to every face of the app (pages, API, LTI,
 * OAI-PMH, SAML). Start-up loads the in-memory read models and starts following the change feed.
 */
import { createHash } from 'node:crypto';
import type { Config } from '../../config/index.js';
import { storageBackend } from '../../config/files.js';
import { createStorage } from '../registry/storage.js';
import type { Logger } from '../log.js';
import { AccountService } from './accounts.js';
import { MemoryOaiList } from './oaiMemoryList.js';
import { MemoryEngine } from '../search/memory/memoryEngine.js';
import { OpenSearchEngine } from '../search/opensearch/openSearchEngine.js';
import type { SearchEngine } from '../search/port.js';
import { SearchFeeder, type PlacesOf } from './searchFeeder.js';
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
import { CopyService } from './library/copies.js';
import { HoldingsReadModel } from './library/holdings.js';
import { LabelService } from './library/labels.js';
import { CopyFollower } from './library/copyFollower.js';
import { PrintEditions } from './library/printEditions.js';
import { RegisterService } from './library/registers.js';
import { LibrarySettingsService } from './library/settings.js';
import { defaultHarvesterOptions, Harvester } from './harvest/harvester.js';
import { HarvestSources } from './harvest/sources.js';
import { SamlIdpService } from './samlIdps.js';
import { ImportService } from './library/imports/importService.js';
import { ImportWorker } from './library/imports/importWorker.js';
import { CirculationService } from './library/circulation.js';
import { CirculationSettingsService } from './library/circulationSettings.js';
import { HoldService } from './library/holds.js';
import { PatronService } from './library/patrons.js';
import { DeskService } from './library/desk.js';
import { ClassSetService } from './library/classSets.js';
import { LibraryCardService } from './library/libraryCards.js';
import { RegisterReportService } from './library/registerReports.js';
import { HoldNotices } from './library/holdNotices.js';
import { InterLibraryService } from './library/interLibrary.js';
import { InterLibraryNotices } from './library/interLibraryNotices.js';
import { createMailer } from './mailer.js';
import { sourcePlugins } from '../registry/sources.js';
import { connectedDb } from '../db/index.js';
import { OutboundClient } from '../outbound/client.js';
import { LtiRegistrationLinks } from './ltiRegistrationLinks.js';
import { IntegrationEventLog } from './integrationEvents.js';
import { IntegrationHealthService } from './integrationHealth.js';
import { ClassListImport } from './library/classes/classListImport.js';
import { SchoolClassService } from './library/classes/schoolClasses.js';
import { ClassListDefinitionService } from './library/classes/classListDefinition.js';
import { FiguresWarmer } from './library/figuresWarmer.js';
import { OverdueByClassService } from './library/classes/overduesByClass.js';
import { StocktakingService } from './library/stocktaking.js';
import { StocktakingWriteOffService } from './library/stocktakingWriteOff.js';
import { StocktakingRecordService } from './library/stocktakingRecord.js';
import { LibraryStatisticsService } from './library/statistics.js';
import { SearchSnapshots } from './searchSnapshot.js';
import { DeskChargeService } from './library/deskCharges.js';
import { ReplacementCopyService } from './library/replacementCopy.js';
import { killAfterStep } from './faultPoints.js';
import { InterLibraryLoans } from './library/interLibraryLoans.js';
import { PatronRecordService } from './library/patronRecord.js';

export interface Services {
  config: Config;
  log: Logger;
  changes: ChangeFeed;
  tree: OrganisationDirectory;
  /** Feeds the search engine from the database and the change feed. */
  catalogue: SearchFeeder;
  searchEngine: SearchEngine;
  /** The in-memory OAI-PMH list of the embedded default; none when a search engine is configured. */
  oaiList: MemoryOaiList | undefined;
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
  samlIdps: SamlIdpService;
  /** The printed collection: per-school settings, the general register, copies and who holds what. */
  librarySettings: LibrarySettingsService;
  registers: RegisterService;
  copies: CopyService;
  holdings: HoldingsReadModel;
  labels: LabelService;
  /** Every request to a URL that others name goes through it (src/outbound). */
  outbound: OutboundClient;
  ltiRegistrationLinks: LtiRegistrationLinks;
  /** The integrations log (LTI, SAML, OAI-PMH, harvests), written behind the requests. */
  integrationEvents: IntegrationEventLog;
  integrationHealth: IntegrationHealthService;
  /** Catalogue files (MARC21, MARCXML) imported as background jobs, and catalogues exported. */
  imports: ImportService;
  /** The desk: patrons, loan rules and calendars, loans and holds. */
  patrons: PatronService;
  circulationSettings: CirculationSettingsService;
  circulation: CirculationService;
  holds: HoldService;
  desk: DeskService;
  classSets: ClassSetService;
  libraryCards: LibraryCardService;
  /** Students' classes per school year: class lists, the new school year. */
  schoolClasses: SchoolClassService;
  classLists: ClassListImport;
  overdueByClass: OverdueByClassService;
  /** The registers as documents: general, individual, loans, withdrawal records. */
  registerReports: RegisterReportService;
  /** Requests for a printed title between the schools of a province. */
  interLibrary: InterLibraryService;
  /** Stocktaking (kiểm kê): sessions and scans, writing missing copies off, the printable record. */
  stocktaking: StocktakingService;
  stocktakingWriteOff: StocktakingWriteOffService;
  stocktakingRecords: StocktakingRecordService;
  /** A school library's statistics, the department's overview and the sector export. */
  libraryStatistics: LibraryStatisticsService;
  /** The memory engine's snapshot on disk; none with OpenSearch or SEARCH_SNAPSHOT_SECONDS=0. */
  searchSnapshots: SearchSnapshots | undefined;
  /** Lost and damaged copies, fines and replacements at the desk. */
  deskCharges: DeskChargeService;
  /** A lost copy's replacement recorded as a new copy (the lost one withdrawn). */
  replacementCopies: ReplacementCopyService;
  /** A librarian's page for one patron: card, classes, loans, holds, history, charges. */
  patronRecords: PatronRecordService;
  /** A school's own list of classes per school year. */
  classListDefinitions: ClassListDefinitionService;
  /** Every school's dashboard figures counted ahead on a cadence (started by the server). */
  figuresWarmer: FiguresWarmer;
}

export function createServices(
  config: Config,
  log: Logger,
  options: { pollMs?: number; importLeaseMs?: number } = {},
): Services {
  const changes = new ChangeFeed(log, options.pollMs);
  const tree = new OrganisationDirectory();
  const holdings = new HoldingsReadModel(log);
  const { engine, catalogue, oaiList, snapshots } = searchParts(config, log, changes, holdings);
  const accounts = new AccountService(tree, changes);
  changes.subscribe('organisation', tree);
  changes.subscribe('resource', catalogue);
  changes.subscribe('copy', new CopyFollower(holdings, catalogue));
  const librarySettings = new LibrarySettingsService(tree, changes);
  const registers = new RegisterService(tree);
  const resources = new ResourceService(tree, changes, new PrintEditions(librarySettings, holdings));
  const copies = new CopyService(tree, changes, resources, librarySettings, registers, holdings);
  const patrons = new PatronService(tree, accounts);
  const circulationSettings = new CirculationSettingsService(tree, changes);
  const search = new SearchService(engine, tree);
  const mailer = createMailer(config.smtpUrl, config.adminEmail, log);
  const holds = new HoldService(tree, circulationSettings, new HoldNotices(accounts, search, tree, mailer));
  const circulation = new CirculationService(patrons, copies, librarySettings, circulationSettings, holds);
  const deskCharges = new DeskChargeService(circulation, copies, circulationSettings, patrons);
  // The app connects mongoose before any file is stored; the backend resolves the database then.
  const storage = createStorage(storageBackend, { db: connectedDb });
  const outbound = new OutboundClient({ allow: config.outboundAllow });
  const integrationEvents = new IntegrationEventLog(tree, log);
  const stocktaking = new StocktakingService(tree, librarySettings);
  const libraryStatistics = new LibraryStatisticsService(tree);
  const importDeps = { tree, resources, copies, holdings, registers, settings: librarySettings, storage, log };
  return {
    config,
    log,
    changes,
    tree,
    catalogue,
    searchEngine: engine,
    oaiList,
    resources,
    search,
    organisations: new OrganisationService(tree, changes),
    accounts,
    people: new PeopleService(tree, accounts),
    statistics: new StatisticsService(engine, tree),
    usage: new UsageService(log),
    usageFold: new UsageFold(log, { cadenceMs: config.usageFoldMs }),
    collections: new CollectionService(tree, engine),
    files: new FileService(storage, resources, new TextQueue(storage, resources, log), config.uploadMaxBytes, log),
    harvester: new Harvester(resources, log, sourcePlugins, {
      ...defaultHarvesterOptions,
      leaseMs: config.harvestLeaseMs,
      outbound,
      events: integrationEvents,
    }),
    harvestSources: new HarvestSources(outbound, tree),
    samlIdps: new SamlIdpService(outbound, tree),
    outbound,
    ltiRegistrationLinks: new LtiRegistrationLinks(),
    librarySettings,
    registers,
    copies,
    holdings,
    integrationEvents,
    integrationHealth: new IntegrationHealthService(tree),
    labels: new LabelService(tree, resources, registers),
    imports: new ImportService(importDeps, new ImportWorker(importDeps, options.importLeaseMs ?? config.importLeaseMs)),
    patrons,
    circulationSettings,
    circulation,
    holds,
    desk: new DeskService(patrons, circulation, copies, deskCharges),
    classSets: new ClassSetService(patrons, copies, circulation, circulationSettings),
    libraryCards: new LibraryCardService(tree, patrons),
    schoolClasses: new SchoolClassService(patrons, circulationSettings),
    classLists: new ClassListImport(patrons, changes),
    overdueByClass: new OverdueByClassService(circulation, new SchoolClassService(patrons, circulationSettings)),
    registerReports: new RegisterReportService(
      tree,
      resources,
      librarySettings,
      accounts,
      circulationSettings,
      holdings,
    ),
    interLibrary: new InterLibraryService(
      tree,
      resources,
      copies,
      holdings,
      new InterLibraryNotices(accounts, search, tree, mailer),
      new InterLibraryLoans(patrons, circulationSettings),
    ),
    stocktaking,
    stocktakingWriteOff: new StocktakingWriteOffService(stocktaking, copies, registers),
    stocktakingRecords: new StocktakingRecordService(tree, stocktaking, librarySettings, search),
    libraryStatistics,
    searchSnapshots: snapshots,
    deskCharges,
    replacementCopies: new ReplacementCopyService(
      copies,
      deskCharges,
      registers,
      killAfterStep(config.testKillAfterStep),
    ),
    patronRecords: new PatronRecordService(patrons),
    classListDefinitions: new ClassListDefinitionService(patrons),
    figuresWarmer: new FiguresWarmer(libraryStatistics, log),
  };
}

/** How often an instance looks for views counted by the usage fold (which may run on another instance). */
const FOLLOW_USAGE_MS = 5_000;

/** The search engine the configuration names, and what feeds it. */
function searchParts(config: Config, log: Logger, changes: ChangeFeed, holdings: HoldingsReadModel) {
  const placesOf: PlacesOf = (id) => holdings.placesOf(id);
  if (config.search.openSearchUrl) {
    const engine = new OpenSearchEngine({ url: config.search.openSearchUrl, alias: config.search.index });
    const catalogue = new SearchFeeder(engine, log, undefined, engine, placesOf);
    return { engine, catalogue, oaiList: undefined, snapshots: undefined };
  }
  const oaiList = new MemoryOaiList();
  const engine = new MemoryEngine();
  const snapshots: SearchSnapshots | undefined = config.search.snapshotMs
    ? new SearchSnapshots(
        engine,
        (): SearchFeeder => catalogue,
        changes,
        { dataDir: config.dataDir, everyMs: config.search.snapshotMs, source: databaseName(config) },
        log,
        holdings,
      )
    : undefined;
  const catalogue: SearchFeeder = new SearchFeeder(engine, log, oaiList, snapshots, placesOf);
  return { engine, catalogue, oaiList, snapshots };
}

/** Names the database (a digest: its address may hold a password) for the snapshot to be checked against. */
const databaseName = (config: Config) =>
  createHash('sha256')
    .update(`${config.database.uri ?? 'embedded'}\n${config.database.name}`)
    .digest('hex')
    .slice(0, 32);

/**
 * Loads the organisation tree and the holdings (search documents read both) and notes where the
 * change feed stands; the search index loads next (`startSearch`). With `holdingsWithSearch`, the
 * holdings are left to `startSearch`, which reads them from the search snapshot when it has them
 * (the server: reading a province's million copies from the database took most of its start).
 */
export async function startServices(services: Services, options: { holdingsWithSearch?: boolean } = {}): Promise<void> {
  await services.changes.markStart();
  await services.tree.reloadAll();
  if (!options.holdingsWithSearch || !services.searchSnapshots) await services.holdings.reloadAll();
}

/**
 * Brings the search index up to date, then follows the change feed and the usage fold. The memory engine reads
 * its snapshot or loads everything (the server already answers /healthz; /readyz waits for this). OpenSearch keeps its
 * index: a new one is loaded; an existing one catches up from the feed position stored with it, or
 * is reloaded when the feed no longer reaches back that far.
 */
export async function startSearch(services: Services): Promise<void> {
  const { searchEngine: engine, catalogue, changes } = services;
  if (engine instanceof OpenSearchEngine) {
    const created = await engine.prepare();
    const position = await engine.position();
    if (created) {
      const start = await changes.latest();
      await catalogue.loadAll();
      await catalogue.positionReached(start);
      changes.resumeFrom(start);
    } else if (await changes.canReplayFrom(position)) await catchUp(services, position);
    else {
      const start = await changes.latest();
      await catalogue.reloadAll();
      await catalogue.positionReached(start);
      changes.resumeFrom(start);
      catalogue.markLoaded();
    }
  } else await startMemorySearch(services);
  changes.start();
  // An index kept from before (OpenSearch) catches up on the views the fold counted meanwhile at its first follow.
  services.usageFold.start(() => catalogue.views.follow(), Math.min(FOLLOW_USAGE_MS, services.config.usageFoldMs));
}

/**
 * The memory engine reads its snapshot and catches up from the feed position stored with it
 * before it says ready (so a restarted instance never answers from an older catalogue than the
 * database's); without a usable snapshot it loads everything.
 */
async function startMemorySearch(services: Services): Promise<void> {
  const { catalogue, changes, searchSnapshots: snapshots } = services;
  const position = await snapshots?.restore();
  // Not in the snapshot (none, refused, or written before it kept them): every copy is read.
  if (!services.holdings.loaded) await services.holdings.reloadAll();
  if (position !== undefined && position !== null) await catchUp(services, position);
  else {
    const start = await changes.latest();
    await catalogue.loadAll();
    await catalogue.positionReached(start);
  }
  snapshots?.start();
}

/** Replays the feed from `position` into an index kept from before (OpenSearch's, or a snapshot), then says ready. */
async function catchUp({ changes, catalogue, log }: Services, position: number): Promise<void> {
  changes.resumeFrom(position);
  await changes.poll();
  catalogue.markLoaded();
  log.info({ from: position, to: await changes.latest() }, 'search index caught up from the change feed');
}

export async function stopServices(services: Services): Promise<void> {
  await services.changes.stop();
  await services.searchSnapshots?.stop();
  await services.usageFold.stop();
  await services.usage.stop();
  await services.integrationEvents.flush();
  await services.searchEngine.close();
  await services.outbound.close();
}
