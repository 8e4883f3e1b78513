/**
 * HTML5 simulation packages served in a sandbox, and full text extracted in the background so a
 * document's words become findable.
 */
import { expect } from 'chai';
import { startTestServer, testContext, type TestServer } from '../../support/context.js';
import { person, province, resource } from '../../support/fixtures.js';
import { demoPdf, zipOf } from '../../../src/seed/files.js';
import type { ResourceFile } from '../../../src/domain/resource.js';
import { ResourceTextModel, textId } from '../../../src/models/resource.js';
import { pollUntil } from '../../support/toolkit.js';
import { Session } from './support.js';

interface Uploaded {
  version: number;
  files: { id: string; url: string }[];
}

const officeTypes = (main: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="${main}" ContentType="${
    main.startsWith('/ppt')
      ? 'application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml'
      : 'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml'
  }"/></Types>`;

const slide = (text: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><p:sld xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"><p:cSld><p:spTree><p:sp><p:txBody><a:p><a:r><a:t>${text}</a:t></a:r></a:p></p:txBody></p:sp></p:spTree></p:cSld></p:sld>`;

describe('files: simulations and full text', function () {
  this.timeout(60_000);
  let server: TestServer;
  let teacher: Session;
  let owner: Awaited<ReturnType<typeof person>>;
  let schoolA: Awaited<ReturnType<typeof province>>['schoolA'];

  before(async () => {
    server = await startTestServer();
    ({ schoolA } = await province());
    owner = await person([{ org: schoolA, role: 'teacher' }]);
    teacher = await new Session(server.url).signIn(owner);
    testContext().services.files.texts.start(100);
  });
  after(async () => {
    await testContext().services.files.texts.stop();
    await server?.close();
  });

  async function uploaded(name: string, bytes: Buffer): Promise<{ id: string; file: Uploaded['files'][number] }> {
    const r = await resource(owner.actor, schoolA, { status: 'draft' });
    const res = await teacher.upload(`/api/v1/resources/${r.id}/files`, { name, bytes }, { version: r.version });
    expect(res.status, await res.clone().text()).to.equal(201);
    return { id: r.id, file: ((await res.json()) as Uploaded).files[0]! };
  }

  /** The text state once extraction has finished (done or failed). */
  async function textState(resourceId: string, fileId: string): Promise<ResourceFile['text']> {
    const { files, resources } = testContext().services;
    const finished = async () => {
      await files.texts.drain();
      const state = (await resources.find(resourceId))!.files.find((f) => f.id === fileId)!.text;
      return state !== 'pending' && state;
    };
    return pollUntil(finished, { message: `text extraction of ${fileId} finished` });
  }

  it('unpacks a simulation and serves it from a ticketed path with a sandbox CSP and the right types', async () => {
    const zip = await zipOf({
      'thi-nghiem/index.html': '<!doctype html><script src="app.js"></script>',
      'thi-nghiem/app.js': 'document.body.textContent = "ok";',
      'thi-nghiem/img/bg.png': Buffer.from('89504e47', 'hex'),
    });
    const { id, file } = await uploaded('thí nghiệm.zip', zip);
    const play = await teacher.fetch(`/resources/${id}/files/${file.id}/play`);
    expect(play.status).to.equal(302);
    const entry = play.headers.get('location')!;
    expect(entry).to.match(new RegExp(`^/sim/${id}/${file.id}/\\d+\\.[A-Za-z0-9._-]+/index\\.html$`));

    const page = await fetch(server.url + entry);
    expect(page.status).to.equal(200);
    expect(page.headers.get('content-type')).to.equal('text/html; charset=utf-8');
    const csp = page.headers.get('content-security-policy')!;
    expect(csp).to.match(/(^|; )sandbox allow-scripts(;|$)/);
    expect(csp).not.to.match(/allow-same-origin/);
    expect(page.headers.get('x-frame-options')).to.equal(null);
    expect(await page.text()).to.contain('<script src="app.js">');

    const base = entry.slice(0, -'index.html'.length);
    const script = await fetch(`${server.url}${base}app.js`);
    expect(script.headers.get('content-type')).to.equal('text/javascript; charset=utf-8');
    expect(await script.text()).to.contain('"ok"');

    for (const escape of [
      '%2e%2e/%2e%2e/%2e%2e/%2e%2e/package.json',
      '..%2f..%2fapp.js',
      'img/..%2f..%2fapp.js',
      'nothing.html',
    ]) {
      expect((await fetch(`${server.url}${base}${escape}`)).status, escape).to.equal(404);
    }
    const forged = entry.replace(/\/(\d+)\.[^/]+\//, '/$1.AAAA/');
    expect((await fetch(server.url + forged)).status).to.equal(404);
  });

  it('makes the words of an uploaded PDF findable through search once the background extraction is done', async () => {
    const word = `thuyvan${Date.now().toString(36)}`;
    const pdf = await demoPdf('Thủy văn sông Hồng', [`Mực nước sông Hồng mùa lũ: ${word} đo tại trạm Hà Nội.`]);
    const { id, file } = await uploaded('thuy-van.pdf', pdf);
    expect(await textState(id, file.id)).to.equal('done');
    const { search, resources } = testContext().services;
    const r = (await resources.find(id))!;
    const submitted = await resources.transition(owner.actor, id, r.version, 'submit');
    const librarian = await person([{ org: schoolA, role: 'librarian' }]);
    await resources.transition(librarian.actor, id, submitted.version, 'approve');
    const found = await search.search(owner.actor, { q: word, filters: {}, sort: 'relevance', offset: 0, limit: 10 });
    expect(found.hits.map((h) => h.card.id)).to.deep.equal([id]);
  });

  it('extracts the text of PPTX slides, and marks a broken DOCX as failed without stopping the queue', async () => {
    const word = `slide${Date.now().toString(36)}`;
    const pptx = await zipOf({
      '[Content_Types].xml': officeTypes('/ppt/presentation.xml'),
      'ppt/presentation.xml': '<p:presentation xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"/>',
      'ppt/slides/slide1.xml': slide(`Chào ${word}`),
    });
    const docx = await zipOf({
      '[Content_Types].xml': officeTypes('/word/document.xml'),
      'word/styles.xml': '<nothing/>',
    });
    const good = await uploaded('bai-giang.pptx', pptx);
    const bad = await uploaded('hong.docx', docx);
    expect(await textState(bad.id, bad.file.id)).to.equal('failed');
    expect(await textState(good.id, good.file.id)).to.equal('done');
    expect((await ResourceTextModel.findById(textId(good.id, good.file.id)).lean())?.text).to.contain(word);
  });
});
