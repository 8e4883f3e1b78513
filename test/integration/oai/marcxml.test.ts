/**
 * The marcxml format over HTTP: printed titles only, the bibliographic fields of the MARC export,
 * one 852 per school holding copies, every answer valid against OAI-PMH and MARC21slim.xsd.
 */
import { expect } from 'chai';
import { startTestServer, testContext, type TestServer } from '../../support/context.js';
import { person, printedTitle, province, resource, uniqueIsbn } from '../../support/fixtures.js';
import type { Organisation } from '../../../src/domain/organisation.js';
import type { Actor } from '../../../src/policies/actor.js';
import { expectOaiError, harvestAll, oai } from './support.js';

const identifierOf = (id: string) => `oai:${testContext().config.oai.repositoryId}:${id}`;

async function addCopies(librarian: Actor, titleId: string, school: Organisation, count: number) {
  await testContext().services.copies.add(librarian, titleId, {
    orgId: school.id,
    collection: 'SGK',
    location: 'KHO',
    numbering: { count },
    batch: { date: '2025-09-05', source: 'donation', supplier: null, documentNumber: null, note: null },
    price: null,
    volume: null,
    note: null,
  });
}

describe('OAI-PMH marcxml: printed titles with their holdings', function () {
  this.timeout(120_000);
  let server: TestServer;
  let small: TestServer;
  before(async () => {
    server = await startTestServer();
    small = await startTestServer({ oai: { ...testContext().config.oai, pageSize: 2 } });
  });
  after(async () => {
    await server.close();
    await small.close();
  });

  it('GetRecord: the MARC export fields of a printed title, one 852 per school with its copies; schema-valid', async () => {
    const { schoolA, schoolB } = await province();
    const librarianA = await person([{ org: schoolA, role: 'librarian' }]);
    const librarianB = await person([{ org: schoolB, role: 'librarian' }]);
    const isbn = uniqueIsbn();
    const title = await printedTitle(librarianA.actor, schoolA, {
      metadata: {
        title: 'Tie\u0302\u0301ng Vie\u0323\u0302t 6 : sách giáo khoa & <bài tập>',
        creators: ['Bùi Mạnh Hùng'],
      },
      print: { isbns: [{ value: isbn, qualifier: 'bìa mềm', invalid: false }] },
    });
    await addCopies(librarianA.actor, title.id, schoolA, 3);
    await addCopies(librarianB.actor, title.id, schoolB, 2);

    const a = await oai(server.url, {
      verb: 'GetRecord',
      identifier: identifierOf(title.id),
      metadataPrefix: 'marcxml',
    });
    const record = '/oai:OAI-PMH/oai:GetRecord/oai:record/oai:metadata/marc:record';
    const sub = (tag: string, code: string) =>
      a.texts(`${record}/marc:datafield[@tag="${tag}"]/marc:subfield[@code="${code}"]`);
    expect(a.one(`${record}/marc:controlfield[@tag="001"]`)).to.equal(title.id);
    expect(sub('020', 'a')).to.deep.equal([isbn]);
    expect(sub('020', 'q')).to.deep.equal(['bìa mềm']);
    expect(sub('040', 'a')).to.deep.equal([schoolA.code]);
    expect(sub('100', 'a')).to.deep.equal(['Bùi Mạnh Hùng']);
    expect(sub('245', 'a'), 'NFC, markup escaped').to.deep.equal(['Tiếng Việt 6 :']);
    expect(sub('245', 'b')).to.deep.equal(['sách giáo khoa & <bài tập> /']);
    expect(sub('082', 'a')).to.deep.equal(['510']);
    const schools = [schoolA, schoolB].sort((x, y) => (x.code < y.code ? -1 : 1));
    expect(sub('852', 'a')).to.deep.equal(schools.map((s) => s.name));
    expect(sub('852', 'b')).to.deep.equal(schools.map((s) => s.code));
    expect(sub('852', 't')).to.deep.equal(schools.map((s) => (s === schoolA ? '3' : '2')));
    expect(a.texts(`${record}/marc:datafield[@tag="952"]`), 'no copy lines: holdings per school').to.have.length(0);
    const tags = a.texts(`${record}/marc:datafield/@tag`);
    expect(tags, 'fields in tag order').to.deep.equal([...tags].sort());

    const formats = await oai(server.url, { verb: 'ListMetadataFormats', identifier: identifierOf(title.id) });
    expect(formats.texts('//oai:metadataFormat/oai:metadataPrefix')).to.deep.equal(['oai_dc', 'oai_lom', 'marcxml']);
    expect(formats.one('//oai:metadataFormat[oai:metadataPrefix="marcxml"]/oai:schema')).to.equal(
      'http://www.loc.gov/standards/marcxml/schema/MARC21slim.xsd',
    );
  });

  it('a digital resource: not in its formats, cannotDisseminateFormat; a list of digital records only → noRecordsMatch', async () => {
    const { department, schoolA } = await province();
    const teacher = await person([{ org: schoolA, role: 'teacher' }]);
    const video = await resource(teacher.actor, schoolA, { metadata: { title: 'Phim tài liệu', type: 'video' } });
    const formats = await oai(server.url, { verb: 'ListMetadataFormats', identifier: identifierOf(video.id) });
    expect(formats.texts('//oai:metadataFormat/oai:metadataPrefix')).to.not.include('marcxml');
    expectOaiError(
      await oai(server.url, { verb: 'GetRecord', identifier: identifierOf(video.id), metadataPrefix: 'marcxml' }),
      'cannotDisseminateFormat',
    );
    const set = `org:${department.code}:${schoolA.code}`;
    expect((await oai(server.url, { verb: 'ListRecords', metadataPrefix: 'oai_dc', set })).texts('//oai:record')).to.not
      .be.empty;
    expectOaiError(await oai(server.url, { verb: 'ListRecords', metadataPrefix: 'marcxml', set }), 'noRecordsMatch');
  });

  it('ListRecords pages through the printed titles of a set only, without completeListSize; each page schema-valid', async () => {
    const { department, schoolA } = await province();
    const librarian = await person([{ org: schoolA, role: 'librarian' }]);
    const teacher = await person([{ org: schoolA, role: 'teacher' }]);
    const printed = [];
    for (let i = 0; i < 5; i++) {
      if (i % 2) await resource(teacher.actor, schoolA, { metadata: { title: `Bài giảng ${i}` } });
      printed.push(await printedTitle(librarian.actor, schoolA, { metadata: { title: `Sách in số ${i}` } }));
    }
    await addCopies(librarian.actor, printed[0]!.id, schoolA, 4);
    const set = `org:${department.code}:${schoolA.code}`;
    const pages = await harvestAll(small.url, { verb: 'ListRecords', metadataPrefix: 'marcxml', set });
    expect(pages).to.have.length(3);
    const listed = pages.flatMap((p) => p.texts('//oai:record/oai:header/oai:identifier'));
    expect(listed).to.have.members(printed.map((t) => identifierOf(t.id)));
    expect(pages.flatMap((p) => p.texts('//oai:resumptionToken/@completeListSize'))).to.deep.equal([]);
    expect(pages.flatMap((p) => p.texts('//oai:resumptionToken/@cursor'))).to.deep.equal(['0', '2', '4']);
    const holdings = pages.flatMap((p) => p.texts('//marc:datafield[@tag="852"]/marc:subfield[@code="t"]'));
    expect(holdings, 'the one title with copies').to.deep.equal(['4']);
  });
});
