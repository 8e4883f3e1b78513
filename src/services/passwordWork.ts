/**
 * Password hashing (argon2id, 64 MB and three passes each) runs on libuv's thread pool, which
 * file reads, gzip and DNS also need. A class signing in at the same moment queued 40 hashes
 * there and starved everything else: the database's heartbeat went unanswered and pages got
 * 503s. At most this many hashes run at once, the rest wait their turn in order, and the pool
 * keeps a thread for the rest of the app.
 */
import os from 'node:os';
import pLimit from 'p-limit';

const threadPool = Number(process.env.UV_THREADPOOL_SIZE) || 4;

export const passwordWorkConcurrency = Math.max(1, Math.min(os.availableParallelism(), threadPool - 1));

export const passwordWork = pLimit(passwordWorkConcurrency);
