/**
 * Text extraction in the background, never in the request: a durable queue (one document per job,
 * `_id` = textId(resourceId, fileId), so a restart resumes it) worked through by every instance.
 * An instance claims a job (a lease) before extracting it, so each file is extracted by one
 * instance at a time; a lease left by a crash runs out and the job is claimed again, at most
 * MAX_ATTEMPTS times. The parsing runs in a worker thread with time and memory limits
 * (./extractionWorker.ts). The text goes to ResourceTextModel and the file's `text` state is set;
 * the change feed then refreshes the search index. A broken or pathological file ends as `failed`
 * with its reason kept on the job, never as a crash.
 */
import { maxExtractSourceBytes } from '../../../config/files.js';
import type { FileStorage } from '../../domain/storage.js';
import type { Logger } from '../../log.js';
import {
  claimableTextJobs,
  claimTextJob,
  deleteTextJob,
  failTextJob,
  finishTextJob,
  queueTextJob,
  releaseTextJob,
  type TextJobRecord,
} from '../../models/file.js';
import { textId } from '../../models/resource.js';
import { deleteResourceText, saveResourceText } from '../../models/resourceQueries.js';
import type { ResourceService } from '../resources.js';
import { Poller } from '../poller.js';
import { extractText, type ExtractMethod } from './extract.js';
import { defaultExtractionLimits, ExtractionFailed, type ExtractionLimits } from './extractionWorker.js';

export const MAX_ATTEMPTS = 3;
/** Jobs read per poll. */
const BATCH = 20;
/** A failed job's record is kept this long for inspection. */
const KEEP_FAILED_MS = 30 * 24 * 3600_000;

export interface TextQueueOptions {
  limits?: ExtractionLimits;
  /** How long a claim holds a job: longer than reading the file and the worker's time limit. */
  leaseMs?: number;
}

export class TextQueue {
  private readonly poller = new Poller(
    () => this.work(),
    (err) => this.log.warn({ err }, 'text extraction queue: will retry'),
  );
  private readonly limits: ExtractionLimits;
  private readonly leaseMs: number;

  constructor(
    private readonly storage: FileStorage,
    private readonly resources: ResourceService,
    private readonly log: Logger,
    options: TextQueueOptions = {},
  ) {
    this.limits = options.limits ?? defaultExtractionLimits;
    this.leaseMs = options.leaseMs ?? this.limits.timeMs + 120_000;
  }

  async enqueue(resourceId: string, fileId: string, method: ExtractMethod): Promise<void> {
    await queueTextJob({ _id: textId(resourceId, fileId), resourceId, fileId, method });
    this.poller.kick();
  }

  async forget(resourceId: string, fileId: string): Promise<void> {
    await deleteTextJob(textId(resourceId, fileId));
    await deleteResourceText(resourceId, fileId);
  }

  start(pollMs = 5000): void {
    this.poller.start(pollMs);
  }

  stop(): Promise<void> {
    return this.poller.stop();
  }

  /** Resolves when this instance finds nothing more to claim (tests wait on it). */
  drain(): Promise<void> {
    this.poller.kick();
    return this.poller.running ?? Promise.resolve();
  }

  private async work(): Promise<void> {
    while (!this.poller.stopped) {
      const job = await this.claimNext();
      if (!job) return;
      await this.run(job);
    }
  }

  private async claimNext(): Promise<TextJobRecord | null> {
    const now = new Date();
    for (const job of await claimableTextJobs(now, BATCH)) {
      const claimed = await claimTextJob(job, now, this.leaseMs);
      if (claimed) return claimed;
    }
    return null;
  }

  private async run(job: TextJobRecord): Promise<void> {
    const where = { resourceId: job.resourceId, fileId: job.fileId, attempts: job.attempts };
    if (job.attempts > MAX_ATTEMPTS)
      return this.fail(job, `gave up after ${MAX_ATTEMPTS} attempts that did not finish`);
    const resource = await this.resources.find(job.resourceId);
    const file = resource?.files.find((f) => f.id === job.fileId);
    const info = file ? await this.storage.stat(file.id) : null;
    if (!resource || !file || !info) return finishTextJob(job);
    if (job.method !== 'text' && job.method !== 'pptx' && info.size > maxExtractSourceBytes) {
      this.log.info({ ...where, size: info.size }, 'file too large for text extraction');
      return this.finish(job, 'none');
    }
    try {
      const text = await extractText(job.method, this.storage, info, this.limits);
      await saveResourceText(job.resourceId, job.fileId, text || ' ');
      this.log.debug({ ...where, jobId: job._id, chars: text.length }, 'text extracted');
      await this.finish(job, 'done');
    } catch (err) {
      this.log.warn({ err, ...where }, 'text extraction failed');
      if (isTransient(err) && job.attempts < MAX_ATTEMPTS) await releaseTextJob(job);
      else await this.fail(job, err instanceof Error ? err.message : String(err));
    }
  }

  private async finish(job: TextJobRecord, state: 'done' | 'none'): Promise<void> {
    await this.resources.setFileTextState(job.resourceId, job.fileId, state);
    await finishTextJob(job);
  }

  private async fail(job: TextJobRecord, reason: string): Promise<void> {
    await this.resources.setFileTextState(job.resourceId, job.fileId, 'failed');
    await failTextJob(job, reason.slice(0, 500), KEEP_FAILED_MS);
  }
}

/** A database that did not answer is worth another try; a file that does not parse, or hits a limit, is not. */
function isTransient(err: unknown): boolean {
  if (err instanceof ExtractionFailed) return err.reason === 'worker';
  const name = (err as { name?: string } | null)?.name ?? '';
  return name.startsWith('Mongo') || name === 'StorageNotFound';
}
