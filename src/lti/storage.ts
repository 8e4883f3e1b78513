/**
 * ltijs's database plugin (the contract of node_modules/ltijs/dist/Utils/Database.js: setup,
 * Close, Get, Insert, Replace, Modify, Delete), on our own connection. Every record's `_id` is
 * made from the fields ltijs finds it by, so the lookups of a launch are `_id` lookups; the rare
 * others (a platform by issuer alone, a key by kid) scan a collection of a few documents.
 * Expiry is ours: each kind has a lifetime, checked on read and purged periodically.
 * Records passed with an encryption key (signing keys, access tokens) are stored encrypted
 * (AES-256-GCM), only their index fields in clear.
 *
 * Every launch reads its platform's registration three times; those records change only when an
 * admin registers, confirms or re-keys a platform, so each instance keeps them for a few seconds
 * (and forgets them at once when it writes them itself).
 *
 * Every launch also rewrites the person's launch records (idtoken, contexttoken), which are the
 * same as last time when a student opens the same activity again. An instance that wrote the very
 * same record within the last hour skips the rewrite: the record stays valid for a day after its
 * last write, and nothing but expiry removes it.
 */
import { LRUCache } from 'lru-cache';
import { RecentWrites } from './recentWrites.js';
import { purposeKey, seal, unseal, type Secret } from './sealing.js';
import { isDuplicateKey } from '../db/errors.js';
import { isExpired } from '../db/expiry.js';
import { isNonceOfCurrentLogin, ltijsStateOf } from './loginGuard.js';
import { resolvedKeyFor } from './launchKeys.js';
import * as ltiRecords from '../services/ltiStore.js';
import type { LtiStoreKind, LtiStoreRecord } from '../services/ltiStore.js';

type Fields = Record<string, unknown>;

/** The fields ltijs looks each kind up by, in `_id` order. */
const keyFields: Record<LtiStoreKind, readonly string[]> = {
  platform: ['platformUrl', 'clientId'],
  platformStatus: ['id'],
  publickey: ['kid'],
  privatekey: ['kid'],
  accesstoken: ['platformUrl', 'clientId', 'scopes'],
  nonce: ['nonce'],
  state: ['state'],
  idtoken: ['iss', 'clientId', 'deploymentId', 'user'],
  contexttoken: ['contextId', 'user'],
};

const MINUTE = 60_000;
const CACHED_KINDS: ReadonlySet<LtiStoreKind> = new Set(['platform', 'platformStatus']);
export const PLATFORM_CACHE_MS = 5_000;
const UNCHANGED_KINDS: ReadonlySet<LtiStoreKind> = new Set(['idtoken', 'contexttoken']);
const REWRITE_AFTER_MS = 60 * MINUTE;
/** Lifetimes: a nonce outlives the id_token age we accept, so a replay within it is caught. */
const lifetimeMs: Partial<Record<LtiStoreKind, number>> = {
  nonce: 10 * MINUTE,
  state: 10 * MINUTE,
  accesstoken: 60 * MINUTE,
  idtoken: 24 * 60 * MINUTE,
  contexttoken: 24 * 60 * MINUTE,
};

function asKind(collection: string): LtiStoreKind {
  if (!(collection in keyFields)) throw new Error(`LTI storage: unknown collection ${collection}`);
  return collection as LtiStoreKind;
}

/** The `_id` for a record or a query, or null when it does not name every key field. */
export function idOf(kind: LtiStoreKind, fields: Fields): string | null {
  const parts: string[] = [];
  for (const f of keyFields[kind]) {
    const v = fields[f];
    if (typeof v !== 'string' && typeof v !== 'number') return null;
    parts.push(String(v));
  }
  return parts.join('|');
}

const isExactKeyQuery = (kind: LtiStoreKind, query: Fields) =>
  Object.keys(query).length === keyFields[kind].length && idOf(kind, query) !== null;
const matches = (doc: Fields, query: Fields) => Object.entries(query).every(([k, v]) => doc[k] === v);

