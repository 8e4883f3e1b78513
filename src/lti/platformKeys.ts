/**
 * The platforms' signing keys, cached. ltijs would fetch a platform's JWKS on every launch (an
 * HTTP round trip to the LMS inside every launch); instead, just before ltijs verifies an
 * id_token, we look its `kid` up in a JWKS we fetched recently (again at once when the `kid` is
 * new: the platform rotated its keys) and hand ltijs that one public key for this request only.
 * The signature is still checked by ltijs, against a key from the platform's JWKS.
 */
import { createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from '../log.js';
import type { OutboundClient } from '../outbound/client.js';
import { withLaunchKey } from './launchKeys.js';
import type { LtiStorage } from './storage.js';

const FRESH_MS = 10 * 60_000;
/** A `kid` we do not know triggers a new fetch, but not more often than this (forged kids cost nothing). */
const REFETCH_MS = 10_000;
const TIMEOUT_MS = 5_000;
const MAX_BYTES = 256 * 1024;

function claimsOf(idToken: string): { kid?: unknown; iss?: unknown; aud?: unknown } {
  try {
    const [header, payload] = idToken
      .split('.')
      .slice(0, 2)
      .map((p) => JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as Record<string, unknown>);
    return { kid: header?.kid, iss: payload?.iss, aud: payload?.aud };
  } catch {
    return {};
  }
}

export class PlatformKeys {
  private readonly sets = new Map<string, { keys: Map<string, KeyObject>; fetchedAt: number }>();

  constructor(
    private readonly storage: LtiStorage,
    private readonly outbound: OutboundClient,
    private readonly log: Logger,
  ) {}

  async keyFor(jwksUrl: string, kid: string): Promise<KeyObject | null> {
    const cached = this.sets.get(jwksUrl);
    const age = cached ? Date.now() - cached.fetchedAt : Infinity;
    const known = cached?.keys.get(kid);
    if (known && age < FRESH_MS) return known;
    if (age < REFETCH_MS) return known ?? null;
    const { keys } = (await this.outbound.json(jwksUrl, { timeoutMs: TIMEOUT_MS, maxBytes: MAX_BYTES })) as {
      keys?: (JsonWebKey & { kid?: string })[];
    };
    const byKid = new Map<string, KeyObject>();
    for (const jwk of keys ?? []) {
      if (typeof jwk.kid === 'string' && jwk.kty === 'RSA')
        byKid.set(jwk.kid, createPublicKey({ key: jwk, format: 'jwk' }));
    }
    this.sets.set(jwksUrl, { keys: byKid, fetchedAt: Date.now() });
    return byKid.get(kid) ?? null;
  }

  /** Before ltijs checks an id_token post: find its key, and run the rest of the request with it. */
  middleware(launchPath: string) {
    return (req: Request, res: Response, next: NextFunction): void => {
      const body = (req.body ?? {}) as Record<string, unknown>;
      if (req.path !== launchPath || req.method !== 'POST' || typeof body.id_token !== 'string') return next();
      const { kid, iss, aud } = claimsOf(body.id_token);
      const clientId = Array.isArray(aud) ? aud[0] : aud;
      if (typeof kid !== 'string' || typeof iss !== 'string' || typeof clientId !== 'string') return next();
      this.resolve(iss, clientId, kid).then(
        (key) => (key ? withLaunchKey({ platformUrl: iss, clientId, key }, next) : next()),
        (err: unknown) => {
          this.log.warn({ err, platform: iss }, 'platform JWKS could not be fetched');
          next(); // ltijs tries itself and refuses the launch with our page if it fails too
        },
      );
    };
  }

  private async resolve(platformUrl: string, clientId: string, kid: string): Promise<KeyObject | null> {
    const [platform] = (await this.storage.Get(false, 'platform', { platformUrl, clientId })) || [];
    const authConfig = platform?.authConfig as { method?: string; key?: string } | undefined;
    if (authConfig?.method !== 'JWK_SET' || !authConfig.key) return null;
    return this.keyFor(authConfig.key, kid);
  }
}
