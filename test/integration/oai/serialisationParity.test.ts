/**
 * Every verb, both formats, errors and whole lists followed by their tokens, answered by the string
 * serialisation and by the xmlbuilder2 one it replaced (test/support/legacyOai), on the same
 * catalogue at the same moment: the answers must be the same bytes, except where a value is one
 * xmlbuilder2 got wrong (test/support/trickyText.ts), and then the new answer must be schema-valid.
 */
import { expect } from 'chai';
import type { Resource } from '../../../src/domain/resource.js';
import { respond } from '../../../src/oai/index.js';
import { OaiRepository } from '../../../src/oai/repository.js';
import { TokenSigner } from '../../../src/oai/tokens.js';
import { metadataFormats } from '../../../src/registry/formats.js';
import { testContext } from '../../support/context.js';
import { organisation, person, province, resource, system } from '../../support/fixtures.js';
import { respond as legacyRespond } from '../../support/legacyOai/index.js';
import { seeded, trickyPieces, xmlbuilderGotWrong } from '../../support/trickyText.js';
import { schemaErrors } from './support.js';

/** What the database can store: no NUL, no lone surrogates (BSON strings are UTF-8). */
const storable = trickyPieces.filter((p) => p !== '\u0000' && !/^[\uD800-\uDFFF]$/.test(p));

describe('OAI-PMH answers: the string serialisation against the xmlbuilder2 one, verb by verb', function () {
  this.timeout(120_000);
  const created: Resource[] = [];
  let orgSet = '';

  before(async () => {
    const random = seeded(2026);
    const text = () => {
      let t = '';
      for (let n = 1 + Math.floor(random() * 5); n > 0; n--) t += storable[Math.floor(random() * storable.length)]!;
      return t;
    };
    const { department, schoolA } = await province();
    const odd = await organisation(`Trường "Ánh & Dương" <số ${text()}>`, department);
    orgSet = `org:${department.code}:${odd.code}`;
    const teacher = await person([
      { org: schoolA, role: 'teacher' },
      { org: odd, role: 'teacher' },
    ]);
    for (let i = 0; i < 24; i++) {
      const r = await resource(teacher.actor, i % 2 ? schoolA : odd, {
        metadata: {
          title: text(),
          creators: [text(), 'Nguyễn Văn An'],
          contributors: i % 3 ? [] : [text()],
          description: text(),
          keywords: [text(), 'phân số'],
          publisher: i % 4 ? null : text(),
          source: text(),
          coverage: i % 5 ? null : text(),
          isbn: i % 6 ? null : '978-604-0-00000-1',
          grades: i % 2 ? [6, 7] : [],
          level: i % 7 ? 'thcs' : null,
          subject: i % 3 ? 'toan' : null,
          type: i % 2 ? 'video' : 'bai-giang',
        },
      });
      created.push(r);
    }
    const { resources } = testContext().services;
    const admin = await system();
    for (const r of created.slice(0, 4)) await resources.remove(admin, r.id, r.version);
  });

  const tally = { same: 0, explained: 0 };
  after(() => {
    // The catalogue's tricky text makes some answers differ on purpose; most must still be compared.
    expect(tally.same, JSON.stringify(tally)).to.be.greaterThan(tally.explained);
  });

  const compare = async (query: string, pageSize = 5): Promise<string> => {
    const { services, config } = testContext();
    const ctx = {
      repository: new OaiRepository(services, { ...config, oai: { ...config.oai, pageSize } }, metadataFormats),
      tokens: new TokenSigner(config.secrets.tokenSecret),
      now: new Date(),
    };
    const message = (e: { code: string }) => `Lỗi ${e.code} "<&>"`;
    const before = legacyRespond(query, ctx, message).toString('utf8');
    const now = [...(await respond(query, ctx, message))].join('');
    if (now === before) tally.same++;
    else {
      tally.explained++;
      const values = created.flatMap((r) => Object.values(r.metadata).flat().map(String));
      expect(values.some(xmlbuilderGotWrong), `${query} differs`).to.equal(true);
      expect(schemaErrors(now), query).to.equal(null);
    }
    return now;
  };

  const follow = async (verb: string, first: string) => {
    let query = `verb=${verb}&${first}`;
    let pages = 0;
    for (;;) {
      const xml = await compare(query);
      pages++;
      const token = /<resumptionToken[^>]*>([^<]+)<\/resumptionToken>/.exec(xml)?.[1];
      if (!token) return pages;
      query = `verb=${verb}&resumptionToken=${encodeURIComponent(token)}`;
    }
  };

  it('Identify, ListMetadataFormats, ListSets', async () => {
    await compare('verb=Identify');
    await compare('verb=ListMetadataFormats');
    await compare(`verb=ListMetadataFormats&identifier=oai:${testContext().config.oai.repositoryId}:${created[5]!.id}`);
    await compare('verb=ListSets');
  });

  it('GetRecord of each record (exposed and deleted) in each format', async () => {
    for (const r of created)
      for (const format of metadataFormats)
        await compare(
          `verb=GetRecord&metadataPrefix=${format.prefix}&identifier=oai:${testContext().config.oai.repositoryId}:${r.id}`,
        );
  });

  it('whole ListRecords and ListIdentifiers lists in each format, page by page through their tokens', async () => {
    for (const format of metadataFormats)
      for (const verb of ['ListRecords', 'ListIdentifiers']) {
        expect(await follow(verb, `metadataPrefix=${format.prefix}`)).to.be.greaterThan(3);
        expect(await follow(verb, `metadataPrefix=${format.prefix}&set=${orgSet}`)).to.be.greaterThan(1);
        await follow(verb, `metadataPrefix=${format.prefix}&set=level:thcs&from=2000-01-01&until=2999-12-31`);
      }
  });

  it('protocol errors, with arguments that need escaping echoed in the request element', async () => {
    const queries = [
      '',
      'verb=Nope',
      'verb=Identify&verb=Identify',
      'verb=Identify&extra=%22%3C%3E%26',
      'verb=ListRecords&resumptionToken=%01%09%0A%22%3C%3E%26amp%3B%C3%A1',
      'verb=ListIdentifiers&resumptionToken=abc.def',
      'verb=ListSets&resumptionToken=x',
      'verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:x:y',
      'verb=GetRecord&metadataPrefix=nope&identifier=oai:x:y',
      'verb=ListRecords&metadataPrefix=oai_dc&from=2999-01-01',
      'verb=ListRecords&metadataPrefix=oai_dc&from=2024-02-30',
      'verb=ListRecords&metadataPrefix=oai_dc&set=khong:co',
      'verb=ListMetadataFormats&identifier=oai:x:y',
      '%FF=1',
    ];
    for (const q of queries) await compare(q);
  });
});
