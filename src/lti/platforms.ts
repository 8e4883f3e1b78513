/**
 * Registered LMS platforms: ltijs keeps the protocol part (endpoints, keys), we keep which
 * organisation a platform belongs to, which deployments we accept from it and whether people
 * may be matched by e-mail. A dynamically registered platform stays inactive until an admin of
 * ours confirms its organisation.
 */
import type { Provider } from 'ltijs';
import { conflict, notFound } from '../domain/errors.js';
import { isDuplicateKey } from '../db/errors.js';
import { LtiPlatformModel, type LtiDeployment, type LtiPlatformRecord } from '../models/lti.js';

export interface PlatformInput {
  issuer: string;
  clientId: string;
  name: string;
  authUrl: string;
  tokenUrl: string;
  jwksUrl: string;
  deployments: LtiDeployment[];
  orgId: string | null;
  matchByEmail: boolean;
  registeredVia: LtiPlatformRecord['registeredVia'];
}

export const platformKey = (issuer: string, clientId: string) => `${issuer}|${clientId}`;

/** Every launch reads its registration; an admin's change reaches the other instances within this. */
const CACHE_MS = 5_000;

export class LtiPlatforms {
  private readonly cache = new Map<string, { record: LtiPlatformRecord | null; until: number }>();

  constructor(private readonly provider: Provider) {}

  async find(issuer: string, clientId: string): Promise<LtiPlatformRecord | null> {
    const id = platformKey(issuer, clientId);
    const hit = this.cache.get(id);
    if (hit && hit.until > Date.now()) return hit.record;
    const record = await LtiPlatformModel.findById(id).lean();
    this.cache.set(id, { record, until: Date.now() + CACHE_MS });
    return record;
  }

  async get(id: string): Promise<LtiPlatformRecord> {
    const record = await LtiPlatformModel.findById(id).lean();
    if (!record) throw notFound('lti.admin.notFound');
    return record;
  }

  /** All registrations: a handful per province, listed on the admin page. */
  async list(): Promise<LtiPlatformRecord[]> {
    return LtiPlatformModel.find().sort({ createdAt: 1 }).lean();
  }

  async register(input: PlatformInput): Promise<LtiPlatformRecord> {
    const _id = platformKey(input.issuer, input.clientId);
    this.cache.delete(_id);
    const record: LtiPlatformRecord = {
      _id,
      issuer: input.issuer,
      clientId: input.clientId,
      name: input.name,
      orgId: input.orgId,
      deployments: unique(input.deployments),
      matchByEmail: input.matchByEmail,
      registeredVia: input.registeredVia,
      createdAt: new Date(),
    };
    try {
      await LtiPlatformModel.create(record);
    } catch (err) {
      if (isDuplicateKey(err)) throw conflict('lti.admin.alreadyRegistered');
      throw err;
    }
    try {
      const platform = await this.provider.registerPlatform({
        url: input.issuer,
        clientId: input.clientId,
        name: input.name,
        authenticationEndpoint: input.authUrl,
        accesstokenEndpoint: input.tokenUrl,
        authConfig: { method: 'JWK_SET', key: input.jwksUrl },
      });
      await platform.platformActive(input.orgId !== null);
    } catch (err) {
      await LtiPlatformModel.deleteOne({ _id }); // nothing half registered
      throw err;
    }
    return record;
  }

  /** Confirms (or changes) the organisation and the accepted deployments; activates the platform. */
  async configure(
    id: string,
    changes: { orgId: string; deployments: LtiDeployment[]; matchByEmail: boolean },
  ): Promise<LtiPlatformRecord> {
    const record = await this.get(id);
    const platform = await this.provider.getPlatform(record.issuer, record.clientId);
    if (!platform) throw notFound('lti.admin.notFound');
    this.cache.delete(id);
    const updated = await LtiPlatformModel.findOneAndUpdate(
      { _id: id },
      { $set: { orgId: changes.orgId, deployments: unique(changes.deployments), matchByEmail: changes.matchByEmail } },
      { returnDocument: 'after' },
    ).lean();
    await platform.platformActive(true);
    return updated!;
  }

  /** The organisation a launch from this deployment belongs to, or null when we do not accept it. */
  static organisationFor(record: LtiPlatformRecord | null, deploymentId: string): string | null {
    const deployment = record?.orgId ? record.deployments.find((d) => d.id === deploymentId) : undefined;
    return deployment ? (deployment.orgId ?? record!.orgId) : null;
  }
}

/** One entry per deployment id (the last one given wins). */
const unique = (deployments: LtiDeployment[]) => [
  ...new Map(
    deployments.filter((d) => d.id.trim()).map((d) => [d.id.trim(), { id: d.id.trim(), orgId: d.orgId }]),
  ).values(),
];
