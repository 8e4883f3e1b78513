/**
 * Configuration: defaults here, environment variables override them, everything validated at
 * start-up. A bad value stops the process with one line naming the variable (see ConfigError).
 * Imports nothing from src.
 */
import { X509Certificate, createPrivateKey } from 'node:crypto';
import fs from 'node:fs';
import { isIP } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { loadOrCreateDevSecrets, type DevSecrets } from './secrets.js';

/**
 * The folder holding package.json, views/ and config/locales/: one up from this file when it runs
 * as TypeScript (config/index.ts), two up when compiled (dist/config/index.js).
 */
export const projectRoot = findProjectRoot(path.dirname(fileURLToPath(import.meta.url)));

function findProjectRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return path.resolve(from, '..');
  }
}

const MB = 1024 * 1024;

const booleanFromEnv = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const secret = z.string().min(32, { error: 'must be at least 32 characters' });

const milliseconds = (min: number, max: number, fallback: number) =>
  z.coerce
    .number({ error: 'must be a number' })
    .int({ error: 'must be a whole number' })
    .min(min, { error: `must be between ${min} and ${max}` })
    .max(max, { error: `must be between ${min} and ${max}` })
    .default(fallback);

/**
 * One row per environment variable. `secret` rows have no default in production; in development
 * and test they are generated once and kept under DATA_DIR (config/secrets.ts).
 */
