/**
 * HTTP for the harvester, through the guarded outgoing client (src/outbound: no private addresses,
 * a few checked redirects): retries with exponential back-off on network errors and on
 * 429/502/503/504 (honouring Retry-After), and a cap on the bytes of one answer, so a source cannot
 * flood us. A refused address is not retried.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { HarvestSourceError } from '../../domain/harvestSource.js';
import { OutboundRefused, type OutboundClient } from '../../outbound/client.js';

export interface FetchPolicy {
  retries: number;
  backoffMs: number;
  /** Retry-After beyond this is cut to it, so one source cannot park a run for hours. */
  maxWaitMs: number;
  maxBytes: number;
  timeoutMs: number;
}

const RETRYABLE = new Set([429, 502, 503, 504]);

function retryAfterMs(header: string | null): number | null {
  if (!header) return null;
  if (/^\d+$/.test(header.trim())) return Number(header) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - Date.now());
}

export function createFetcher(
  outbound: OutboundClient,
  policy: FetchPolicy,
  onRetry: (url: string, reason: string, waitMs: number) => void = () => {},
) {
  return async function get(url: string): Promise<AsyncIterable<string>> {
    for (let attempt = 0; ; attempt++) {
      let reason: string;
      let wait = policy.backoffMs * 2 ** attempt;
      try {
        const res = await outbound.fetch(url, {
          headers: { accept: 'text/xml, application/xml', 'accept-encoding': 'gzip' },
          timeoutMs: policy.timeoutMs,
          maxBytes: policy.maxBytes,
        });
        if (res.ok && res.body) return decoded(res.body, policy.maxBytes, url);
        await res.body?.cancel();
        if (!RETRYABLE.has(res.status)) throw new HarvestSourceError(`HTTP ${res.status}`, url);
        reason = `HTTP ${res.status}`;
        wait = retryAfterMs(res.headers.get('retry-after')) ?? wait;
      } catch (err) {
        if (err instanceof HarvestSourceError) throw err;
        if (err instanceof OutboundRefused && err.reason === 'size')
          throw new HarvestSourceError(`the answer is larger than ${policy.maxBytes} bytes`, url);
        if (err instanceof OutboundRefused && err.reason !== 'unreachable' && err.reason !== 'timeout')
          throw new HarvestSourceError(err.message, url);
        reason = err instanceof Error ? err.message : String(err);
      }
      if (attempt >= policy.retries)
        throw new HarvestSourceError(`gave up after ${attempt + 1} attempts: ${reason}`, url);
      const ms = Math.min(wait, policy.maxWaitMs);
      onRetry(url, reason, ms);
      await sleep(ms);
    }
  };
}

/** The body as text chunks; the client's byte cap ends it with a source error the harvest log names. */
async function* decoded(body: AsyncIterable<Uint8Array>, maxBytes: number, url: string): AsyncIterable<string> {
  const decoder = new TextDecoder('utf-8');
  try {
    for await (const chunk of body) yield decoder.decode(chunk, { stream: true });
  } catch (err) {
    if (err instanceof OutboundRefused && err.reason === 'size')
      throw new HarvestSourceError(`the answer is larger than ${maxBytes} bytes`, url);
    throw err;
  }
  yield decoder.decode();
}
