/**
 * The memory engine's snapshot on disk (DATA_DIR/search-snapshot/): the index, the OAI-PMH list
 * and the change feed's position they reflect, written every SEARCH_SNAPSHOT_SECONDS when
 * something changed and at shutdown. A start reads it back and catches up from the feed, as the
 * OpenSearch index does, instead of reading every resource from the database. A snapshot that is
 * missing, damaged, of another format or database, or older than the feed reaches back, is not
 * used: the catalogue loads in full, as without one. Only the memory adapter knows the file's
 * layout (src/search/memory/snapshotFile.ts).
 *
 * The holdings read model (every copy's title, school, location and status) is kept beside the
 * index, in sections of its own, so that a start at a province's million copies reads them back
 * instead of every copy from the database; the feed's `copy` topic catches them up like the index.
 * A snapshot written before it kept them is still used for the index, and the copies are read in
 * full (one log line).
 *
 * The holdings are used only when the process that wrote the snapshot stopped cleanly. A copy's
 * feed entry is written just after the desk call that changed it (src/services/changeFeed.ts), so
 * a process killed in between leaves a change the feed never names: read back from the snapshot
 * and caught up from the feed, that copy would stay as it was. A marker file lives beside the
 * snapshot while the app runs and is removed at a clean stop, once every change is in the feed;
 * found at a start, every copy is read from the database instead.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../log.js';
import type { MemoryEngine } from '../search/memory/memoryEngine.js';
import type { SectionValue } from '../search/memory/snapshotFile.js';
import type { ChangeFeed } from './changeFeed.js';
import type { SlotsImage } from './library/copySlots.js';
import type { HoldingsReadModel } from './library/holdings.js';
import type { FeedPositionStore, SearchFeeder } from './searchFeeder.js';

export interface SnapshotOptions {
  dataDir: string;
  everyMs: number;
  /** Names the database the snapshot was taken from (never its address: that may hold a password). */
  source: string;
}

interface Facts {
  position: number;
  /** When the feed's entry at `position` was written: tells this database's feed from another's. */
  positionAt: string | null;
  source: string;
  viewsRound: number;
}

const FILE = path.join('search-snapshot', 'memory-index.bin');
/** Present while an app runs on this data directory; left behind by one that did not stop cleanly. */
const RUNNING = path.join('search-snapshot', 'running');
/** The holdings' sections, each a part of the read model's image (src/services/library/copySlots.ts). */
const HOLDINGS = {
  names: 'holdings.names',
  ids: 'holdings.ids',
  columns: 'holdings.columns',
  versions: 'holdings.versions',
} as const;

function holdingsSections(image: SlotsImage): Map<string, SectionValue> {
  return new Map<string, SectionValue>([
    [HOLDINGS.names, image.names],
    [HOLDINGS.ids, image.ids],
    [HOLDINGS.columns, image.columns],
    [HOLDINGS.versions, image.versions],
  ]);
}

/** The holdings' image in a snapshot's sections; null when it has none (or not of these kinds). */
function holdingsImageOf(sections: ReadonlyMap<string, SectionValue>): SlotsImage | null {
  const names = sections.get(HOLDINGS.names);
  const ids = sections.get(HOLDINGS.ids);
  const columns = sections.get(HOLDINGS.columns);
  const versions = sections.get(HOLDINGS.versions);
  if (!Array.isArray(names) || !(ids instanceof Uint32Array)) return null;
  if (!(columns instanceof Int32Array) || !(versions instanceof Uint32Array)) return null;
  return { names: names as string[], ids, columns, versions };
}

export class SearchSnapshots implements FeedPositionStore {
  private reached = 0;
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> | undefined;
  /** What the last snapshot held: the next one is written only when the index or the position moved on. */
  private written = { changes: -1, position: -1 };
  readonly file: string;
  private readonly runningMarker: string;

  constructor(
    private readonly engine: MemoryEngine,
    private readonly catalogue: () => SearchFeeder,
    private readonly changes: ChangeFeed,
    private readonly options: SnapshotOptions,
    private readonly log: Logger,
    private readonly holdings?: HoldingsReadModel,
  ) {
    this.file = path.join(options.dataDir, FILE);
    this.runningMarker = path.join(options.dataDir, RUNNING);
  }

  position(): Promise<number> {
    return Promise.resolve(this.reached);
  }

  savePosition(position: number): Promise<void> {
    this.reached = Math.max(this.reached, position);
    return Promise.resolve();
  }

