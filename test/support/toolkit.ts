/**
 * What tests and benchmarks share and need no database for: a free loopback port, a unique name,
 * a cookie jar that keeps what responses set like a browser does, and polling until something is
 * true. One copy of each, so a fix to one (a cookie cleared by Max-Age, a poll that hides why it
 * gave up) reaches every test and benchmark.
 */
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** A port nothing listens on now, for a server that must know its own address before it starts. */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once('error', reject);
    probe.listen(0, host, resolve);
  });
  const { port } = probe.address() as net.AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** mulberry32: a small, fast, seeded generator of numbers in [0, 1), good enough for test and benchmark data. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Eight hex characters, different on every call: names, codes and words no other test uses. */
export const unique = (prefix = ''): string => `${prefix}${randomBytes(4).toString('hex')}`;

/** The name and value of one Set-Cookie header, and whether it clears the cookie (RFC 6265 §5.2). */
export function parseSetCookie(header: string, now = Date.now()): { name: string; value: string; cleared: boolean } {
  const [pair = '', ...attributes] = header.split(';');
  const eq = pair.indexOf('=');
  const name = (eq < 0 ? pair : pair.slice(0, eq)).trim();
  const value = eq < 0 ? '' : pair.slice(eq + 1).trim();
  let cleared = value === '';
  for (const attribute of attributes) {
    const [key = '', ...rest] = attribute.split('=');
    const setting = rest.join('=').trim();
    if (/^\s*max-age\s*$/i.test(key)) cleared ||= Number(setting) <= 0;
    if (/^\s*expires\s*$/i.test(key)) cleared ||= Date.parse(setting) <= now;
  }
  return { name, value, cleared };
}

/** The cookies a browser would send back to one site (paths and domains are not told apart). */
export class CookieJar {
  private readonly cookies = new Map<string, string>();

  /** Keeps what a response sets and forgets what it clears; takes a fetch Response or raw Set-Cookie headers. */
  keep(from: Response | readonly string[]): this {
    const headers = 'headers' in from ? from.headers.getSetCookie() : from;
    for (const header of headers) {
      const { name, value, cleared } = parseSetCookie(header);
      if (!name) continue;
      if (cleared) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return this;
  }

  get(name: string): string | undefined {
    return this.cookies.get(name);
  }

  get size(): number {
    return this.cookies.size;
  }

  /** The Cookie request header. */
  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

/** What a truthy value can be: `false`, `0`, `''`, `null` and `undefined` are not. */
export type Truthy<T> = Exclude<T, false | 0 | '' | null | undefined>;

export interface PollOptions<T> {
  timeoutMs?: number;
  intervalMs?: number;
  /** What was awaited, for the error; given the last value seen, to say what was found instead. */
  message?: string | ((last: T | undefined) => string);
}

/**
 * Calls `probe` until it returns something truthy, and returns that. Past the timeout it throws
 * with the message, rather than letting a later assertion fail without saying it was a wait.
 */
export async function pollUntil<T>(
  probe: () => T | Promise<T>,
  { timeoutMs = 10_000, intervalMs = 100, message = 'the condition' }: PollOptions<T> = {},
): Promise<Truthy<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    last = await probe();
    if (last) return last as Truthy<T>;
    if (Date.now() >= deadline) {
      const what = typeof message === 'function' ? message(last) : message;
      throw new Error(`${what}: not met within ${timeoutMs} ms`);
    }
    await sleep(intervalMs);
  }
}