const variables = {
  NODE_ENV: z
    .enum(['development', 'test', 'production'], { error: 'must be development, test or production' })
    .default('development'),
  PORT: z.coerce
    .number({ error: 'must be a number' })
    .int({ error: 'must be a whole number' })
    .min(0)
    .max(65535, { error: 'must be between 0 and 65535' })
    .default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  BASE_URL: z
    .url({ protocol: /^https?$/, error: 'must be an absolute http(s) URL such as https://thuvien.example.edu.vn' })
    .refine((u) => !u.endsWith('/'), { error: 'must not end with /' })
    .optional(),
  MONGODB_URI: z
    .string()
    .regex(/^mongodb(\+srv)?:\/\//, { error: 'must start with mongodb:// or mongodb+srv://' })
    .optional(),
  DB_NAME: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,63}$/, { error: 'must be 1-63 letters, digits, _ or -' })
    .default('thuvienso'),
  DATA_DIR: z.string().min(1).default('data'),
  FERRETDB_BIN: z.string().min(1).optional(),
  DB_TIMEOUT_MS: z.coerce
    .number({ error: 'must be a number' })
    .int()
    .min(500)
    .max(600_000, { error: 'must be between 500 and 600000' })
    .default(30_000),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      error: 'must be one of fatal, error, warn, info, debug, trace, silent',
    })
    .default('info'),
  LOG_FORMAT: z.enum(['pretty', 'json'], { error: 'must be pretty or json' }).optional(),
  TRUST_PROXY: z.string().default('false'),
  SHUTDOWN_GRACE_MS: z.coerce.number({ error: 'must be a number' }).int().min(0).max(120_000).default(10_000),
  HTTP_HEADERS_TIMEOUT_MS: milliseconds(1000, 600_000, 20_000),
  HTTP_REQUEST_TIMEOUT_MS: milliseconds(1000, 24 * 3600_000, 30 * 60_000),
  HTTP_KEEP_ALIVE_TIMEOUT_MS: milliseconds(100, 600_000, 5000),
  HTTP_IDLE_TIMEOUT_MS: milliseconds(1000, 3600_000, 120_000),
  SESSION_TTL_HOURS: z.coerce
    .number({ error: 'must be a number' })
    .positive({ error: 'must be positive' })
    .max(24 * 30)
    .default(12),
  UPLOAD_MAX_BYTES: z.coerce
    .number({ error: 'must be a number' })
    .int()
    .positive({ error: 'must be positive' })
    .default(500 * MB),
  SEED_DEMO_DATA: booleanFromEnv.optional(),
  ADMIN_EMAIL: z.email({ error: 'must be an e-mail address' }).default('thuvien@example.edu.vn'),
  /** Where notices by e-mail go out (smtp://user:pass@host:587 or smtps://…); none: notices stay in the app. */
  SMTP_URL: z.url({ protocol: /^smtps?$/, error: 'must be an smtp:// or smtps:// URL' }).optional(),
  SESSION_SECRET: secret.optional(),
  TOKEN_SECRET: secret.optional(),
  LTI_KEY_SECRET: secret.optional(),
  SAML_SP_KEY: z.string().min(1).optional(),
  SAML_SP_CERT: z.string().min(1).optional(),
  METRICS_TOKEN: z.string().min(24, { error: 'must be at least 24 characters' }).optional(),
  METRICS_ALLOW: z
    .string()
    .refine((list) => list.split(',').every((entry) => isAddressOrNetwork(entry.trim())), {
      error: 'must be a comma-separated list of addresses or networks such as 10.0.0.0/8, ::1',
    })
    .optional(),
  OAI_REPOSITORY_ID: z
    .string()
    .regex(/^[a-zA-Z][a-zA-Z0-9-]*(\.[a-zA-Z][a-zA-Z0-9-]*)+$/, {
      error: 'must be a domain name such as thuvien.example.edu.vn',
    })
    .optional(),
  OAI_PAGE_SIZE: z.coerce
    .number({ error: 'must be a number' })
    .int({ error: 'must be a whole number' })
    .min(1)
    .max(1000, { error: 'must be between 1 and 1000' })
    .default(100),
  OAI_TOKEN_TTL_HOURS: z.coerce
    .number({ error: 'must be a number' })
    .positive({ error: 'must be positive' })
    .max(24 * 30)
    .default(24),
  OPENSEARCH_URL: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL such as http://127.0.0.1:9200' })
    .refine((u) => !u.endsWith('/'), { error: 'must not end with /' })
    .optional(),
  OPENSEARCH_INDEX: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]{0,100}$/, { error: 'must be lower-case letters, digits, _ or - (an index name)' })
    .default('thuvien-resources'),
  HARVEST_LEASE_SECONDS: z.coerce
    .number({ error: 'must be a number' })
    .int()
    .min(1)
    .max(3600, { error: 'must be between 1 and 3600' })
    .default(300),
  /** How often the memory engine's snapshot is written when the index changed (0: never, none read at start). */
  SEARCH_SNAPSHOT_SECONDS: z.coerce
    .number({ error: 'must be a number' })
    .int()
    .min(0)
    .max(86_400, { error: 'must be between 0 and 86400' })
    .default(300),
  USAGE_FOLD_SECONDS: z.coerce
    .number({ error: 'must be a number' })
    .int()
    .min(1)
    .max(3600, { error: 'must be between 1 and 3600' })
    .default(30),
  IMPORT_LEASE_SECONDS: z.coerce
    .number({ error: 'must be a number' })
    .int()
    .min(1)
    .max(3600, { error: 'must be between 1 and 3600' })
    .default(120),
  UPLOAD_SWEEP_AFTER_SECONDS: z.coerce
    .number({ error: 'must be a number' })
    .int()
    .min(1)
    .max(7 * 24 * 3600, { error: 'must be between 1 and 604800' })
    .default(6 * 3600),
  OUTBOUND_ALLOW: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((e) => e.trim())
        .filter(Boolean),
    )
    .pipe(
      z.array(
        z.string().regex(/^(\[?[0-9a-fA-F:.]+\]?(\/\d{1,3})?|[A-Za-z0-9.-]+)$/, {
          error: 'must be a comma-separated list of host names, addresses and CIDR ranges',
        }),
      ),
    ),
  LIBRARY_STATS_WARM_SECONDS: z.coerce
    .number({ error: 'must be a number' })
    .int()
    .min(0)
    .max(86_400, { error: 'must be between 0 and 86400' })
    .default(300),
  TEST_KILL_AFTER_STEP: z
    .string()
    .regex(/^([a-zA-Z]+\.[a-zA-Z]+)?$/, { error: 'must name a step as service.step' })
    .optional(),
} satisfies Record<string, z.ZodType>;

type Variables = { [K in keyof typeof variables]: z.output<(typeof variables)[K]> };

const secretNames = [
  'SESSION_SECRET',
  'TOKEN_SECRET',
  'LTI_KEY_SECRET',
] as const satisfies readonly (keyof typeof variables)[];

