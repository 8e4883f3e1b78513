/**
 * The one client for requests our server makes to URLs that others name: LTI dynamic registration
 * (the platform's OpenID configuration and registration endpoint), platforms' JWKS, harvest
 * sources, SAML metadata. It refuses what would let such a URL reach inside (./addresses.ts), and
 * bounds what an answer may cost us:
 * - the host is resolved once and the connection goes to the address that was checked (the
 *   resolver hands the socket only checked addresses), so a name that resolves to a public address
 *   when checked and to 127.0.0.1 a moment later (DNS rebinding) cannot slip through;
 * - an address literal in the URL is checked before connecting;
 * - redirects are followed a few times, each hop checked again;
 * - one deadline for the whole exchange, and a cap on the bytes of the answer (after decompression).
 */
import dns from 'node:dns';
import type { LookupAddress } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { TransformStream } from 'node:stream/web';
import { Agent, fetch, Headers, Response, type HeadersInit, type RequestInit } from 'undici';
import { DomainError } from '../domain/errors.js';
import { AllowList, refusedRange } from './addresses.js';

export type RefusalReason = 'scheme' | 'address' | 'redirects' | 'size' | 'timeout' | 'unreachable';

/** A request this client would not make, or could not complete; `reason` picks the admin's message. */
export class OutboundRefused extends Error {
  constructor(
    readonly reason: RefusalReason,
    readonly url: string,
    detail = '',
  ) {
    super(`outgoing request to ${url} refused (${reason}${detail ? `: ${detail}` : ''})`);
    this.name = 'OutboundRefused';
  }
}

export interface OutboundOptions {
  /** OUTBOUND_ALLOW: host names, addresses and CIDR ranges that may be reached although special-purpose. */
  allow: readonly string[];
  timeoutMs?: number;
  maxBytes?: number;
  maxRedirects?: number;
  /** The name resolver (the system's by default); tests give one that answers differently each time. */
  resolve?: (hostname: string, family: number) => Promise<LookupAddress[]>;
}

const systemResolve = (hostname: string, family: number) => dns.promises.lookup(hostname, { all: true, family });

export interface OutboundRequest extends Omit<RequestInit, 'redirect' | 'dispatcher'> {
  timeoutMs?: number;
  maxBytes?: number;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

export class OutboundClient {
  private readonly allowList: AllowList;
  private readonly dispatcher: Agent;
  private readonly timeoutMs: number;
  private readonly maxBytes: number;
  private readonly maxRedirects: number;
  private readonly resolve: NonNullable<OutboundOptions['resolve']>;

  constructor(options: OutboundOptions) {
    this.allowList = new AllowList(options.allow);
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.maxBytes = options.maxBytes ?? 5 * 1024 * 1024;
    this.maxRedirects = options.maxRedirects ?? 3;
    this.resolve = options.resolve ?? systemResolve;
    this.dispatcher = new Agent({ connect: { lookup: this.lookup, timeout: 10_000 }, keepAliveTimeout: 4_000 });
  }

  /**
   * A resolver for sockets (net.connect's `lookup`): resolves the name, refuses it if any of its
   * addresses is special-purpose (and not allowed), and hands back only the addresses checked.
   */
  readonly lookup: LookupFunction = (hostname, options, callback) => {
    const family = typeof options.family === 'number' ? options.family : 0;
    this.resolve(hostname, family).then(
      (found) => {
        const byName = this.allowList.allowsHost(hostname);
        const bad = byName ? undefined : found.find((a) => !this.mayReach(a.address));
        if (bad) return callback(new OutboundRefused('address', hostname, `${bad.address} is not public`), '');
        if (!found.length) return callback(new OutboundRefused('unreachable', hostname, 'no address'), '');
        if (options.all) return callback(null, found);
        callback(null, found[0]!.address, found[0]!.family);
      },
      (err: NodeJS.ErrnoException) => callback(err, ''),
    );
  };

  /** Checks what can be checked before connecting: the scheme, and an address written in the URL. */
  checkUrl(url: URL | string): URL {
    const parsed = typeof url === 'string' ? new URL(url) : url;
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
      throw new OutboundRefused('scheme', parsed.href, parsed.protocol);
    const host = parsed.hostname.replace(/^\[|\]$/g, '');
    if (isIP(host) && !this.allowList.allowsHost(host) && !this.mayReach(host))
      throw new OutboundRefused('address', parsed.href, `${host} is not public`);
    return parsed;
  }

  /**
   * Checks a URL an admin gives before it is kept (a harvest source): the scheme, and every address
   * its host resolves to now, so the form says at once what the fetch would refuse later.
   */
  async vet(url: string): Promise<void> {
    const parsed = this.checkUrl(url);
    const host = parsed.hostname.replace(/^\[|\]$/g, '');
    if (isIP(host) || this.allowList.allowsHost(host)) return;
    const found = await this.resolve(host, 0).catch(() => []); // unresolvable now: the fetch will say so
    const bad = found.find((a) => !this.mayReach(a.address));
    if (bad) throw new OutboundRefused('address', parsed.href, `${bad.address} is not public`);
  }

