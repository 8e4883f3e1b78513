/**
 * Sessions in the database, so any instance behind the load balancer can serve any request.
 * Expiry is checked on read and purged periodically (src/db/expiry.ts), not by a TTL index.
 */
import session, { Store, type SessionData } from 'express-session';
import type { RequestHandler } from 'express';
import { endSession, extendSessionTo, sessionData, storeSession } from '../services/webSessions.js';

type Callback<T = void> = (err?: unknown, value?: T) => void;

/** A session's expiry is pushed back at most this often: a write on every request would cost more than the request. */
const TOUCH_INTERVAL_MS = 5 * 60_000;
const MAX_REMEMBERED_TOUCHES = 50_000;

export class DatabaseSessionStore extends Store {
  /** When this instance last pushed back each session's expiry (a cache: any instance may touch). */
  private readonly lastTouch = new Map<string, number>();

  constructor(private readonly ttlMs: number) {
    super();
  }

  override get(sid: string, callback: Callback<SessionData | null>): void {
    sessionData(sid).then((data) => callback(undefined, data ? (JSON.parse(data) as SessionData) : null), callback);
  }

  override set(sid: string, data: SessionData, callback?: Callback): void {
    storeSession(sid, JSON.stringify(data), this.expiryOf(data)).then(
      () => callback?.(),
      (err: unknown) => callback?.(err),
    );
  }

  override touch(sid: string, data: SessionData, callback?: Callback): void {
    const now = Date.now();
    if (now - (this.lastTouch.get(sid) ?? 0) < TOUCH_INTERVAL_MS) return callback?.();
    if (this.lastTouch.size >= MAX_REMEMBERED_TOUCHES) this.lastTouch.clear();
    extendSessionTo(sid, this.expiryOf(data)).then(
      () => {
        this.lastTouch.set(sid, now);
        callback?.();
      },
      (err: unknown) => callback?.(err),
    );
  }

  override destroy(sid: string, callback?: Callback): void {
    this.lastTouch.delete(sid);
    endSession(sid).then(
      () => callback?.(),
      (err: unknown) => callback?.(err),
    );
  }

  private expiryOf(data: SessionData): Date {
    const expires = data.cookie?.expires;
    return expires ? new Date(expires) : new Date(Date.now() + this.ttlMs);
  }
}

export const SESSION_COOKIE = 'tvs.sid';

export function sessionMiddleware(options: { secret: string; ttlMs: number; secureCookies: boolean }): RequestHandler {
  return session({
    name: SESSION_COOKIE,
    secret: options.secret,
    store: new DatabaseSessionStore(options.ttlMs),
    resave: false,
    saveUninitialized: false,
    rolling: true,
    cookie: { httpOnly: true, sameSite: 'lax', secure: options.secureCookies, maxAge: options.ttlMs },
  });
}
