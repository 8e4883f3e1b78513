/**
 * Sending a stored file: HTTP Range (one range; a request for several gets the whole file, which
 * RFC 9110 allows), conditional requests (ETag from the SHA-256, If-None-Match, If-Range,
 * Last-Modified) and a Content-Disposition that keeps Vietnamese file names (RFC 6266/5987).
 */
import { pipeline } from 'node:stream/promises';
import type { Request, Response } from 'express';
import type { ByteRange, FileStorage, StoredFileInfo } from '../domain/storage.js';
import { DomainError } from '../domain/errors.js';

export type RangeRequest = { kind: 'full' } | { kind: 'partial'; range: ByteRange } | { kind: 'unsatisfiable' };

/** Reads a `Range` header against a file of `size` bytes. Syntax it does not understand is ignored (the whole file). */
export function parseRange(header: string | undefined, size: number): RangeRequest {
  if (!header) return { kind: 'full' };
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '')) return { kind: 'full' };
  const [, from, to] = match as unknown as [string, string, string];
  if (from === '') {
    const suffix = Number(to);
    if (suffix === 0) return { kind: 'unsatisfiable' };
    return { kind: 'partial', range: { start: Math.max(0, size - suffix), end: size - 1 } };
  }
  const start = Number(from);
  const end = to === '' ? size - 1 : Math.min(Number(to), size - 1);
  if (start >= size) return { kind: 'unsatisfiable' };
  if (end < start) return { kind: 'full' };
  return { kind: 'partial', range: { start, end } };
}

/** `attachment; filename="Song-Da.pdf"; filename*=UTF-8''s%C3%B4ng-%C4%90%C3%A0.pdf` */
export function contentDisposition(type: 'inline' | 'attachment', name: string): string {
  const ascii = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .replace(/[^\x20-\x7e]|["\\]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${type}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

const etagOf = (stored: StoredFileInfo) => `"${stored.sha256}"`;

function matchesEtag(header: string, etag: string): boolean {
  return header.trim() === '*' || header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

/** If-Range: the range applies only if the file is still the one the client has part of. */
function ifRangeHolds(req: Request, stored: StoredFileInfo): boolean {
  const value = req.get('if-range');
  if (!value) return true;
  if (value.startsWith('"') || value.startsWith('W/')) return value === etagOf(stored);
  const date = Date.parse(value);
  return !Number.isNaN(date) && Math.floor(stored.uploadedAt.getTime() / 1000) <= Math.floor(date / 1000);
}

export interface SendOptions {
  name: string;
  mediaType: string;
  download: boolean;
  /** Called before the body is sent when the answer starts at byte 0 (a download, not a later chunk of a video). */
  onFullDownload?: () => void;
}

export async function sendStoredFile(
  req: Request,
  res: Response,
  storage: FileStorage,
  stored: StoredFileInfo,
  options: SendOptions,
): Promise<void> {
  const etag = etagOf(stored);
  res.setHeader('ETag', etag);
  res.setHeader('Last-Modified', stored.uploadedAt.toUTCString());
  res.setHeader('Accept-Ranges', 'bytes');
  // Behind authorisation: browsers may keep it, shared caches may not, and it is revalidated by ETag.
  res.setHeader('Cache-Control', 'private, no-cache');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Content-Type', options.mediaType);
  res.setHeader('Content-Disposition', contentDisposition(options.download ? 'attachment' : 'inline', options.name));

  const ifNoneMatch = req.get('if-none-match');
  const ifModifiedSince = req.get('if-modified-since');
  const notModified =
    ifNoneMatch !== undefined
      ? matchesEtag(ifNoneMatch, etag)
      : ifModifiedSince !== undefined &&
        Math.floor(stored.uploadedAt.getTime() / 1000) <= Math.floor(Date.parse(ifModifiedSince) / 1000);
  if (notModified) {
    res.status(304).end();
    return;
  }

  const requested = ifRangeHolds(req, stored) ? parseRange(req.get('range'), stored.size) : { kind: 'full' as const };
  if (requested.kind === 'unsatisfiable') {
    res.setHeader('Content-Range', `bytes */${stored.size}`);
    // The error answer is a page or JSON, not the file.
    res.removeHeader('Content-Disposition');
    res.removeHeader('Content-Type');
    throw new DomainError('range_not_satisfiable');
  }
  const range = requested.kind === 'partial' ? requested.range : { start: 0, end: stored.size - 1 };
  if (requested.kind === 'partial') {
    res.status(206);
    res.setHeader('Content-Range', `bytes ${range.start}-${range.end}/${stored.size}`);
  }
  res.setHeader('Content-Length', String(range.end - range.start + 1));
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  if (range.start === 0) options.onFullDownload?.();
  // A client that goes away mid-download ends the pipeline with an error there is no one left to tell.
  await pipeline(await storage.open(stored.id, range), res).catch(() => undefined);
}
