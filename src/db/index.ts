/**
 * The database: MongoDB 6+ when MONGODB_URI is set, otherwise the embedded FerretDB v1 (SQLite).
 *
 * This folder is the only code that knows which of the two it talks to. The rest of the code stays
 * inside what both support, which rules out `$text`, `$lookup`, transactions, TTL indexes,
 * collation, `$elemMatch`/`$slice` projections and parts of `$pull` and positional updates.
 * Instead: search uses the app's own index (src/search), expiry is a periodic purge (./expiry.ts),
 * joins are two queries, and a multi-document change is ordered so that a failure half way leaves
 * nothing inconsistent.
 *
 * FerretDB v1 on SQLite pushes down to SQLite only a filter that is exactly `{_id: value}`; every
 * other filter, and every sort, scans the collection. Hot paths therefore address documents by
 * `_id` (it is the fastest path on MongoDB too), and lists that must be fast come from the app's
 * in-memory read models.
 *
 * FerretDB v1 also applies an update operator as a read and a write, not atomically: updates of
 * one document at the same moment go through `serialisedOnEmbedded` (./documentLocks.ts), and
 * conditional updates through `updateIfVersion` (./versioned.ts).
 */
import mongoose from 'mongoose';
import type * as mongodb from 'mongodb';
import type { Config } from '../../config/index.js';
import type { Logger } from '../log.js';
import { ensureBinary } from './embedded/binary.js';
import { launchEmbeddedDatabase, runningEmbeddedUri, type EmbeddedDatabase } from './embedded/launcher.js';
import { configureDocumentLocks } from './documentLocks.js';
import { databaseCommand } from '../metrics/index.js';

export type DatabaseKind = 'mongodb' | 'ferretdb';

/** Any model, whatever its document type: for code that handles collections generically. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyModel = mongoose.Model<any>;

export interface Database {
  readonly kind: DatabaseKind;
  readonly connection: mongoose.Connection;
  /** The embedded server, when we started one. */
  readonly embedded: EmbeddedDatabase | undefined;
  /** Creates the collections and indexes of the given models; idempotent. */
  prepare(models: readonly AnyModel[]): Promise<void>;
  /** Whether the connection is up now (no round trip): while it is down, requests answer 503 at once. */
  isConnected(): boolean;
  /** The driver's database: for the storage backend, migrations and backups, which handle collections generically. */
  native(): mongodb.Db;
  ping(timeoutMs?: number): Promise<boolean>;
  close(): Promise<void>;
}

export interface OpenOptions {
  uri: string | undefined;
  name: string;
  /** How long one operation may wait for the server before it fails (and the request answers 503). */
  timeoutMs?: number;
  dataDir: string;
  ferretdbBinary: string | undefined;
}

export function databaseOptions(config: Config): OpenOptions {
  return {
    uri: config.database.uri,
    name: config.database.name,
    timeoutMs: config.database.timeoutMs,
    dataDir: config.dataDir,
    ferretdbBinary: config.ferretdbBinary,
  };
}

/**
 * Connects to MONGODB_URI, or starts the embedded database. `shareRunning`: a tool (backup) that
 * finds the app running on the embedded database connects to it instead of refusing DATA_DIR.
 */
export async function openDatabase(
  options: OpenOptions,
  log: Logger,
  { shareRunning = false }: { shareRunning?: boolean } = {},
): Promise<Database> {
  let embedded: EmbeddedDatabase | undefined;
  let uri = options.uri ?? (shareRunning ? runningEmbeddedUri(options.dataDir) : undefined);
  if (!uri) {
    const binary = options.ferretdbBinary ?? (await ensureBinary(log));
    embedded = await launchEmbeddedDatabase({ binary, dataDir: options.dataDir, log });
    uri = embedded.uri;
  }
  try {
    await mongoose.connect(uri, connectOptions(options, embedded !== undefined));
  } catch (err) {
    await embedded?.stop();
    throw err;
  }
  const connection = mongoose.connection;
  const client = connection.getClient();
  client.on('commandSucceeded', (e) => databaseCommand(e.commandName, true, e.duration / 1000));
  client.on('commandFailed', (e) => databaseCommand(e.commandName, false, e.duration / 1000));
  const kind: DatabaseKind = embedded ? 'ferretdb' : await detectKind(connection);
  configureDocumentLocks(embedded !== undefined);
  log.info({ kind, database: options.name }, 'Đã kết nối cơ sở dữ liệu / database connected');

  return databaseHandle(kind, connection, embedded);
}

/** How the driver connects: fail fast rather than queue, notice a stalled server, report command times. */
function connectOptions(options: OpenOptions, embedded: boolean): mongoose.ConnectOptions {
  return {
    dbName: options.name,
    // Fail at once when the server is unreachable instead of queueing: requests answer 503.
    bufferCommands: false,
    autoIndex: false,
    autoCreate: false,
    serverSelectionTimeoutMS: embedded ? 3000 : 10_000,
    socketTimeoutMS: options.timeoutMs ?? 30_000,
    // A server that stops answering (stalled, frozen) is noticed within heartbeat + connect
    // timeout; its pool is then cleared and requests answer 503 instead of waiting for it. The
    // timeout leaves room for a busy machine's slow answers (the soak saw false alarms at 2 s).
    connectTimeoutMS: embedded ? 5000 : Math.min(options.timeoutMs ?? 30_000, 10_000),
    heartbeatFrequencyMS: embedded ? 2000 : 5000,
    // The driver reports each command's time, for /metrics.
    monitorCommands: true,
  };
}

/** The open database as the app uses it: prepare collections, tell whether it is up, close it. */
function databaseHandle(
  kind: DatabaseKind,
  connection: mongoose.Connection,
  embedded: EmbeddedDatabase | undefined,
): Database {
  return {
    kind,
    connection,
    embedded,
    async prepare(models) {
      for (const model of models) {
        await model.createCollection().catch((err: { code?: number }) => {
          if (err.code !== 48) throw err; // 48: NamespaceExists
        });
        await model.createIndexes();
      }
      await embedded?.indexIdPaths();
    },
    isConnected: () => connection.readyState === mongoose.ConnectionStates.connected,
    native() {
      if (!connection.db) throw new Error('the database is not connected');
      return connection.db;
    },
    async ping(timeoutMs = 2000) {
      const db = connection.db;
      if (!db || connection.readyState !== mongoose.ConnectionStates.connected) return false;
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
      try {
        return await Promise.race([
          db
            .admin()
            .ping()
            .then(() => true),
          timeout,
        ]);
      } catch {
        return false;
      } finally {
        clearTimeout(timer);
      }
    },
    async close() {
      await mongoose.disconnect();
      await embedded?.stop();
    },
  };
}

async function detectKind(connection: mongoose.Connection): Promise<DatabaseKind> {
  const info = await connection.db!.admin().command({ buildInfo: 1 });
  return 'ferretdbVersion' in info ? 'ferretdb' : 'mongodb';
}

/** The driver's handle on the connected database, for what works below mongoose (GridFS storage). */
export type NativeDb = mongodb.Db;

/** The connected database's native handle; the app connects before any file is stored. */
export const connectedDb = (): NativeDb => mongoose.connection.db!;