const cipherKey = (secret: Secret) => purposeKey('lti-storage', secret);
const encrypt = (plain: Fields, secret: Secret) => seal(plain, cipherKey(secret), 'base64');
const decrypt = (stored: Fields, secret: Secret) =>
  unseal({ iv: String(stored.iv), data: String(stored.data) }, cipherKey(secret), 'base64') as Fields;

export class LtiStorage {
  private readonly cache = new LRUCache<string, { record: LtiStoreRecord; fields: Fields }[]>({
    max: 1_000,
    ttl: PLATFORM_CACHE_MS,
  });
  private readonly written = new RecentWrites(REWRITE_AFTER_MS);

  setup(): Promise<boolean> {
    return Promise.resolve(true); // our lifecycle opens and closes the connection
  }

  Close(): Promise<boolean> {
    return Promise.resolve(true);
  }

  async Get(encryptionKey: Secret | false, collection: string, query: Fields = {}): Promise<Fields[] | false> {
    const kind = asKind(collection);
    // ltijs asks whether a nonce was seen, then stores it: the store's unique `_id` answers both at
    // once and without a race between two posts of the same token, so the question is skipped.
    if (kind === 'nonce') return false;
    if (kind === 'state') {
      const { state, hasRecord } = ltijsStateOf(query.state);
      if (!hasRecord) return false;
      query = { ...query, state };
    }
    const records = await this.find(kind, query);
    if (!records.length) return false;
    return records.map(({ record, fields }) => {
      const value = encryptionKey ? decrypt(fields, encryptionKey) : fields;
      const key = kind === 'platform' ? resolvedKeyFor(value.platformUrl, value.clientId) : null;
      return {
        ...value,
        ...(key ? { authConfig: { method: 'RSA_KEY', key } } : {}),
        createdAt: record.createdAt.getTime(),
      };
    });
  }

  async Insert(encryptionKey: Secret | false, collection: string, item: Fields, index?: Fields): Promise<boolean> {
    const kind = asKind(collection);
    if (kind === 'nonce' && isNonceOfCurrentLogin(item.nonce)) return true;
    this.forgetAll(kind);
    const stored = this.stored(encryptionKey, item, index);
    const id = this.requireId(kind, stored);
    const now = new Date();
    try {
      await ltiRecords.insertLtiRecord(kind, {
        _id: id,
        data: JSON.stringify(stored),
        createdAt: now,
        expiresAt: this.expiryOf(kind, now),
      });
    } catch (err) {
      // A second insert of the same nonce is a replay; ltijs's own word for it names the refusal.
      if (kind === 'nonce' && isDuplicateKey(err)) throw new Error('NONCE_ALREADY_RECEIVED');
      throw err;
    }
    return true;
  }

  async Replace(
    encryptionKey: Secret | false,
    collection: string,
    query: Fields,
    item: Fields,
    index?: Fields,
  ): Promise<boolean> {
    const kind = asKind(collection);
    this.forget(kind);
    const stored = this.stored(encryptionKey, item, index);
    const id = this.requireId(kind, stored);
    const exact = isExactKeyQuery(kind, query);
    const data = JSON.stringify(stored);
    if (exact && UNCHANGED_KINDS.has(kind) && this.written.has(`${kind}|${id}`, data)) return true;
    const previous = exact ? [] : (await this.find(kind, query)).filter(({ record }) => record._id !== id);
    const now = new Date();
    await ltiRecords.replaceLtiRecord(kind, id, { data, createdAt: now, expiresAt: this.expiryOf(kind, now) });
    if (UNCHANGED_KINDS.has(kind)) this.written.remember(`${kind}|${id}`, data);
    for (const { record } of previous) await ltiRecords.deleteLtiRecord(kind, record._id);
    return true;
  }

