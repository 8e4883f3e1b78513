/** GetRecord: one record in one format; a deleted record as its header alone. */
import { OaiError } from '../errors.js';
import { OAI_NS, writeRecord } from '../envelope.js';
import type { VerbBuilder } from './verb.js';

export const getRecord: VerbBuilder<'GetRecord'> = async ({ identifier, metadataPrefix }, { repository }, root) => {
  const entry = await repository.find(identifier);
  if (!entry) throw new OaiError('idDoesNotExist');
  const format = repository.format(metadataPrefix);
  if (!format || !format.appliesTo(repository.toRecord(entry))) throw new OaiError('cannotDisseminateFormat');
  writeRecord(root.ele(OAI_NS, 'GetRecord'), entry, repository, metadataPrefix);
};
