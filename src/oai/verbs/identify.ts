/** Identify: who we are, and how our datestamps and deleted records behave. */
import { textElement } from '../../domain/xml.js';
import { datestamp } from '../envelope.js';
import type { VerbBuilder } from './verb.js';

const OAI_IDENTIFIER = 'http://www.openarchives.org/OAI/2.0/oai-identifier';
/** The earliest datestamp of an empty repository: nothing can be older than the software. */
const EMPTY_REPOSITORY_EARLIEST = new Date('2025-01-01T00:00:00Z');

export const identify: VerbBuilder<'Identify'> = async (_args, { repository }) => {
  const { config } = repository;
  const earliest = (await repository.source.earliest()) ?? EMPTY_REPOSITORY_EARLIEST;
  return [
    '<Identify>',
    textElement('repositoryName', 'Thư viện số'),
    textElement('baseURL', repository.baseUrl),
    textElement('protocolVersion', '2.0'),
    textElement('adminEmail', config.adminEmail),
    textElement('earliestDatestamp', datestamp(earliest)),
    textElement('deletedRecord', 'persistent'),
    textElement('granularity', 'YYYY-MM-DDThh:mm:ssZ'),
    textElement('compression', 'gzip'),
    `<description><oai-identifier xmlns="${OAI_IDENTIFIER}" ` +
      `xsi:schemaLocation="${OAI_IDENTIFIER} http://www.openarchives.org/OAI/2.0/oai-identifier.xsd">`,
    textElement('scheme', 'oai'),
    textElement('repositoryIdentifier', config.oai.repositoryId),
    textElement('delimiter', ':'),
    textElement('sampleIdentifier', `oai:${config.oai.repositoryId}:66f0a1b2c3d4e5f601234567`),
    '</oai-identifier></description></Identify>',
  ];
};
