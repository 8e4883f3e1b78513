/** Plain types of the integrations log (src/models/integrationEvent.ts), shared by the faces that record it. */
export type IntegrationKind = 'lti' | 'saml' | 'oai' | 'harvest';
/** `redirected`: an LTI launch whose frame blocked our cookie, carried on in a new window. */
export type IntegrationOutcome = 'accepted' | 'refused' | 'redirected' | 'failed';

/** One OAI-PMH answer, as the integrations log keeps it. */
export interface OaiRequestFacts {
  verb: string;
  metadataPrefix: string | null;
  set: string | null;
  /** Records (ListRecords, GetRecord) or headers (ListIdentifiers) in the answer. */
  items: number;
  /** On the last page of a list (or an empty list): `full` when the list had no `from`, else `incremental`. */
  harvest: 'full' | 'incremental' | null;
}

export interface HarvestRunFacts {
  runId: string;
  status: string;
  startedAt: Date;
  finishedAt: Date | null;
  records: number;
  errors: number;
}

/** An organisation's integrations health, as src/services/integrationHealth.ts works it out. */
export interface ReasonCount {
  reason: string;
  count: number;
}

export interface ChannelActivity {
  channel: string;
  name: string;
  accepted: number;
  refused: number;
  /** LTI: launches carried on in a new window because the frame blocked our cookie. */
  redirected: number;
  /** One entry per day of `days`, oldest first. */
  perDay: { day: string; accepted: number; refused: number }[];
  reasons: ReasonCount[];
}

export interface HarvesterActivity {
  channel: string;
  name: string;
  metadataPrefix: string | null;
  set: string | null;
  /** `YYYY-MM-DD`, Vietnam's time. */
  lastRequestDay: string;
  lastFullHarvest: Date | null;
  lastIncrementalHarvest: Date | null;
  requests: number;
  itemsServed: number;
  errors: ReasonCount[];
}

export interface RefusalEntry {
  at: Date;
  channelName: string;
  context: string | null;
  reason: string;
}

export interface SourceRuns {
  channel: string;
  name: string;
  runs: (HarvestRunFacts & { problem: string | null })[];
}

export interface IntegrationHealth {
  orgId: string;
  /** The chart's days (`YYYY-MM-DD`, Vietnam's time), oldest first. */
  days: string[];
  harvesters: HarvesterActivity[];
  platforms: ChannelActivity[];
  latestLtiRefusals: RefusalEntry[];
  portals: ChannelActivity[];
  sources: SourceRuns[];
}
