/**
 * The storage backends this build knows, listed explicitly, and the one in use. Checked at
 * start-up with the other plugins: a backend missing part of the FileStorage interface stops the app.
 */
import type { NativeDb } from '../db/index.js';
import type { FileStorage, StoragePlugin } from '../domain/storage.js';
import { gridfsStorage } from '../../plugins/storage/gridfs/index.js';
import { missingMembers, type PluginCheck } from './check.js';

/** What the app hands every storage backend. */
export interface StorageDeps {
  db: () => NativeDb;
}

export const storagePlugins: readonly StoragePlugin<StorageDeps>[] = [gridfsStorage];

const storageMembers = {
  put: 'function',
  open: 'function',
  stat: 'function',
  delete: 'function',
  sweepIncomplete: 'function',
  list: 'function',
  restore: 'function',
  collections: 'object',
} as const;

export function checkStoragePlugins(
  deps: StorageDeps,
  plugins: readonly StoragePlugin<StorageDeps>[] = storagePlugins,
): PluginCheck[] {
  return plugins.map((plugin) => {
    const problems = missingMembers(plugin, { name: 'string', create: 'function' });
    if (!problems.length) problems.push(...missingMembers(plugin.create(deps), storageMembers));
    return { kind: 'storage', name: typeof plugin?.name === 'string' ? plugin.name : '?', problems };
  });
}

export function createStorage(name: string, deps: StorageDeps): FileStorage {
  const plugin = storagePlugins.find((p) => p.name === name);
  if (!plugin)
    throw new Error(`unknown storage backend "${name}" (known: ${storagePlugins.map((p) => p.name).join(', ')})`);
  return plugin.create(deps);
}
