/** The metadata formats the OAI-PMH provider offers. To add one, add its plugin here. */
import type { MetadataFormat } from '../domain/metadataFormat.js';
import { oaiDc } from '../../plugins/formats/oaiDc.js';
import { oaiLom } from '../../plugins/formats/oaiLom.js';
import { marcxml } from '../../plugins/formats/marcxml.js';
import { missingMembers, type PluginCheck } from './check.js';

export const metadataFormats: readonly MetadataFormat[] = [oaiDc, oaiLom, marcxml];

export function checkMetadataFormats(formats: readonly unknown[] = metadataFormats): PluginCheck[] {
  const seen = new Set<string>();
  return formats.map((format, i) => {
    const problems = missingMembers(format, {
      prefix: 'string',
      schema: 'string',
      namespace: 'string',
      appliesTo: 'function',
      render: 'function',
    });
    const prefix = (format as Partial<MetadataFormat> | null)?.prefix;
    if (typeof prefix === 'string') {
      if (!/^[A-Za-z0-9\-_.!~*'()]+$/.test(prefix)) problems.push('"prefix" has characters OAI-PMH does not allow');
      if (seen.has(prefix)) problems.push('"prefix" is used by another format');
      seen.add(prefix);
    }
    return { kind: 'metadata format', name: typeof prefix === 'string' ? prefix : `#${i + 1}`, problems };
  });
}
