/** What every part of an import step knows: the job, who runs it, and the titles it has seen. */
import type { RecordProblem } from '../../../domain/catalogueRecord.js';
import { DomainError } from '../../../domain/errors.js';
import type { ImportJob } from '../../../models/importJob.js';
import type { Actor } from '../../../policies/actor.js';
import type { JobTitles } from './jobTitles.js';

export interface StepContext {
  job: ImportJob;
  actor: Actor;
  /** The first step after the job was taken over: it may have been half done before a crash. */
  resumed: boolean;
  today: string;
  /** The titles the job's records may be (read a step ahead, and those the job catalogued). */
  titles: JobTitles;
  /** Opens (once per delivery) the intake batch copies go into. */
  batchFor(delivery: string): Promise<string>;
}

/** A refusal in the words the result page shows; anything else is not the record's fault and stops the job. */
export function problemsOf(err: unknown): RecordProblem[] {
  if (!(err instanceof DomainError) || !['validation', 'conflict', 'forbidden', 'not_found'].includes(err.code))
    throw err;
  const fields = err.fields.filter((f) => f.messageKey);
  if (!fields.length) return [{ messageKey: err.messageKey, params: plain(err.params) }];
  return fields.map((f) => ({ messageKey: f.messageKey!, params: plain(f.params ?? {}) }));
}

const plain = (params: Record<string, unknown>) =>
  Object.fromEntries(
    Object.entries(params).filter((e): e is [string, string | number] => ['string', 'number'].includes(typeof e[1])),
  );
