/**
 * The portals (SAML identity providers) admins have connected: adding one from its metadata URL
 * or pasted XML, changing its settings, refreshing URL-imported metadata (periodically, through
 * `scheduleMetadataRefresh`, started by src/server.ts), disconnecting it. What an admin does takes
 * the actor and asks the integration policy; sign-in reads portals through `find` and `all`.
 */
import { createHash } from 'node:crypto';
import { DomainError, conflict, notFound } from '../domain/errors.js';
import type { Organisation } from '../domain/organisation.js';
import type { IdpMetadataFields, IdpSettings, SamlIdp } from '../domain/samlIdp.js';
import type { Logger } from '../log.js';
import {
  allSamlIdps,
  deleteSamlIdp,
  findSamlIdp,
  insertSamlIdp,
  recordSamlIdpMetadataError,
  updateSamlIdpMetadata,
  updateSamlIdpSettings,
} from '../models/samlIdps.js';
import { OutboundRefused, refusalForAdmin, type OutboundClient } from '../outbound/client.js';
import { runPeriodically } from '../periodic.js';
import type { Actor } from '../policies/actor.js';
import { IntegrationAccess, type IntegrationTree } from './integrations/access.js';
import { parseIdpMetadata, type IdpMetadata } from './samlIdpMetadata.js';

export type { IdpSettings };
export type MetadataSource = { url: string } | { xml: string };

/** Deterministic and short: the IdP's id appears in identity keys and URLs. */
export const idpIdOf = (entityId: string) => createHash('sha256').update(entityId).digest('base64url').slice(0, 16);

const METADATA_TIMEOUT_MS = 15_000;
/** parseIdpMetadata refuses more than this anyway. */
const METADATA_MAX_BYTES = 5_000_000;

/** Through the guarded client: a portal's metadata URL is typed by an admin and must not reach inside. */
async function fetchMetadata(outbound: OutboundClient, url: string): Promise<string> {
  try {
    return await outbound.text(url, {
      timeoutMs: METADATA_TIMEOUT_MS,
      maxBytes: METADATA_MAX_BYTES,
      headers: { accept: 'application/samlmetadata+xml, application/xml, text/xml' },
    });
  } catch (err) {
    if (err instanceof OutboundRefused && err.reason !== 'unreachable') throw refusalForAdmin(err, 'metadataUrl');
    throw new DomainError('validation', 'saml.metadata.unreachable', { url });
  }
}

const metadataFields = (m: IdpMetadata): IdpMetadataFields => ({
  entityId: m.entityId,
  ssoUrl: m.ssoUrl,
  sloUrl: m.sloUrl,
  signingCerts: m.signingCerts,
});

export class SamlIdpService {
  private readonly access: IntegrationAccess;

  constructor(
    private readonly outbound: OutboundClient,
    tree: IntegrationTree,
  ) {
    this.access = new IntegrationAccess(tree);
  }

  /** Every portal, by name (the login page offers them all). */
  all(): Promise<SamlIdp[]> {
    return allSamlIdps();
  }

  /** A portal by id, whoever signs in through it. */
  find(id: string): Promise<SamlIdp | null> {
    return findSamlIdp(id);
  }

  /** The same, refused as not found when there is none. */
  async signInPortal(id: string): Promise<SamlIdp> {
    const idp = await findSamlIdp(id);
    if (!idp) throw notFound('saml.idpNotFound');
    return idp;
  }

  /** The organisations the actor may connect portals for; refused when there is none. */
  organisations(actor: Actor): Organisation[] {
    return this.access.organisations(actor);
  }

  /** The portals the actor manages. */
  async list(actor: Actor): Promise<SamlIdp[]> {
    this.access.organisations(actor);
    return this.access.filter(actor, await allSamlIdps());
  }

  async get(actor: Actor, id: string): Promise<SamlIdp> {
    this.access.organisations(actor);
    const idp = await this.signInPortal(id);
    this.access.check(actor, idp);
    return idp;
  }

  async add(actor: Actor, source: MetadataSource, settings: IdpSettings): Promise<SamlIdp> {
    this.access.organisations(actor);
    this.access.check(actor, settings);
    const metadata = parseIdpMetadata('url' in source ? await fetchMetadata(this.outbound, source.url) : source.xml);
    const now = new Date();
    const idp: SamlIdp = {
      id: idpIdOf(metadata.entityId),
      ...settings,
      ...metadataFields(metadata),
      metadataUrl: 'url' in source ? source.url : null,
      metadataFetchedAt: now,
      metadataError: null,
      createdAt: now,
      modifiedAt: now,
    };
    if (!(await insertSamlIdp(idp))) throw conflict('saml.idpExists', { entityId: metadata.entityId });
    return idp;
  }

  async update(actor: Actor, id: string, settings: IdpSettings): Promise<SamlIdp> {
    await this.get(actor, id);
    this.access.check(actor, settings);
    const updated = await updateSamlIdpSettings(id, settings);
    if (!updated) throw notFound('saml.idpNotFound');
    return updated;
  }

  /** New metadata for a portal the actor manages: from its URL, or pasted. */
  async refresh(actor: Actor, id: string, pasted?: string): Promise<SamlIdp> {
    await this.get(actor, id);
    return this.refreshMetadata(id, pasted);
  }

  async remove(actor: Actor, id: string): Promise<void> {
    await this.get(actor, id);
    await deleteSamlIdp(id);
  }

  /** New metadata for an IdP (the periodic job's part): from its URL, or pasted; it must describe the same entity. */
  async refreshMetadata(id: string, pasted?: string): Promise<SamlIdp> {
    const current = await this.signInPortal(id);
    if (!pasted && !current.metadataUrl) return current;
    try {
      const metadata = parseIdpMetadata(pasted ?? (await fetchMetadata(this.outbound, current.metadataUrl!)));
      if (metadata.entityId !== current.entityId)
        throw new DomainError('validation', 'saml.metadata.otherEntity', { entityId: metadata.entityId });
      return (await updateSamlIdpMetadata(id, metadataFields(metadata))) ?? current;
    } catch (err) {
      // Keep the last good metadata: a portal that is down for a while must not lock everyone out.
      const reason = err instanceof DomainError ? `${err.messageKey} ${JSON.stringify(err.params)}` : String(err);
      await recordSamlIdpMetadataError(id, reason);
      throw err;
    }
  }
}

/** Refreshes every URL-imported IdP now and then every `intervalMs`; returns the function that stops it. */
export function scheduleMetadataRefresh(idps: SamlIdpService, intervalMs: number, log: Logger): () => void {
  return runPeriodically(
    async () => {
      for (const idp of await idps.all()) {
        if (!idp.metadataUrl) continue;
        await idps
          .refreshMetadata(idp.id)
          .catch((err: unknown) =>
            log.warn({ err, idp: idp.entityId }, 'SAML metadata refresh failed; keeping the last good metadata'),
          );
      }
    },
    intervalMs,
    log,
    'SAML metadata refresh failed; will retry',
  );
}
