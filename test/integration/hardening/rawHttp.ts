/**
 * Requests written byte by byte on a plain socket, as an attacker sends them: bodies cut short,
 * sent slowly, or abandoned half way, with whatever headers they like.
 */
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

export interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface RawRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  /** Written in order; a number waits that many milliseconds, a function until it resolves. */
  body: (Buffer | string | number | (() => Promise<unknown>))[];
  /** Destroy the connection after the body instead of waiting for an answer. */
  abort?: boolean;
  /** Content-Length to announce; the body's own length when not given, none when null. */
  contentLength?: number | null;
}

const bytesOf = (parts: RawRequest['body']) =>
  parts.reduce<number>((n, p) => n + (typeof p === 'string' || Buffer.isBuffer(p) ? Buffer.byteLength(p) : 0), 0);

/** Sends the request and resolves with the answer, or null when the server closed without one. */
export async function rawRequest(baseUrl: string, request: RawRequest, timeoutMs = 30_000): Promise<RawAnswer | null> {
  const { hostname, port } = new URL(baseUrl);
  const socket = net.connect({ host: hostname, port: Number(port) });
  const received: Buffer[] = [];
  const closed = new Promise<void>((resolve) => {
    socket.on('data', (d: Buffer) => received.push(d));
    socket.on('close', () => resolve());
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  const length = request.contentLength === undefined ? bytesOf(request.body) : request.contentLength;
  const head = [
    `${request.method} ${request.path} HTTP/1.1`,
    `Host: ${hostname}:${port}`,
    'Connection: close',
    ...(length === null ? [] : [`Content-Length: ${length}`]),
    ...Object.entries(request.headers).map(([k, v]) => `${k}: ${v}`),
  ].join('\r\n');
  socket.write(`${head}\r\n\r\n`);
  for (const part of request.body) {
    if (socket.destroyed) break;
    if (typeof part === 'number') await sleep(part);
    else if (typeof part === 'function') await part();
    else socket.write(part);
  }
  if (request.abort) {
    socket.destroy();
    return null;
  }
  const timer = setTimeout(() => socket.destroy(), timeoutMs);
  await closed;
  clearTimeout(timer);
  return parseAnswer(Buffer.concat(received));
}

function parseAnswer(raw: Buffer): RawAnswer | null {
  const end = raw.indexOf('\r\n\r\n');
  if (end < 0) return null;
  const [statusLine, ...lines] = raw.subarray(0, end).toString('latin1').split('\r\n');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine ?? '')?.[1]);
  if (!status) return null;
  const headers = Object.fromEntries(
    lines.map((l) => [l.slice(0, l.indexOf(':')).trim().toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]),
  );
  const body = raw.subarray(end + 4);
  return {
    status,
    headers,
    body: (headers['transfer-encoding'] === 'chunked' ? unchunk(body) : body).toString('utf8'),
  };
}

function unchunk(body: Buffer): Buffer {
  const out: Buffer[] = [];
  let at = 0;
  for (;;) {
    const eol = body.indexOf('\r\n', at);
    const size = parseInt(body.subarray(at, eol).toString('latin1'), 16);
    if (!size) return Buffer.concat(out);
    out.push(body.subarray(eol + 2, eol + 2 + size));
    at = eol + 2 + size + 2;
  }
}

/** A multipart body from parts written as they travel; `boundary` without the leading dashes. */
export function multipart(boundary: string, parts: { name: string; filename?: string; content: string | Buffer }[]) {
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const disposition = `form-data; name="${p.name}"${p.filename !== undefined ? `; filename="${p.filename}"` : ''}`;
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\n\r\n`));
    chunks.push(Buffer.isBuffer(p.content) ? p.content : Buffer.from(p.content));
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(chunks);
}
