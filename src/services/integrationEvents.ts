/**
 * Records what happens at the integrations (LTI launches, SAML sign-ins, OAI-PMH requests,
 * harvest runs) in the integrations log, for the health page. Recording never fails and never
 * makes a request wait: the faces call the methods below and go on; events are queued and written
 * in batches a moment later (one insert per batch), and a failed batch is logged and dropped.
 * What a face cannot know without a read (the organisation of the platform a refused launch names,
 * of the set a harvester asks for) is worked out when the batch is written.
 */
import { createHash } from 'node:crypto';
import type { Logger } from '../log.js';
import {
  insertIntegrationEvents,
  type HarvestRunFacts,
  type IntegrationOutcome,
  type NewIntegrationEvent,
  type OaiRequestFacts,
} from '../models/integrationEvent.js';
import { findLtiPlatform } from '../models/lti.js';
import type { OrganisationDirectory } from './organisationDirectory.js';
import { BatchedWriter } from './batchedWriter.js';

/** How long an event may wait for others to join its batch. */
const BATCH_DELAY_MS = 200;
const MAX_BATCH = 500;
/** Past this many waiting events (the database away for long), new ones are dropped: memory stays bounded. */
const MAX_WAITING = 20_000;

/** What a launch claimed, before or after its signature was checked. */
export interface LtiAttempt {
  issuer: string | null;
  clientId: string | null;
  deploymentId: string | null;
  context: { id: string | null; title: string | null } | null;
}

export interface Named {
  id: string;
  name: string;
  orgId: string | null;
}

export interface Harvester {
  address: string;
  userAgent: string;
}

type Pending = { event: NewIntegrationEvent; platform?: { issuer: string; clientId: string; deploymentId: string } };

export class IntegrationEventLog {
  private readonly batches = new BatchedWriter<Pending>({
    delayMs: BATCH_DELAY_MS,
    maxBatch: MAX_BATCH,
    write: (batch) => this.write(batch),
  });
  private dropped = 0;

  constructor(
    private readonly tree: OrganisationDirectory,
    private readonly log: Logger,
  ) {}

  /** Events recorded and not yet written. */
  get waiting(): number {
    return this.batches.queued;
  }

  /** A launch accepted (the platform and organisation known) or refused (worked out from what it claimed). */
  ltiLaunch(outcome: IntegrationOutcome, reason: string | null, attempt: LtiAttempt, platform?: Named): void {
    const { issuer, clientId, deploymentId } = attempt;
    const unknown = { id: `unknown|${issuer ?? ''}`, name: issuer ?? '?', orgId: null };
    const known = platform ?? unknown;
    this.queue(
      {
        ...this.base('lti', outcome, reason, known),
        context: attempt.context,
      },
      !platform && issuer && clientId ? { issuer, clientId, deploymentId: deploymentId ?? '' } : undefined,
    );
  }

  /** A sign-in through a portal; `idp` null when the message named no portal we know. */
  samlSignIn(outcome: IntegrationOutcome, reason: string | null, idp: Named | null): void {
    this.queue(this.base('saml', outcome, reason, idp ?? { id: 'unknown', name: '?', orgId: null }));
  }

  /** One OAI-PMH answer to a harvester (its address and User-Agent; the page splits it by format and set). */
  oaiRequest(harvester: Harvester, facts: OaiRequestFacts, errorCode: string | null): void {
    const key = `${harvester.address}\n${harvester.userAgent}`;
    const channel = createHash('sha256').update(key).digest('base64url').slice(0, 22);
    const name = `${harvester.userAgent || '?'} (${harvester.address})`;
    const outcome = errorCode && errorCode !== 'noRecordsMatch' ? 'failed' : 'accepted';
    this.queue({
      ...this.base('oai', outcome, errorCode, { id: channel, name, orgId: null }),
      oai: facts,
    });
  }

  harvestRun(source: Named, facts: HarvestRunFacts, problem: string | null): void {
    const outcome = facts.status === 'succeeded' ? 'accepted' : 'failed';
    this.queue({ ...this.base('harvest', outcome, problem, source), harvest: facts });
  }

  /** Writes everything queued so far; batches are written one after another. */
  flush(): Promise<void> {
    return this.batches.flush();
  }

  private base(kind: NewIntegrationEvent['kind'], outcome: IntegrationOutcome, reason: string | null, who: Named) {
    return {
      kind,
      orgId: who.orgId,
      channel: who.id,
      channelName: who.name.slice(0, 300),
      outcome,
      reason,
      at: new Date(),
      context: null,
      oai: null,
      harvest: null,
    };
  }

  private queue(event: NewIntegrationEvent, platform?: Pending['platform']): void {
    if (this.batches.queued >= MAX_WAITING) {
      if (this.dropped++ === 0) this.log.warn({ waiting: this.batches.queued }, 'integration events dropped');
      return;
    }
    this.batches.add({ event, platform });
  }

  private async write(batch: Pending[]): Promise<void> {
    try {
      const events = await Promise.all(batch.map((p) => this.attributed(p)));
      await insertIntegrationEvents(events);
      this.dropped = 0;
    } catch (err) {
      this.log.error({ err, events: batch.length }, 'integration events not recorded');
    }
  }

  /** The event with the organisation its platform or set names, where the face could not say. */
  private async attributed({ event, platform }: Pending): Promise<NewIntegrationEvent> {
    if (platform) {
      const record = await findLtiPlatform(platform.issuer, platform.clientId);
      if (!record) return event;
      const deployment = record.deployments.find((d) => d.id === platform.deploymentId);
      return { ...event, channel: record._id, channelName: record.name, orgId: deployment?.orgId ?? record.orgId };
    }
    if (event.oai?.set?.startsWith('org:')) return { ...event, orgId: this.organisationOfSet(event.oai.set) };
    return event;
  }

  private organisationOfSet(set: string): string | null {
    return this.tree.all().find((o) => `org:${this.tree.codePath(o.id).join(':')}` === set)?.id ?? null;
  }
}
