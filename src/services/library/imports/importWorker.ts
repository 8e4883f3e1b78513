/**
 * Runs imports in the background, never in the request: an instance takes a waiting job under a
 * lease (src/models/importJob.ts), reads the stored file and applies its records a step of a
 * hundred at a time from the job's position (applyStep.ts: titles in one bulk create, copies in
 * one bulk insert), then writes the step's outcomes and only then moves the position past the step
 * and renews the lease. When the instance dies, the lease runs out and an instance takes the job
 * over where it stood: the step that was under way is done again whole, which adds nothing twice.
 * The titles the step's records may be are read ahead in one query (jobTitles.ts).
 */
import { randomUUID } from 'node:crypto';
import type { RecordReading } from '../../../domain/catalogueRecord.js';
import { personById } from '../../../models/person.js';
import {
  advanceImportJob,
  claimImportJob,
  finishImportJob,
  outcomeCounts,
  recordOutcomes,
  releaseImportJob,
  type ImportJob,
} from '../../../models/importJob.js';
import { actorOf } from '../../accounts.js';
import { applyStep } from './applyStep.js';
import type { StepContext } from './stepContext.js';
import { JobTitles } from './jobTitles.js';
import type { ImportDeps } from './deps.js';
import { readingsOf } from './readers.js';
import { readStoredFile } from './storedFile.js';
import { Poller } from '../../poller.js';

export class ImportWorker {
  private readonly holder = `import-${randomUUID()}`;
  private readonly poller = new Poller(
    () => this.work(),
    (err) => this.deps.log.warn({ err }, 'imports: will retry'),
  );

  constructor(
    private readonly deps: ImportDeps,
    private readonly leaseMs: number,
  ) {}

  start(pollMs = 5000): void {
    this.poller.start(pollMs);
  }

  stop(): Promise<void> {
    return this.poller.stop();
  }

  /** Looks for work now (a job was just queued). */
  kick(): void {
    this.poller.kick();
  }

  /** Resolves when no job is waiting (tests wait on it). */
  async drain(): Promise<void> {
    while (this.poller.running) await this.poller.running;
  }

  private get stopped(): boolean {
    return this.poller.stopped;
  }

  private async work(): Promise<void> {
    while (!this.stopped) {
      const claimed = await claimImportJob(this.holder, this.leaseMs);
      if (!claimed) return;
      await this.run(claimed.job, claimed.resumed);
    }
  }

  private async run(job: ImportJob, resumed: boolean): Promise<void> {
    const person = await personById(job.createdBy);
    if (!person) return finishImportJob(job.id, this.holder, 'failed', 'imports.failed.person');
    const bytes = await readStoredFile(this.deps.storage, job.fileId);
    if (!bytes) return finishImportJob(job.id, this.holder, 'failed', 'imports.failed.file');
    if (job.total === null) {
      job.total = countOf(await readingsOf(job, bytes));
      if (!(await advanceImportJob(job.id, this.holder, this.leaseMs, { total: job.total }))) return;
    }
    const ctx: StepContext = {
      job,
      actor: actorOf(person),
      resumed,
      today: new Date().toISOString().slice(0, 10),
      titles: new JobTitles(),
      batchFor: (delivery) => this.batchFor(ctx, delivery),
    };
    // A job stored before the counts were kept counts what it did so far once.
    job.counts ??= await outcomeCounts(job.id, job.position);
    for (const step of steps(await readingsOf(job, bytes), job.position)) {
      if (this.stopped) return releaseImportJob(job.id, this.holder);
      await ctx.titles.load(
        job.orgId,
        step.flatMap((r) => (r.ok ? [r.record] : [])),
      );
      // Outcomes before the position: a crash between the two does the step again and rewrites them.
      const outcomes = await applyStep(this.deps, ctx, step);
      await recordOutcomes(outcomes);
      const position = step[step.length - 1]!.number + 1;
      const counts = { ...job.counts };
      for (const { outcome } of outcomes) counts[outcome]++;
      // The counts with the position, in one write: a step done again is counted once.
      if (!(await advanceImportJob(job.id, this.holder, this.leaseMs, { position, counts }))) return;
      Object.assign(job, { position, counts });
      ctx.resumed = false;
    }
    await finishImportJob(job.id, this.holder, 'done', null);
  }

  /** The intake batch of one delivery of this import, opened the first time a copy of it is added. */
  private async batchFor(ctx: StepContext, delivery: string): Promise<string> {
    const known = ctx.job.batches[delivery];
    if (known) return known;
    const [date, supplier] = delivery.split('|');
    const batch = await this.deps.registers.createIntakeBatch(ctx.actor, ctx.job.orgId, {
      date: date!,
      source: ctx.job.options.source,
      supplier: supplier || null,
      documentNumber: null,
      note: ctx.job.fileName,
    });
    ctx.job.batches = { ...ctx.job.batches, [delivery]: batch.id };
    if (!(await advanceImportJob(ctx.job.id, this.holder, this.leaseMs, { batches: ctx.job.batches })))
      throw new Error('the import was taken over by another instance');
    return batch.id;
  }
}

/** Records are read ahead this many at a time: one query for the titles they may be. */
const STEP = 100;

/** The readings from `position` on, in steps of STEP. */
function* steps(readings: Iterable<RecordReading>, position: number): Generator<RecordReading[]> {
  let step: RecordReading[] = [];
  for (const reading of readings) {
    if (reading.number < position) continue;
    step.push(reading);
    if (step.length === STEP) {
      yield step;
      step = [];
    }
  }
  if (step.length) yield step;
}

function countOf(readings: Iterable<RecordReading>): number {
  let n = 0;
  for (const _ of readings) n++;
  return n;
}
