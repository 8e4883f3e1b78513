/** ListMetadataFormats: every format, or those a given record can be written in. */
import { textElement } from '../../domain/xml.js';
import { OaiError } from '../errors.js';
import type { VerbBuilder } from './verb.js';

export const listMetadataFormats: VerbBuilder<'ListMetadataFormats'> = async ({ identifier }, { repository }) => {
  let formats = repository.formats;
  if (identifier !== undefined) {
    const entry = await repository.find(identifier);
    if (!entry) throw new OaiError('idDoesNotExist');
    // A deleted record keeps the formats it was disseminated in.
    const record = repository.toRecord(entry);
    formats = formats.filter((f) => f.appliesTo(record));
    if (!formats.length) throw new OaiError('noMetadataFormats');
  }
  const described = formats.map((format) =>
    [
      '<metadataFormat>',
      textElement('metadataPrefix', format.prefix),
      textElement('schema', format.schema),
      textElement('metadataNamespace', format.namespace),
      '</metadataFormat>',
    ].join(''),
  );
  return ['<ListMetadataFormats>', ...described, '</ListMetadataFormats>'];
};
