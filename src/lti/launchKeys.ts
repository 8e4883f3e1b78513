/**
 * The platform key resolved for this request (src/lti/platformKeys.ts resolves it before ltijs
 * verifies an id_token; src/lti/storage.ts hands it to ltijs with the platform's record).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { KeyObject } from 'node:crypto';

interface LaunchKey {
  platformUrl: string;
  clientId: string;
  /** A key object, not PEM text: jsonwebtoken would parse PEM text again on every launch. */
  key: KeyObject;
}

const launchKey = new AsyncLocalStorage<LaunchKey>();

/** Runs `next` with `key` as this platform's key for the rest of the request. */
export function withLaunchKey(resolved: LaunchKey, next: () => void): void {
  launchKey.run(resolved, next);
}

/** The key our storage hands ltijs for this platform during this request, if one was resolved. */
export function resolvedKeyFor(platformUrl: unknown, clientId: unknown): KeyObject | null {
  const resolved = launchKey.getStore();
  return resolved && resolved.platformUrl === platformUrl && resolved.clientId === clientId ? resolved.key : null;
}
