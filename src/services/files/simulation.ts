/**
 * HTML5 simulation packages: a zip with an index.html, unpacked at upload into storage (one
 * stored file per entry) with a manifest from path to stored id, then served entry by entry from
 * a sandboxed path (src/http/routes/simulations.ts).
 */
import path from 'node:path';
import { simulationLimits } from '../../../config/files.js';
import { DomainError } from '../../domain/errors.js';
import type { FileStorage } from '../../domain/storage.js';
import { deleteSimulation, findSimulation, insertSimulation, type SimulationEntry } from '../../models/file.js';
import { listEntries, openStoredZip } from './zip.js';

const contentTypes: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  htm: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  mjs: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  json: 'application/json; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
  xml: 'application/xml',
  svg: 'image/svg+xml',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  ico: 'image/x-icon',
  mp3: 'audio/mpeg',
  wav: 'audio/wav',
  ogg: 'audio/ogg',
  mp4: 'video/mp4',
  webm: 'video/webm',
  woff: 'font/woff',
  woff2: 'font/woff2',
  ttf: 'font/ttf',
  otf: 'font/otf',
  wasm: 'application/wasm',
};

export function contentTypeOf(entryPath: string): string {
  return contentTypes[path.extname(entryPath).slice(1).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * A package's entry path as served, or null for a path that could escape its folder. Entries may
 * all sit in one top folder (a zipped folder); that folder is dropped.
 */
export function normalisedEntryPath(name: string): string | null {
  if (name.includes('\\') || name.startsWith('/') || name.includes('\0')) return null;
  const parts = name.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.some((p) => p === '..')) return null;
  return parts.join('/');
}

function commonTopFolder(paths: readonly string[]): string {
  const first = paths[0]?.split('/')[0];
  return first && paths.every((p) => p.startsWith(`${first}/`)) ? `${first}/` : '';
}

const invalidPackage = (key: string, params: Record<string, unknown> = {}) =>
  new DomainError('validation', key, params, [{ field: 'file', messageKey: key, params }]);

/** Checks and unpacks a stored package; on any failure, whatever was unpacked is removed again. */
export async function unpackSimulation(
  storage: FileStorage,
  zipId: string,
  zipSize: number,
): Promise<SimulationEntry[]> {
  const zip = await openStoredZip(storage, zipId, zipSize).catch(() => {
    throw invalidPackage('files.corrupt');
  });
  const stored: SimulationEntry[] = [];
  try {
    const all = await listEntries(zip).catch(() => {
      throw invalidPackage('files.corrupt');
    });
    const files = all.filter((e) => !e.fileName.endsWith('/'));
    if (files.length > simulationLimits.maxEntries)
      throw invalidPackage('files.simulationTooManyEntries', { max: simulationLimits.maxEntries });
    if (files.reduce((sum, e) => sum + e.uncompressedSize, 0) > simulationLimits.maxUnpackedBytes)
      throw invalidPackage('files.simulationTooLarge');
    const paths = files.map((e) => normalisedEntryPath(e.fileName));
    if (paths.some((p) => p === null)) throw invalidPackage('files.simulationBadPath');
    const top = commonTopFolder(paths as string[]);
    if (!paths.includes(`${top}index.html`)) throw invalidPackage('files.simulationNoIndex');

    // Entries are read again through a fresh reader: the listing consumed the first one.
    const reader = await openStoredZip(storage, zipId, zipSize);
    for await (const entry of reader.eachEntry()) {
      if (entry.fileName.endsWith('/')) continue;
      const entryPath = normalisedEntryPath(entry.fileName)!.slice(top.length);
      const contentType = contentTypeOf(entryPath);
      const info = await storage.put(await reader.openReadStreamPromise(entry), { filename: entryPath, contentType });
      stored.push({ path: entryPath, storedId: info.id, size: info.size, contentType });
    }
    await insertSimulation(zipId, stored);
    return stored;
  } catch (err) {
    zip.close();
    await Promise.all(stored.map((e) => storage.delete(e.storedId)));
    if (err instanceof DomainError) throw err;
    throw invalidPackage('files.corrupt');
  }
}

export async function simulationEntry(zipId: string, entryPath: string): Promise<SimulationEntry | null> {
  const manifest = await findSimulation(zipId);
  return manifest?.entries.find((e) => e.path === entryPath) ?? null;
}

export async function removeSimulation(storage: FileStorage, zipId: string): Promise<void> {
  const manifest = await findSimulation(zipId);
  if (!manifest) return;
  for (const entry of manifest.entries) await storage.delete(entry.storedId);
  await deleteSimulation(zipId);
}
