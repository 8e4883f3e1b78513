/** Identify: who we are, and how our datestamps and deleted records behave. */
import { datestamp, OAI_NS } from '../envelope.js';
import type { VerbBuilder } from './verb.js';

const OAI_IDENTIFIER = 'http://www.openarchives.org/OAI/2.0/oai-identifier';
/** The earliest datestamp of an empty repository: nothing can be older than the software. */
const EMPTY_REPOSITORY_EARLIEST = new Date('2025-01-01T00:00:00Z');

export const identify: VerbBuilder<'Identify'> = async (_args, { repository }, root) => {
  const { config } = repository;
  const el = root.ele(OAI_NS, 'Identify');
  el.ele(OAI_NS, 'repositoryName').txt('Thư viện số');
  el.ele(OAI_NS, 'baseURL').txt(repository.baseUrl);
  el.ele(OAI_NS, 'protocolVersion').txt('2.0');
  el.ele(OAI_NS, 'adminEmail').txt(config.adminEmail);
  el.ele(OAI_NS, 'earliestDatestamp').txt(datestamp((await repository.source.earliest()) ?? EMPTY_REPOSITORY_EARLIEST));
  el.ele(OAI_NS, 'deletedRecord').txt('persistent');
  el.ele(OAI_NS, 'granularity').txt('YYYY-MM-DDThh:mm:ssZ');
  el.ele(OAI_NS, 'compression').txt('gzip');
  const id = el.ele(OAI_NS, 'description').ele(OAI_IDENTIFIER, 'oai-identifier', {
    'xsi:schemaLocation': `${OAI_IDENTIFIER} http://www.openarchives.org/OAI/2.0/oai-identifier.xsd`,
  });
  id.ele(OAI_IDENTIFIER, 'scheme').txt('oai');
  id.ele(OAI_IDENTIFIER, 'repositoryIdentifier').txt(config.oai.repositoryId);
  id.ele(OAI_IDENTIFIER, 'delimiter').txt(':');
  id.ele(OAI_IDENTIFIER, 'sampleIdentifier').txt(`oai:${config.oai.repositoryId}:66f0a1b2c3d4e5f601234567`);
};
