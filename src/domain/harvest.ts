/**
 * Harvesting other repositories, as the library keeps it: the sources admins registered and the
 * log of each source's runs (with the progress that lets an interrupted run resume). Ids are
 * strings here; src/models converts them.
 */

/** What an admin sets on the form. */
export interface HarvestSourceSettings {
  name: string;
  /** The source plugin that speaks its protocol (plugins/sources). */
  kind: string;
  baseUrl: string;
  metadataPrefix: string;
  set: string | null;
  /** Hours between scheduled runs; 0 = only when run by hand. */
  intervalHours: number;
  /** The organisation the imported records belong to. */
  orgId: string;
  /** Whether our OAI-PMH provider lists the imported records again. */
  reexpose: boolean;
}

export interface HarvestSource extends HarvestSourceSettings {
  id: string;
  /** Owner of the imported resources: the admin who registered the source. */
  ownerId: string;
  /** The source's own clock when the last successful run started (its responseDate). */
  harvestedUntil: Date | null;
  nextRunAt: Date | null;
  /** The run under way (or interrupted), to resume. */
  activeRunId: string | null;
  /** Recent runs, newest first. */
  runIds: string[];
  createdAt: Date;
  modifiedAt: Date;
}

export type HarvestRunStatus = 'running' | 'succeeded' | 'failed';

export interface HarvestRunProblem {
  at: Date;
  url: string | null;
  message: string;
}

/** What a page of records did to the catalogue. */
export interface HarvestCounts {
  added: number;
  updated: number;
  deleted: number;
  unchanged: number;
}

export interface HarvestRun extends HarvestCounts {
  id: string;
  sourceId: string;
  status: HarvestRunStatus;
  startedAt: Date;
  finishedAt: Date | null;
  from: Date | null;
  /** Where to continue: the token after the last page fully imported. */
  resumptionToken: string | null;
  /** The source's responseDate on the first page: where the next incremental run starts. */
  sourceDate: Date | null;
  pages: number;
  problems: HarvestRunProblem[];
  /** How many times the run was taken up again after an interruption. */
  resumed: number;
}