  /**
   * Reads the snapshot into the engine and the feeder; returns the feed position to catch up
   * from, or null (logged) when there is none to use and the catalogue must be loaded in full.
   */
  async restore(): Promise<number | null> {
    const started = Date.now();
    const stoppedCleanly = !(await exists(this.runningMarker));
    await this.markRunning();
    let extra: ReadonlyMap<string, SectionValue> = new Map();
    try {
      const facts = await this.engine.readSnapshot(
        this.file,
        (f) => this.refusal(f),
        (attachment, sections) => {
          this.catalogue().restoreAttachment(attachment);
          extra = sections;
        },
      );
      const { position, viewsRound } = facts as unknown as Facts;
      this.catalogue().views.resumeAt(viewsRound);
      this.reached = position;
      this.written = { changes: this.engine.changeCount, position };
      this.log.info(
        { resources: await this.engine.count(), position, ms: Date.now() - started },
        'catalogue index read from its snapshot',
      );
      await this.restoreHoldings(stoppedCleanly ? extra : null);
      return position;
    } catch (err) {
      const missing = (err as NodeJS.ErrnoException).code === 'ENOENT';
      if (missing) this.log.info({ file: this.file }, 'no snapshot of the catalogue index: loading it in full');
      else this.log.warn({ err, file: this.file }, 'snapshot of the catalogue index not used: loading it in full');
      return null;
    }
  }

  /**
   * The holdings from the snapshot, unless they are loaded already; left unloaded (the caller reads
   * every copy) when the snapshot has none or they do not add up, or the last run did not stop
   * cleanly (`sections` null).
   */
  private async restoreHoldings(sections: ReadonlyMap<string, SectionValue> | null): Promise<void> {
    if (!this.holdings || this.holdings.loaded) return;
    if (!sections)
      return this.holdingsNotUsed(
        'warn',
        { file: this.runningMarker },
        'the last run did not stop cleanly (its last copy changes may not be in the feed): reading every copy',
      );
    const image = holdingsImageOf(sections);
    if (!image)
      return this.holdingsNotUsed(
        'info',
        { file: this.file },
        'the snapshot holds no holdings (written before it kept them): reading every copy',
      );
    try {
      await this.holdings.restore(image);
    } catch (err) {
      this.holdingsNotUsed('warn', { err, file: this.file }, "the snapshot's holdings not used: reading every copy");
    }
  }

  /**
   * Says why the holdings are read from the database; the next snapshot is then written even if
   * nothing else changed, so that it has them.
   */
  private holdingsNotUsed(level: 'info' | 'warn', fields: Record<string, unknown>, message: string): void {
    this.written = { changes: -1, position: -1 };
    this.log[level](fields, message);
  }

  /** Before this run changes anything: a stop that does not remove the marker leaves it for the next start. */
  private async markRunning(): Promise<void> {
    try {
      await fs.mkdir(path.dirname(this.runningMarker), { recursive: true });
      await fs.writeFile(this.runningMarker, `${process.pid}\n`);
    } catch (err) {
      this.log.warn(
        { err, file: this.runningMarker },
        'the snapshot folder is not writable: no snapshot will be written',
      );
    }
  }

  /** Why a snapshot with these facts must not be used; null when it may. */
  private async refusal(facts: Record<string, unknown>): Promise<string | null> {
    const f = facts as Partial<Facts>;
    if (typeof f.position !== 'number' || typeof f.viewsRound !== 'number') return 'facts missing';
    if (f.source !== this.options.source) return 'taken from another database';
    if (!(await this.changes.canReplayFrom(f.position))) return 'the change feed no longer reaches back to it';
    const at = await this.changes.entryAt(f.position);
    if (at && at.toISOString() !== f.positionAt) return "taken from another database's change feed";
    return null;
  }

  /** Writes a snapshot every `everyMs` when something changed (none with 0). */
  start(): void {
    if (!this.options.everyMs) return;
    this.timer = setInterval(() => void this.write(), this.options.everyMs);
    this.timer.unref();
  }

  /** Stops the timer and writes a last snapshot (at shutdown). */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    if (this.options.everyMs && this.catalogue().ready) await this.write();
    // Every change of this run is in the feed: a snapshot's holdings caught up from it are whole.
    if (this.changes.allRecorded) await fs.rm(this.runningMarker, { force: true });
  }

  /** Writes a snapshot now if the index or the position moved on since the last one; one write at a time. */
  write(): Promise<void> {
    this.writing ??= this.writeIfChanged()
      .catch((err: unknown) => this.log.warn({ err, file: this.file }, 'snapshot of the catalogue index not written'))
      .finally(() => (this.writing = undefined));
    return this.writing;
  }

  private async writeIfChanged(): Promise<void> {
    const position = this.reached;
    const changes = this.engine.changeCount;
    if (changes === this.written.changes && position === this.written.position) return;
    const started = Date.now();
    const at = position ? await this.changes.entryAt(position) : null;
    const feeder = this.catalogue();
    // Taken together, without awaiting in between: the index, the list and the position of one moment.
    const facts: Facts = {
      position: this.reached,
      positionAt: at?.toISOString() ?? null,
      source: this.options.source,
      viewsRound: feeder.views.round,
    };
    if (facts.position !== position) return; // the feed moved on meanwhile: the next round writes
    const bytes = await this.engine.writeSnapshot(
      this.file,
      facts as unknown as Record<string, unknown>,
      feeder.attachment(),
      this.holdings?.loaded ? holdingsSections(this.holdings.image()) : new Map(),
    );
    this.written = { changes, position };
    this.log.info({ bytes, position, ms: Date.now() - started }, 'snapshot of the catalogue index written');
  }
}

async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(
    () => true,
    () => false,
  );
}
