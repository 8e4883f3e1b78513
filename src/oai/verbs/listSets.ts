/**
 * ListSets: the organisation tree (`org:{code}:{code}…` from the root) and the level, subject and
 * type vocabularies, each under a parent set. Names in Vietnamese, the English name in the
 * set's description (as Dublin Core, which the schema accepts there).
 */
import type { Organisation } from '../../domain/organisation.js';
import { textElement } from '../../domain/xml.js';
import { OaiError } from '../errors.js';
import { vocabularySets } from '../repository.js';
import type { VerbBuilder } from './verb.js';

const OAI_DC = 'http://www.openarchives.org/OAI/2.0/oai_dc/';
const DC = 'http://purl.org/dc/elements/1.1/';

/** The set's English name as Dublin Core; `xsi` is bound by the envelope. */
const DESCRIPTION_START =
  `<setDescription><oai_dc:dc xmlns:oai_dc="${OAI_DC}" xmlns:dc="${DC}" ` +
  `xsi:schemaLocation="${OAI_DC} http://www.openarchives.org/OAI/2.0/oai_dc.xsd">`;

function setXml(spec: string, name: string, english: string): string {
  const description = textElement('dc:description', english, { 'xml:lang': 'en' });
  const names = textElement('setSpec', spec) + textElement('setName', name);
  return `<set>${names}${DESCRIPTION_START}${description}</oai_dc:dc></setDescription></set>`;
}

export const listSets: VerbBuilder<'ListSets'> = (args, { repository }) => {
  // The whole hierarchy fits one answer, so we never hand out a token for it.
  if ('resumptionToken' in args) throw new OaiError('badResumptionToken');
  const sets = ['<ListSets>', setXml('org', 'Đơn vị', 'Organisations')];
  const tree = repository.tree;
  const visit = (org: Organisation, path: string) => {
    sets.push(setXml(path, org.name, org.name));
    for (const child of tree.childrenOf(org.id)) visit(child, `${path}:${child.code}`);
  };
  for (const root of tree.roots()) visit(root, `org:${root.code}`);
  for (const v of vocabularySets) {
    sets.push(setXml(v.prefix, v.vi, v.en));
    for (const term of v.terms) sets.push(setXml(`${v.prefix}:${term.code}`, term.vi, term.en));
  }
  sets.push('</ListSets>');
  return sets;
};
