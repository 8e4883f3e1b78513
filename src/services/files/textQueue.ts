/**
 * Text extraction in the background, never in the request: a durable queue (one document per
 * pending job, `_id` = textId(resourceId, fileId), so a restart resumes it) and a worker that takes
 * jobs one at a time. The extracted text goes to ResourceTextModel and the file's `text` state is
 * set; the change feed then refreshes the search index, which reads the text. A broken file ends
 * as `failed` (logged), never as a crash.
 */
import { Types } from 'mongoose';
import { maxExtractSourceBytes } from '../../../config/files.js';
import type { FileStorage } from '../../domain/storage.js';
import type { Logger } from '../../log.js';
import { TextJobModel, type TextJobRecord } from '../../models/file.js';
import { ResourceTextModel, textId } from '../../models/resource.js';
import type { ResourceService } from '../resources.js';
import { extractText, type ExtractMethod } from './extract.js';

const MAX_ATTEMPTS = 3;
/** Jobs read per poll: the queue collection is small (pending jobs only), so reading it is cheap. */
const BATCH = 20;

export class TextQueue {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;

  constructor(
    private readonly storage: FileStorage,
    private readonly resources: ResourceService,
    private readonly log: Logger,
  ) {}

  async enqueue(resourceId: string, fileId: string, method: ExtractMethod): Promise<void> {
    const job: TextJobRecord = {
      _id: textId(resourceId, fileId),
      resourceId,
      fileId,
      method,
      attempts: 0,
      queuedAt: new Date(),
    };
    await TextJobModel.updateOne({ _id: job._id }, { $set: job }, { upsert: true });
    this.kick();
  }

  async forget(resourceId: string, fileId: string): Promise<void> {
    await TextJobModel.deleteOne({ _id: textId(resourceId, fileId) });
    await ResourceTextModel.deleteOne({ _id: textId(resourceId, fileId) });
  }

  start(pollMs = 5000): void {
    this.stopped = false;
    this.timer = setInterval(() => this.kick(), pollMs);
    this.timer.unref();
    this.kick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
  }

  /** Resolves when the queue has been worked through once (tests wait on it). */
  drain(): Promise<void> {
    this.kick();
    return this.running ?? Promise.resolve();
  }

  private kick(): void {
    if (this.stopped || this.running) return;
    this.running = this.work()
      .catch((err: unknown) => this.log.warn({ err }, 'text extraction queue: will retry'))
      .finally(() => (this.running = undefined));
  }

  private async work(): Promise<void> {
    for (;;) {
      const jobs = await TextJobModel.find({}).limit(BATCH).lean<TextJobRecord[]>();
      if (!jobs.length || this.stopped) return;
      for (const job of jobs) {
        if (this.stopped) return;
        await this.run(job);
      }
    }
  }

  private async run(job: TextJobRecord): Promise<void> {
    const resource = await this.resources.find(job.resourceId);
    const file = resource?.files.find((f) => f.id === job.fileId);
    const info = file ? await this.storage.stat(file.id) : null;
    if (!resource || !file || !info) {
      await TextJobModel.deleteOne({ _id: job._id });
      return;
    }
    if (job.method !== 'text' && job.method !== 'pptx' && info.size > maxExtractSourceBytes) {
      this.log.info(
        { resourceId: job.resourceId, fileId: job.fileId, size: info.size },
        'file too large for text extraction',
      );
      await this.finish(job, 'none');
      return;
    }
    try {
      const text = await extractText(job.method, this.storage, info);
      await ResourceTextModel.updateOne(
        { _id: job._id },
        { $set: { resourceId: new Types.ObjectId(job.resourceId), text: text || ' ', extractedAt: new Date() } },
        { upsert: true },
      );
      await this.finish(job, 'done');
    } catch (err) {
      const attempts = job.attempts + 1;
      this.log.warn({ err, resourceId: job.resourceId, fileId: job.fileId, attempts }, 'text extraction failed');
      if (attempts >= MAX_ATTEMPTS || !isTransient(err)) await this.finish(job, 'failed');
      else await TextJobModel.updateOne({ _id: job._id }, { $set: { attempts } });
    }
  }

  private async finish(job: TextJobRecord, state: 'done' | 'failed' | 'none'): Promise<void> {
    await this.resources.setFileTextState(job.resourceId, job.fileId, state);
    await TextJobModel.deleteOne({ _id: job._id });
  }
}

/** A database that did not answer is worth another try; a file that does not parse is not. */
function isTransient(err: unknown): boolean {
  const name = (err as { name?: string } | null)?.name ?? '';
  return name.startsWith('Mongo') || name === 'StorageNotFound';
}
