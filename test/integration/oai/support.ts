/**
 * Helpers for OAI-PMH tests: a request that validates every answer against the official schemas
 * (offline copies in test/fixtures/schemas, xmllint --nonet), XPath with the protocol's namespaces,
 * and `expectOaiError`.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { DOMParser, type Document, type Node as XmlNode } from '@xmldom/xmldom';
import xpath from 'xpath';
import { expect } from 'chai';
import { projectRoot } from '../../../config/index.js';

const schemas = path.join(projectRoot, 'test', 'fixtures', 'schemas');

export const namespaces = {
  oai: 'http://www.openarchives.org/OAI/2.0/',
  oai_dc: 'http://www.openarchives.org/OAI/2.0/oai_dc/',
  dc: 'http://purl.org/dc/elements/1.1/',
  lom: 'http://ltsc.ieee.org/xsd/LOM',
  id: 'http://www.openarchives.org/OAI/2.0/oai-identifier',
  marc: 'http://www.loc.gov/MARC21/slim',
};

const select = xpath.useNamespaces(namespaces);

/** Problems xmllint finds with a whole response, against OAI-PMH and every format we offer. */
export function schemaErrors(xml: string): string | null {
  const result = spawnSync(
    'xmllint',
    ['--noout', '--nonet', '--schema', path.join(schemas, 'oai-pmh-with-formats.xsd'), '-'],
    {
      input: xml,
      env: { ...process.env, XML_CATALOG_FILES: path.join(schemas, 'catalog.xml') },
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  return result.status === 0 ? null : result.stderr.slice(0, 4000);
}

export interface OaiAnswer {
  status: number;
  headers: Headers;
  xml: string;
  doc: Document;
  /** Texts of the nodes the expression selects. */
  texts(expression: string): string[];
  nodes(expression: string): XmlNode[];
  one(expression: string): string;
}

function answerOf(status: number, headers: Headers, xml: string): OaiAnswer {
  const doc = new DOMParser().parseFromString(xml, 'text/xml');
  const nodes = (e: string) => select(e, doc as unknown as globalThis.Node) as unknown as XmlNode[];
  const texts = (e: string) => nodes(e).map((n) => n.textContent ?? '');
  return {
    status,
    headers,
    xml,
    doc,
    nodes,
    texts,
    one(e) {
      const found = texts(e);
      expect(found, e).to.have.length(1);
      return found[0]!;
    },
  };
}

/** A request to `{base}/oai`, by GET (query string as given) or POST (form body); the answer is schema-validated. */
export async function oai(
  base: string,
  query: string | Record<string, string>,
  options: { method?: 'GET' | 'POST'; headers?: Record<string, string> } = {},
): Promise<OaiAnswer> {
  const qs = typeof query === 'string' ? query : new URLSearchParams(query).toString();
  const res =
    options.method === 'POST'
      ? await fetch(`${base}/oai`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', ...options.headers },
          body: qs,
        })
      : await fetch(`${base}/oai?${qs}`, { headers: options.headers });
  const xml = await res.text();
  expect(res.status, xml.slice(0, 500)).to.equal(200);
  expect(res.headers.get('content-type')).to.equal('text/xml; charset=utf-8');
  const errors = schemaErrors(xml);
  expect(errors, `schema-valid response to ${qs}`).to.equal(null);
  return answerOf(res.status, res.headers, xml);
}

export function expectOaiError(answer: OaiAnswer, code: string): void {
  expect(answer.texts('/oai:OAI-PMH/oai:error/@code'), answer.xml.slice(0, 800)).to.deep.equal([code]);
  expect(answer.one('/oai:OAI-PMH/oai:error'), 'a message for people').to.not.equal('');
}

/** Follows resumption tokens to the end; returns every page. */
export async function harvestAll(
  base: string,
  first: Record<string, string>,
  between?: (page: number) => Promise<void>,
): Promise<OaiAnswer[]> {
  const verb = first.verb!;
  const pages: OaiAnswer[] = [];
  let answer = await oai(base, first);
  pages.push(answer);
  for (;;) {
    const token = answer.texts(`/oai:OAI-PMH/oai:${verb}/oai:resumptionToken`)[0];
    if (!token) return pages;
    if (between) await between(pages.length);
    answer = await oai(base, { verb, resumptionToken: token });
    pages.push(answer);
  }
}