export interface Config {
  env: 'development' | 'test' | 'production';
  port: number;
  host: string;
  baseUrl: string;
  database: { uri: string | undefined; name: string; timeoutMs: number };
  dataDir: string;
  ferretdbBinary: string | undefined;
  logLevel: Variables['LOG_LEVEL'];
  /** Human-readable lines (development) or JSON lines (everything else). */
  logFormat: 'pretty' | 'json';
  /** Who may read /metrics: holders of the bearer token, and clients from these addresses or networks. */
  metrics: { token: string | undefined; allow: string[] };
  trustProxy: boolean | number | string;
  shutdownGraceMs: number;
  /** How long slow clients may take (src/http/server.ts). */
  http: HttpTimeouts;
  sessionTtlMs: number;
  uploadMaxBytes: number;
  seedDemoData: boolean;
  adminEmail: string;
  /** Notices by e-mail (holds ready at the desk), sent from `adminEmail`; null: in the app only. */
  smtpUrl: string | null;
  oai: { repositoryId: string; pageSize: number; tokenTtlMs: number };
  /** How long an instance holds a source it harvests without renewing: after a crash, another takes over then. */
  harvestLeaseMs: number;
  /** How often usage events are folded into the counts (views, statistics): how late those may be. */
  usageFoldMs: number;
  /** How long an instance holds an import job without renewing it (it renews after every record). */
  importLeaseMs: number;
  /** The search engine: OpenSearch when a URL is set, else the in-process index. */
  search: {
    openSearchUrl: string | undefined;
    index: string;
    /** How often the memory engine's snapshot is written (0: no snapshot). */
    snapshotMs: number;
  };
  /** What an upload that a dead process left half stored is swept after (longer than any upload takes). */
  uploadSweepAfterMs: number;
  /** Hosts, addresses and CIDR ranges outgoing requests may reach although loopback, private or special-purpose (src/outbound). */
  outboundAllow: string[];
  secrets: DevSecrets;
  /** Our SAML service provider's key and certificate (PEM); null: generated once under DATA_DIR (development and test only). */
  samlSp: { key: string; cert: string } | null;
  /** How often every school's dashboard figures of the current school year are counted ahead (0: only on demand). */
  libraryStatsWarmMs: number;
  /** Fault tests only (NODE_ENV=test): the step after which the process kills itself, as a kill -9 there would. */
  testKillAfterStep: string | null;
}

export interface HttpTimeouts {
  /** To send the request's headers. */
  headersMs: number;
  /** To send the whole request, body included (the largest upload on the slowest connection). */
  requestMs: number;
  /** An idle kept-alive connection stays open this long after its last answer. */
  keepAliveMs: number;
  /** A connection on which nothing moves for this long is closed. */
  idleMs: number;
}

