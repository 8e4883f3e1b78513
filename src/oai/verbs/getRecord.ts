/** GetRecord: one record in one format; a deleted record as its header alone. */
import { OaiError } from '../errors.js';
import { recordXml } from '../envelope.js';
import type { VerbBuilder } from './verb.js';

export const getRecord: VerbBuilder<'GetRecord'> = async ({ identifier, metadataPrefix }, { repository }) => {
  const entry = await repository.find(identifier);
  if (!entry) throw new OaiError('idDoesNotExist');
  const format = repository.format(metadataPrefix);
  const record = repository.toRecord(entry);
  if (!format || !format.appliesTo(record)) throw new OaiError('cannotDisseminateFormat');
  return ['<GetRecord>', recordXml(entry, repository, format, record), '</GetRecord>'];
};