  private mayReach(address: string): boolean {
    return this.allowList.allowsAddress(address) || refusedRange(address) === null;
  }

  /** Like fetch, within the rules above. The answer's body errors with OutboundRefused('size') past the cap. */
  async fetch(url: string, init: OutboundRequest = {}): Promise<Response> {
    const { timeoutMs = this.timeoutMs, maxBytes = this.maxBytes, signal, ...request } = init;
    const deadline = AbortSignal.timeout(timeoutMs);
    const aborted = signal ? AbortSignal.any([signal, deadline]) : deadline;
    let current = this.checkUrl(url);
    let hop = request;
    for (let redirects = 0; ; redirects++) {
      let res: Response;
      try {
        res = await fetch(current, { ...hop, redirect: 'manual', signal: aborted, dispatcher: this.dispatcher });
      } catch (err) {
        throw refusalOf(err, current.href, deadline);
      }
      const location = res.headers.get('location');
      if (!REDIRECTS.has(res.status) || !location) return capped(res, current.href, maxBytes, deadline);
      await res.body?.cancel();
      if (redirects >= this.maxRedirects) throw new OutboundRefused('redirects', url, `more than ${this.maxRedirects}`);
      const next = this.checkUrl(new URL(location, current));
      hop = redirected(hop, res.status, current, next);
      current = next;
    }
  }

  /** GET (or the given request) and parse JSON; any failure is an OutboundRefused or a non-2xx Error. */
  async json(url: string, init: OutboundRequest = {}): Promise<unknown> {
    const res = await this.fetch(url, { ...init, headers: { accept: 'application/json', ...init.headers } });
    return readBody(res, url, () => res.json());
  }

  async text(url: string, init: OutboundRequest = {}): Promise<string> {
    const res = await this.fetch(url, init);
    return readBody(res, url, () => res.text());
  }

  close(): Promise<void> {
    return this.dispatcher.close();
  }
}

/** An answer that is not 2xx, from a URL that was reached. */
export class OutboundStatusError extends Error {
  constructor(
    readonly status: number,
    readonly url: string,
  ) {
    super(`${url} answered ${status}`);
    this.name = 'OutboundStatusError';
  }
}

async function readBody<T>(res: Response, url: string, read: () => Promise<T>): Promise<T> {
  if (!res.ok) {
    await res.body?.cancel();
    throw new OutboundStatusError(res.status, url);
  }
  try {
    return await read();
  } catch (err) {
    if (err instanceof SyntaxError) throw err; // not JSON: the caller's message says so
    throw refusalOf(err, url);
  }
}

/** A redirected request: 303 (and 301/302 after a POST) becomes a GET; credentials do not follow to another origin. */
function redirected(request: OutboundRequest, status: number, from: URL, to: URL): OutboundRequest {
  const method = (request.method ?? 'GET').toUpperCase();
  const toGet = status === 303 || ((status === 301 || status === 302) && method === 'POST');
  const headers = new Headers(request.headers as HeadersInit | undefined);
  if (from.origin !== to.origin) headers.delete('authorization');
  return { ...request, headers, ...(toGet ? { method: 'GET', body: undefined } : {}) };
}

function capped(res: Response, url: string, maxBytes: number, deadline: AbortSignal): Response {
  const declared = Number(res.headers.get('content-length') ?? NaN);
  if (declared > maxBytes) {
    void res.body?.cancel();
    throw new OutboundRefused('size', url, `${declared} bytes`);
  }
  if (!res.body) return res;
  let total = 0;
  const limit = new TransformStream<ArrayBufferView | undefined, Uint8Array>({
    transform(chunk, controller) {
      if (!chunk) return;
      total += chunk.byteLength;
      if (total > maxBytes) controller.error(new OutboundRefused('size', url, `more than ${maxBytes} bytes`));
      else controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    },
    flush(controller) {
      if (deadline.aborted) controller.error(new OutboundRefused('timeout', url));
    },
  });
  return new Response(res.body.pipeThrough(limit), {
    status: res.status,
    statusText: res.statusText,
    headers: res.headers,
  });
}

/** The refusal behind a failed fetch (undici wraps the resolver's error as the cause), or why it failed. */
export function refusalOf(err: unknown, url: string, deadline?: AbortSignal): OutboundRefused {
  for (let e: unknown = err; e; e = (e as { cause?: unknown }).cause) {
    if (e instanceof OutboundRefused) return e;
    if (e === (e as { cause?: unknown }).cause) break;
  }
  const name = (err as { name?: string } | null)?.name;
  if (deadline?.aborted || name === 'TimeoutError') return new OutboundRefused('timeout', url);
  const cause = (err as { cause?: { code?: string; message?: string } } | null)?.cause;
  return new OutboundRefused('unreachable', url, cause?.code ?? cause?.message ?? (err as Error)?.message ?? '');
}

/** For an admin who typed the URL: what was refused, in their language (config/locales/…/outbound.json). */
export function refusalForAdmin(err: OutboundRefused, field?: string): DomainError {
  const params = { url: err.url };
  const key = `outbound.refused.${err.reason}`;
  return new DomainError('validation', key, params, field ? [{ field, messageKey: key, params }] : []);
}