/** A configuration problem, worded for the person starting the process, in Vietnamese then English. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    readonly problem: string,
  ) {
    super(`Cấu hình không hợp lệ / Invalid configuration: ${variable} ${problem}`);
    this.name = 'ConfigError';
  }
}

function isAddressOrNetwork(entry: string): boolean {
  const [address = '', bits, extra] = entry.split('/');
  const version = isIP(address);
  if (!version || extra !== undefined) return false;
  return bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= (version === 4 ? 32 : 128));
}

function parseTrustProxy(value: string): boolean | number | string {
  if (value === 'true') return true;
  if (value === 'false' || value === '') return false;
  if (/^\d+$/.test(value)) return Number(value);
  return value;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const values = {} as Record<string, unknown>;
  for (const [name, schema] of Object.entries(variables)) {
    const raw = env[name];
    const result = schema.safeParse(raw === '' ? undefined : raw);
    if (!result.success) {
      throw new ConfigError(name, result.error.issues[0]?.message ?? 'is invalid');
    }
    values[name] = result.data;
  }
  const v = values as Variables;

  const dataDir = path.resolve(projectRoot, v.DATA_DIR);
  const production = v.NODE_ENV === 'production';
  if (production) {
    for (const name of secretNames) {
      if (!v[name]) throw new ConfigError(name, 'is required when NODE_ENV=production (at least 32 random characters)');
    }
    if (!v.BASE_URL) throw new ConfigError('BASE_URL', 'is required when NODE_ENV=production');
    if (!v.SAML_SP_KEY || !v.SAML_SP_CERT)
      throw new ConfigError(
        v.SAML_SP_KEY ? 'SAML_SP_CERT' : 'SAML_SP_KEY',
        'is required when NODE_ENV=production (PEM text or the path of a PEM file)',
      );
  }
  const secrets: DevSecrets = production
    ? { sessionSecret: v.SESSION_SECRET!, tokenSecret: v.TOKEN_SECRET!, ltiKeySecret: v.LTI_KEY_SECRET! }
    : {
        ...loadOrCreateDevSecrets(dataDir),
        ...definedOnly({
          sessionSecret: v.SESSION_SECRET,
          tokenSecret: v.TOKEN_SECRET,
          ltiKeySecret: v.LTI_KEY_SECRET,
        }),
      };

  const baseUrl = v.BASE_URL ?? `http://localhost:${v.PORT}`;
  return {
    env: v.NODE_ENV,
    port: v.PORT,
    host: v.HOST,
    baseUrl,
    database: { uri: v.MONGODB_URI, name: v.DB_NAME, timeoutMs: v.DB_TIMEOUT_MS },
    dataDir,
    ferretdbBinary: v.FERRETDB_BIN ? path.resolve(projectRoot, v.FERRETDB_BIN) : undefined,
    logLevel: v.LOG_LEVEL,
    logFormat: v.LOG_FORMAT ?? (v.NODE_ENV === 'development' ? 'pretty' : 'json'),
    metrics: { token: v.METRICS_TOKEN, allow: v.METRICS_ALLOW?.split(',').map((a) => a.trim()) ?? [] },
    trustProxy: parseTrustProxy(v.TRUST_PROXY),
    shutdownGraceMs: v.SHUTDOWN_GRACE_MS,
    http: httpTimeouts(v),
    sessionTtlMs: v.SESSION_TTL_HOURS * 3600_000,
    uploadMaxBytes: v.UPLOAD_MAX_BYTES,
    seedDemoData: v.SEED_DEMO_DATA ?? (!production && !v.MONGODB_URI),
    adminEmail: v.ADMIN_EMAIL,
    smtpUrl: v.SMTP_URL ?? null,
    oai: {
      repositoryId: v.OAI_REPOSITORY_ID ?? repositoryIdFrom(baseUrl),
      pageSize: v.OAI_PAGE_SIZE,
      tokenTtlMs: v.OAI_TOKEN_TTL_HOURS * 3600_000,
    },
    harvestLeaseMs: v.HARVEST_LEASE_SECONDS * 1000,
    usageFoldMs: v.USAGE_FOLD_SECONDS * 1000,
    importLeaseMs: v.IMPORT_LEASE_SECONDS * 1000,
    search: {
      openSearchUrl: v.OPENSEARCH_URL,
      index: v.OPENSEARCH_INDEX,
      snapshotMs: v.SEARCH_SNAPSHOT_SECONDS * 1000,
    },
    uploadSweepAfterMs: v.UPLOAD_SWEEP_AFTER_SECONDS * 1000,
    outboundAllow: v.OUTBOUND_ALLOW,
    secrets,
    samlSp: v.SAML_SP_KEY && v.SAML_SP_CERT ? samlKeyPair(v.SAML_SP_KEY, v.SAML_SP_CERT) : null,
    libraryStatsWarmMs: v.LIBRARY_STATS_WARM_SECONDS * 1000,
    testKillAfterStep: v.NODE_ENV === 'test' ? v.TEST_KILL_AFTER_STEP || null : null,
  };
}

function httpTimeouts(v: Variables): HttpTimeouts {
  // Node refuses a headers timeout longer than the request timeout.
  if (v.HTTP_HEADERS_TIMEOUT_MS > v.HTTP_REQUEST_TIMEOUT_MS)
    throw new ConfigError('HTTP_HEADERS_TIMEOUT_MS', 'must not be longer than HTTP_REQUEST_TIMEOUT_MS');
  return {
    headersMs: v.HTTP_HEADERS_TIMEOUT_MS,
    requestMs: v.HTTP_REQUEST_TIMEOUT_MS,
    keepAliveMs: v.HTTP_KEEP_ALIVE_TIMEOUT_MS,
    idleMs: v.HTTP_IDLE_TIMEOUT_MS,
  };
}

/** SAML_SP_KEY / SAML_SP_CERT: PEM text, or the path of a PEM file; the key must belong to the certificate. */
function samlKeyPair(keyValue: string, certValue: string): { key: string; cert: string } {
  const pem = (name: string, value: string) => {
    if (value.includes('-----BEGIN')) return value.replace(/\\n/g, '\n');
    try {
      return fs.readFileSync(path.resolve(projectRoot, value), 'utf8');
    } catch {
      throw new ConfigError(name, `must be PEM text or the path of a readable PEM file (cannot read ${value})`);
    }
  };
  const key = pem('SAML_SP_KEY', keyValue);
  const cert = pem('SAML_SP_CERT', certValue);
  let parsed: { key: ReturnType<typeof createPrivateKey>; cert: X509Certificate };
  try {
    parsed = { key: createPrivateKey(key), cert: new X509Certificate(cert) };
  } catch {
    throw new ConfigError('SAML_SP_KEY', 'and SAML_SP_CERT must be a PEM private key and a PEM X.509 certificate');
  }
  if (!parsed.cert.checkPrivateKey(parsed.key))
    throw new ConfigError('SAML_SP_KEY', 'does not belong to the certificate in SAML_SP_CERT');
  return { key, cert };
}

/** OAI-PMH identifiers need a domain name; `localhost` or an IP address (development) gets a stand-in. */
function repositoryIdFrom(baseUrl: string): string {
  const host = new URL(baseUrl).hostname;
  return /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/i.test(host) ? host : 'thuvien.localhost.local';
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, x]) => x !== undefined)) as Partial<T>;
}
