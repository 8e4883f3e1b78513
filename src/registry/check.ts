/**
 * Plugins are listed explicitly (one typed list per kind under src/registry) and checked at
 * start-up: every problem of every plugin is reported at once, and the app refuses to start.
 */
export interface PluginCheck {
  kind: string;
  name: string;
  problems: string[];
}

export class PluginError extends Error {
  override name = 'PluginError';
}

export function assertPluginsValid(checks: readonly PluginCheck[]): void {
  const bad = checks.filter((c) => c.problems.length);
  if (!bad.length) return;
  const listed = bad.map((c) => `${c.kind} "${c.name}": ${c.problems.join('; ')}`).join(' | ');
  throw new PluginError(`Plugin không hợp lệ / Invalid plugins: ${listed}`);
}

/** Problems with an object that should have the given members of the given types. */
export function missingMembers(
  plugin: unknown,
  members: Record<string, 'string' | 'function' | 'object' | 'boolean'>,
): string[] {
  if (typeof plugin !== 'object' || plugin === null) return ['is not an object'];
  const record = plugin as Record<string, unknown>;
  return Object.entries(members)
    .filter(([key, type]) => typeof record[key] !== type)
    .map(([key, type]) => `"${key}" should be a ${type}, found ${typeof record[key]}`);
}