  async Modify(
    encryptionKey: Secret | false,
    collection: string,
    query: Fields,
    modification: Fields,
  ): Promise<boolean> {
    const kind = asKind(collection);
    this.forgetAll(kind);
    for (const { record, fields } of await this.load(kind, query)) {
      const next = encryptionKey
        ? { ...fields, ...encrypt({ ...decrypt(fields, encryptionKey), ...modification }, encryptionKey) }
        : { ...fields, ...modification };
      const id = idOf(kind, next);
      if (id === record._id || id === null) {
        await ltiRecords.setLtiRecord(kind, record._id, { data: JSON.stringify(next) });
      } else {
        // The key fields changed (a platform re-keyed): the record moves to its new `_id`.
        await ltiRecords.insertLtiRecord(kind, {
          _id: id,
          data: JSON.stringify(next),
          createdAt: record.createdAt,
          expiresAt: record.expiresAt,
        });
        await ltiRecords.deleteLtiRecord(kind, record._id);
      }
    }
    return true;
  }

  async Delete(collection: string, query: Fields): Promise<boolean> {
    const kind = asKind(collection);
    if (kind === 'state') query = { ...query, state: ltijsStateOf(query.state).state };
    this.forgetAll(kind);
    if (isExactKeyQuery(kind, query)) {
      await ltiRecords.deleteLtiRecord(kind, idOf(kind, query)!);
      return true;
    }
    for (const { record } of await this.load(kind, query)) await ltiRecords.deleteLtiRecord(kind, record._id);
    return true;
  }

  /** Keeps a record until `expiresAt` (an old public key during a key rotation). */
  async expireAt(kind: LtiStoreKind, id: string, expiresAt: Date): Promise<void> {
    this.forgetAll(kind);
    await ltiRecords.setLtiRecord(kind, id, { expiresAt });
  }

  private async find(kind: LtiStoreKind, query: Fields): Promise<{ record: LtiStoreRecord; fields: Fields }[]> {
    if (!CACHED_KINDS.has(kind) || !isExactKeyQuery(kind, query)) return this.load(kind, query);
    const key = `${kind}|${idOf(kind, query)}`;
    const hit = this.cache.get(key);
    if (hit) return hit;
    const records = await this.load(kind, query);
    this.cache.set(key, records);
    return records;
  }

  /** Before a write other than a Replace: cached reads and memories of writes of that kind are stale. */
  private forgetAll(kind: LtiStoreKind): void {
    this.forget(kind);
    if (UNCHANGED_KINDS.has(kind)) this.written.clear();
  }

  private forget(kind: LtiStoreKind): void {
    if (!CACHED_KINDS.has(kind)) return;
    for (const key of [...this.cache.keys()]) if (key.startsWith(`${kind}|`)) this.cache.delete(key);
  }

  private async load(kind: LtiStoreKind, query: Fields): Promise<{ record: LtiStoreRecord; fields: Fields }[]> {
    const records = isExactKeyQuery(kind, query)
      ? [await ltiRecords.findLtiRecord(kind, idOf(kind, query)!)].filter((r) => r !== null)
      : await ltiRecords.allLtiRecords(kind);
    const now = new Date();
    return records
      .filter((record) => !isExpired(record.expiresAt, now))
      .map((record) => ({ record, fields: JSON.parse(record.data) as Fields }))
      .filter(({ fields }) => matches(fields, query));
  }

  private stored(encryptionKey: Secret | false, item: Fields, index?: Fields): Fields {
    if (!encryptionKey) return item;
    if (!index) throw new Error('LTI storage: an encrypted record needs its index fields');
    return { ...index, ...encrypt(item, encryptionKey) };
  }

  private requireId(kind: LtiStoreKind, stored: Fields): string {
    const id = idOf(kind, stored);
    if (id === null) throw new Error(`LTI storage: a ${kind} record lacks ${keyFields[kind].join(', ')}`);
    return id;
  }

  private expiryOf(kind: LtiStoreKind, now: Date): Date | null {
    const ms = lifetimeMs[kind];
    return ms === undefined ? null : new Date(now.getTime() + ms);
  }
}
