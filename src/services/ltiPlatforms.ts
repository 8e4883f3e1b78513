/**
 * Registered LMS platforms (LTI 1.3). ltijs keeps the protocol part (endpoints, keys) behind the
 * `PlatformRegistrar` that src/lti gives; we keep which organisation a platform belongs to, which
 * deployments we accept from it and whether people may be matched by e-mail. A dynamically
 * registered platform stays inactive until an admin of ours confirms its organisation. What an
 * admin does takes the actor and asks the integration policy; launches read through `forLaunch`.
 */
import { conflict, DomainError, forbidden, notFound } from '../domain/errors.js';
import {
  ltiPlatformId,
  uniqueDeployments,
  type LtiDeployment,
  type LtiPlatform,
  type LtiPlatformInput,
} from '../domain/ltiPlatform.js';
import type { Organisation } from '../domain/organisation.js';
import {
  allLtiPlatforms,
  deleteLtiPlatform,
  findLtiPlatform,
  insertLtiPlatform,
  updateLtiPlatformSettings,
} from '../models/ltiPlatforms.js';
import type { LtiRegistrationLinkRecord } from '../models/ltiRegistrationLink.js';
import type { Actor } from '../policies/actor.js';
import { IntegrationAccess, type IntegrationTree } from './integrations/access.js';
import type { LtiRegistrationLinks } from './ltiRegistrationLinks.js';

/** The protocol side of a registration, kept by the LTI library (src/lti gives one). */
export interface PlatformRegistrar {
  register(
    platform: Pick<LtiPlatformInput, 'issuer' | 'clientId' | 'name' | 'authUrl' | 'tokenUrl' | 'jwksUrl'>,
    active: boolean,
  ): Promise<void>;
  /** False when the library does not know the platform. */
  activate(issuer: string, clientId: string): Promise<boolean>;
}

/** A deployment as typed on the form: its id, and its organisation's code (if not the platform's). */
export interface DeploymentLine {
  id: string;
  orgCode: string | null;
}

export interface PlatformSettings {
  orgId: string;
  deployments: DeploymentLine[];
  matchByEmail: boolean;
}

/** Every launch reads its registration; an admin's change reaches the other instances within this. */
const CACHE_MS = 5_000;

export class LtiPlatformService {
  private readonly cache = new Map<string, { platform: LtiPlatform | null; until: number }>();
  private readonly access: IntegrationAccess;

  constructor(
    private readonly tree: IntegrationTree & { byCode(code: string): Organisation | undefined },
    private readonly registrar: PlatformRegistrar,
    private readonly links: LtiRegistrationLinks,
  ) {
    this.access = new IntegrationAccess(tree);
  }

  /** The registration a launch names (cached briefly), whoever launches. */
  async forLaunch(issuer: string, clientId: string): Promise<LtiPlatform | null> {
    const id = ltiPlatformId(issuer, clientId);
    const hit = this.cache.get(id);
    if (hit && hit.until > Date.now()) return hit.platform;
    const platform = await findLtiPlatform(id);
    this.cache.set(id, { platform, until: Date.now() + CACHE_MS });
    return platform;
  }

  /** The organisations the actor manages integrations of; refused when there is none. */
  organisations(actor: Actor): Organisation[] {
    return this.access.organisations(actor);
  }

  /** The platforms the actor may see: those of organisations they manage, and pending ones. */
  async list(actor: Actor): Promise<LtiPlatform[]> {
    this.access.organisations(actor);
    return this.access.filter(actor, await allLtiPlatforms());
  }

  async get(actor: Actor, id: string): Promise<LtiPlatform> {
    this.access.organisations(actor);
    const platform = await findLtiPlatform(id);
    if (!platform) throw notFound('lti.admin.notFound');
    this.access.check(actor, platform);
    return platform;
  }

  /** A platform an admin registers by hand, for an organisation of theirs. */
  register(actor: Actor, input: Omit<LtiPlatformInput, 'deployments' | 'registeredVia'>, lines: DeploymentLine[]) {
    this.access.organisations(actor);
    this.access.check(actor, { orgId: input.orgId });
    const deployments = this.deploymentsOf(actor, lines);
    return this.registerPlatform({ ...input, deployments, registeredVia: 'manual' });
  }

  /** A platform that registered itself through a registration link (the link is the authority). */
  registerDynamic(input: Omit<LtiPlatformInput, 'registeredVia'>): Promise<LtiPlatform> {
    return this.registerPlatform({ ...input, registeredVia: 'dynamic' });
  }

  /** Confirms (or changes) the organisation and the accepted deployments; activates the platform. */
  async configure(actor: Actor, id: string, settings: PlatformSettings): Promise<LtiPlatform> {
    const platform = await this.get(actor, id);
    this.access.check(actor, { orgId: settings.orgId });
    const deployments = uniqueDeployments(this.deploymentsOf(actor, settings.deployments));
    if (!(await this.registrar.activate(platform.issuer, platform.clientId))) throw notFound('lti.admin.notFound');
    this.cache.delete(id);
    const updated = await updateLtiPlatformSettings(id, { ...settings, deployments });
    if (!updated) throw notFound('lti.admin.notFound');
    return updated;
  }

  /** Open registration links the actor may use: for an organisation they manage, or for none. */
  async openLinks(actor: Actor): Promise<LtiRegistrationLinkRecord[]> {
    this.access.organisations(actor);
    return this.access.filter(actor, await this.links.listOpen());
  }

  /** A new registration link (its token is shown once). */
  createLink(actor: Actor, orgId: string | null): Promise<{ token: string; expiresAt: Date }> {
    this.access.organisations(actor);
    this.access.check(actor, { orgId });
    return this.links.create(actor.personId!, orgId);
  }

  /** Revokes a link; one already gone is not an error. */
  async revokeLink(actor: Actor, id: string): Promise<void> {
    const link = await this.links.find(id);
    if (!link) return;
    this.access.check(actor, link);
    await this.links.revoke(link._id);
  }

  private async registerPlatform(input: LtiPlatformInput): Promise<LtiPlatform> {
    const { authUrl, tokenUrl, jwksUrl, ...ours } = input;
    const platform: LtiPlatform = {
      ...ours,
      id: ltiPlatformId(input.issuer, input.clientId),
      deployments: uniqueDeployments(input.deployments),
      createdAt: new Date(),
    };
    this.cache.delete(platform.id);
    if (!(await insertLtiPlatform(platform))) throw conflict('lti.admin.alreadyRegistered');
    try {
      await this.registrar.register({ ...ours, authUrl, tokenUrl, jwksUrl }, input.orgId !== null);
    } catch (err) {
      await deleteLtiPlatform(platform.id); // nothing half registered
      throw err;
    }
    return platform;
  }

  /**
   * Deployments with organisation codes resolved: an unknown code is a field error, one not
   * managed here is refused.
   */
  private deploymentsOf(actor: Actor, lines: DeploymentLine[]): LtiDeployment[] {
    return lines.map(({ id, orgCode }) => {
      if (orgCode === null) return { id, orgId: null };
      const org = this.tree.byCode(orgCode);
      if (!org)
        throw new DomainError('validation', 'errors.validation', {}, [
          { field: 'deploymentIds', messageKey: 'lti.admin.unknownOrgCode', params: { code: orgCode } },
        ]);
      if (!this.access.may(actor, { orgId: org.id })) throw forbidden();
      return { id, orgId: org.id };
    });
  }
}
