/** ListMetadataFormats: every format, or those a given record can be written in. */
import { OaiError } from '../errors.js';
import { OAI_NS } from '../envelope.js';
import type { VerbBuilder } from './verb.js';

export const listMetadataFormats: VerbBuilder<'ListMetadataFormats'> = async ({ identifier }, { repository }, root) => {
  let formats = repository.formats;
  if (identifier !== undefined) {
    const entry = await repository.find(identifier);
    if (!entry) throw new OaiError('idDoesNotExist');
    // A deleted record keeps the formats it was disseminated in.
    const record = repository.toRecord(entry);
    formats = formats.filter((f) => f.appliesTo(record));
    if (!formats.length) throw new OaiError('noMetadataFormats');
  }
  const el = root.ele(OAI_NS, 'ListMetadataFormats');
  for (const format of formats) {
    const f = el.ele(OAI_NS, 'metadataFormat');
    f.ele(OAI_NS, 'metadataPrefix').txt(format.prefix);
    f.ele(OAI_NS, 'schema').txt(format.schema);
    f.ele(OAI_NS, 'metadataNamespace').txt(format.namespace);
  }
};
