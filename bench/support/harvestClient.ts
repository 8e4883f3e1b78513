/**
 * A lean OAI-PMH harvesting client for benchmarks: ListRecords from the first page to the last by
 * resumption tokens, over one kept-alive node:http connection, gzip accepted or not. It counts
 * records in the bytes and reads only the token, so that the client (sharing the cores with the
 * server) costs as little as it can.
 */
import http from 'node:http';
import { gunzipSync } from 'node:zlib';

export interface Harvest {
  records: number;
  pages: number;
  seconds: number;
  pageMs: number[];
  /** Bytes received (compressed when gzip was accepted). */
  bytes: number;
  completeListSize: number | null;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

export function get(url: string, gzip: boolean): Promise<{ body: Buffer; wireBytes: number }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent, headers: gzip ? { 'accept-encoding': 'gzip' } : {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const raw = Buffer.concat(chunks);
        if (res.statusCode !== 200) return reject(new Error(`${url}: HTTP ${res.statusCode}`));
        resolve({ body: res.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw, wireBytes: raw.length });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

function countRecords(body: Buffer): number {
  let n = 0;
  for (let at = body.indexOf('<record>'); at >= 0; at = body.indexOf('<record>', at + 8)) n++;
  return n;
}

/** The resumption token and completeListSize, read from the end of the page. */
function tokenOf(body: Buffer): { token: string | null; size: number | null } {
  const at = body.lastIndexOf('<resumptionToken');
  if (at < 0) return { token: null, size: null };
  const tail = body.subarray(at, at + 4000).toString('utf8');
  const size = /completeListSize="(\d+)"/.exec(tail);
  const token = /^<resumptionToken[^>]*>([^<]+)</.exec(tail);
  return { token: token ? token[1]!.replace(/&amp;/g, '&') : null, size: size ? Number(size[1]) : null };
}

export async function harvest(oaiUrl: string, metadataPrefix: string, gzip: boolean): Promise<Harvest> {
  const pageMs: number[] = [];
  let records = 0;
  let bytes = 0;
  let completeListSize: number | null = null;
  let query = `verb=ListRecords&metadataPrefix=${metadataPrefix}`;
  const started = performance.now();
  for (;;) {
    const t = performance.now();
    const { body, wireBytes } = await get(`${oaiUrl}?${query}`, gzip);
    pageMs.push(performance.now() - t);
    bytes += wireBytes;
    if (body.includes('<error')) throw new Error(`page ${pageMs.length}: ${body.subarray(0, 500).toString()}`);
    records += countRecords(body);
    const { token, size } = tokenOf(body);
    completeListSize = size ?? completeListSize;
    if (!token) break;
    query = `verb=ListRecords&resumptionToken=${encodeURIComponent(token)}`;
  }
  const seconds = (performance.now() - started) / 1000;
  return { records, pages: pageMs.length, seconds, pageMs, bytes, completeListSize };
}
