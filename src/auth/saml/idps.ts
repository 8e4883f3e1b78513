/**
 * The portals (identity providers) admins have connected: adding one from its metadata URL or
 * pasted XML, changing its settings, and refreshing URL-imported metadata (run periodically by
 * src/server.ts through `scheduleMetadataRefresh`).
 */
import { createHash } from 'node:crypto';
import { DomainError, conflict, notFound } from '../../domain/errors.js';
import type { Logger } from '../../log.js';
import {
  SamlIdpModel,
  type AttributeMapping,
  type SamlIdpRecord,
  type SignatureRequirement,
} from '../../models/samlIdp.js';
import { parseIdpMetadata, type IdpMetadata } from './idpMetadata.js';
import { runPeriodically } from '../../periodic.js';
import { OutboundRefused, refusalForAdmin, type OutboundClient } from '../../outbound/client.js';

export interface IdpSettings {
  name: string;
  orgId: string;
  mapping: AttributeMapping;
  signature: SignatureRequirement;
  allowUnsolicited: boolean;
  clockSkewMs: number;
  matchByEmail: boolean;
}

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

export class IdpDirectory {
  constructor(private readonly outbound: OutboundClient) {}

  async list(): Promise<SamlIdpRecord[]> {
    // A handful of portals per installation: reading them all is cheap.
    return (await SamlIdpModel.find().lean()).sort((a, b) => a.name.localeCompare(b.name, 'vi'));
  }

  async get(id: string): Promise<SamlIdpRecord> {
    const record = await this.find(id);
    if (!record) throw notFound('saml.idpNotFound');
    return record;
  }

  async find(id: string): Promise<SamlIdpRecord | null> {
    return SamlIdpModel.findById(id).lean();
  }

  async add(source: MetadataSource, settings: IdpSettings): Promise<SamlIdpRecord> {
    const metadata = parseIdpMetadata('url' in source ? await fetchMetadata(this.outbound, source.url) : source.xml);
    const now = new Date();
    const record: SamlIdpRecord = {
      _id: idpIdOf(metadata.entityId),
      ...settings,
      ...metadataFields(metadata),
      metadataUrl: 'url' in source ? source.url : null,
      metadataFetchedAt: now,
      metadataError: null,
      createdAt: now,
      modifiedAt: now,
    };
    if (await SamlIdpModel.exists({ _id: record._id }))
      throw conflict('saml.idpExists', { entityId: metadata.entityId });
    await SamlIdpModel.create(record);
    return record;
  }

  async update(id: string, settings: IdpSettings): Promise<SamlIdpRecord> {
    const updated = await SamlIdpModel.findOneAndUpdate(
      { _id: id },
      { $set: { ...settings, modifiedAt: new Date() } },
      { returnDocument: 'after' },
    ).lean();
    if (!updated) throw notFound('saml.idpNotFound');
    return updated;
  }

  /** New metadata for an IdP: from its URL, or pasted; it must describe the same entity. */
  async refresh(id: string, pasted?: string): Promise<SamlIdpRecord> {
    const current = await this.get(id);
    if (!pasted && !current.metadataUrl) return current;
    try {
      const metadata = parseIdpMetadata(pasted ?? (await fetchMetadata(this.outbound, current.metadataUrl!)));
      if (metadata.entityId !== current.entityId)
        throw new DomainError('validation', 'saml.metadata.otherEntity', { entityId: metadata.entityId });
      const updated = await SamlIdpModel.findOneAndUpdate(
        { _id: id },
        { $set: { ...metadataFields(metadata), metadataFetchedAt: new Date(), metadataError: null } },
        { returnDocument: 'after' },
      ).lean();
      return updated ?? current;
    } catch (err) {
      // Keep the last good metadata: a portal that is down for a while must not lock everyone out.
      const reason = err instanceof DomainError ? `${err.messageKey} ${JSON.stringify(err.params)}` : String(err);
      await SamlIdpModel.updateOne({ _id: id }, { $set: { metadataError: reason } });
      throw err;
    }
  }

  async remove(id: string): Promise<void> {
    await SamlIdpModel.deleteOne({ _id: id });
  }
}

function metadataFields(m: IdpMetadata): Pick<SamlIdpRecord, 'entityId' | 'ssoUrl' | 'sloUrl' | 'signingCerts'> {
  return { entityId: m.entityId, ssoUrl: m.ssoUrl, sloUrl: m.sloUrl, signingCerts: m.signingCerts };
}

/** Refreshes every URL-imported IdP now and then every `intervalMs`; returns the function that stops it. */
export function scheduleMetadataRefresh(idps: IdpDirectory, intervalMs: number, log: Logger): () => void {
  return runPeriodically(
    async () => {
      for (const idp of await idps.list()) {
        if (!idp.metadataUrl) continue;
        await idps
          .refresh(idp._id)
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
