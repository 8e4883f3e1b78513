/** The harvest source plugins the harvester can use. To add one (csv), add its plugin here. */
import type { SourcePlugin } from '../domain/harvestSource.js';
import { oaiPmhSource } from '../../plugins/sources/oaiPmh.js';
import { missingMembers, type PluginCheck } from './check.js';

export const sourcePlugins: readonly SourcePlugin[] = [oaiPmhSource];

export function checkSourcePlugins(plugins: readonly unknown[] = sourcePlugins): PluginCheck[] {
  const seen = new Set<string>();
  return plugins.map((plugin, i) => {
    const problems = missingMembers(plugin, { kind: 'string', prefixes: 'object', pages: 'function' });
    const kind = (plugin as Partial<SourcePlugin> | null)?.kind;
    if (typeof kind === 'string') {
      if (seen.has(kind)) problems.push('"kind" is used by another source plugin');
      seen.add(kind);
    }
    return { kind: 'harvest source', name: typeof kind === 'string' ? kind : `#${i + 1}`, problems };
  });
}
