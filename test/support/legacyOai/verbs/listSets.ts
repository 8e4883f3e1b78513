/**
 * ListSets: the organisation tree (`org:{code}:{code}…` from the root) and the level, subject and
 * type vocabularies, each under a parent set. Names in Vietnamese, the English name in the
 * set's description (as Dublin Core, which the schema accepts there).
 */
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js';
import type { Organisation } from '../../../../src/domain/organisation.js';
import { OaiError } from '../../../../src/oai/errors.js';
import { OAI_NS } from '../envelope.js';
import { vocabularySets } from '../../../../src/oai/repository.js';
import type { VerbBuilder } from './verb.js';

const OAI_DC = 'http://www.openarchives.org/OAI/2.0/oai_dc/';
const DC = 'http://purl.org/dc/elements/1.1/';

function writeSet(parent: XMLBuilder, spec: string, name: string, english: string): void {
  const set = parent.ele(OAI_NS, 'set');
  set.ele(OAI_NS, 'setSpec').txt(spec);
  set.ele(OAI_NS, 'setName').txt(name);
  set
    .ele(OAI_NS, 'setDescription')
    .ele(OAI_DC, 'oai_dc:dc', {
      'xmlns:dc': DC,
      'xsi:schemaLocation': `${OAI_DC} http://www.openarchives.org/OAI/2.0/oai_dc.xsd`,
    })
    .ele(DC, 'dc:description', { 'xml:lang': 'en' })
    .txt(english);
}

export const listSets: VerbBuilder<'ListSets'> = (args, { repository }, root) => {
  // The whole hierarchy fits one answer, so we never hand out a token for it.
  if ('resumptionToken' in args) throw new OaiError('badResumptionToken');
  const el = root.ele(OAI_NS, 'ListSets');
  writeSet(el, 'org', 'Đơn vị', 'Organisations');
  const tree = repository.tree;
  const visit = (org: Organisation, path: string) => {
    writeSet(el, path, org.name, org.name);
    for (const child of tree.childrenOf(org.id)) visit(child, `${path}:${child.code}`);
  };
  for (const root of tree.roots()) visit(root, `org:${root.code}`);
  for (const v of vocabularySets) {
    writeSet(el, v.prefix, v.vi, v.en);
    for (const term of v.terms) writeSet(el, `${v.prefix}:${term.code}`, term.vi, term.en);
  }
};
