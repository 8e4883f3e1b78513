import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { expect } from 'chai';
import { decodeProtectedHeader } from 'jose';
import type { Actor } from '../../../src/policies/actor.js';
import type { Organisation } from '../../../src/domain/organisation.js';
import type { SharingScope } from '../../../src/domain/resource.js';
import { demoPdf } from '../../../src/seed/files.js';
import { testContext } from '../../support/context.js';
import { person, resource, system } from '../../support/fixtures.js';
import { ROLE } from '../../support/ltiPlatform.js';
import { startLtiHarness, type LtiHarness } from './harness.js';

const field = (html: string, name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1];
const checkboxValues = (html: string) =>
  [...html.matchAll(/name="resourceIds" value="([0-9a-f]{24})"/g)].map((m) => m[1]!);
const hiddenKept = (html: string) =>
  [...html.matchAll(/type="hidden" name="kept" value="([0-9a-f]{24})"/g)].map((m) => m[1]!);
/** A PNG's size, from its IHDR chunk. */
const pngSize = (bytes: Buffer) => ({ width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) });
const decodeEntities = (s: string) =>
  s
    .replace(/&#x3D;/g, '=')
    .replace(/&amp;/g, '&')
    .replace(/&#x2F;/g, '/');

describe('LTI Deep Linking 2.0 picker (test platform over HTTP)', function () {
  this.timeout(60_000);
  let h: LtiHarness;
  const shareable: string[] = [];
  let otherSchoolOnly: string;
  let draft: string;

  before(async () => {
    h = await startLtiHarness();
    const teacherA = await person([{ org: h.schoolA, role: 'teacher' }]);
    const teacherB = await person([{ org: h.schoolB, role: 'teacher' }]);
    for (const title of ['Ngữ văn 6 – Thánh Gióng', 'Ngữ văn 6 – Sơn Tinh, Thủy Tinh', 'Ngữ văn 6 – Thạch Sanh']) {
      shareable.push((await resource(teacherB.actor, h.schoolB, { metadata: { title, subject: 'ngu-van' } })).id);
    }
    shareable.push(
      (
        await resource(teacherA.actor, h.schoolA, {
          scope: 'school',
          metadata: { title: 'Ngữ văn 6 – tài liệu nội bộ trường A', subject: 'ngu-van' },
        })
      ).id,
    );
    otherSchoolOnly = (
      await resource(teacherB.actor, h.schoolB, {
        scope: 'school',
        metadata: { title: 'Ngữ văn 6 – tài liệu nội bộ trường B', subject: 'ngu-van' },
      })
    ).id;
    draft = (
      await resource(teacherB.actor, h.schoolB, {
        status: 'draft',
        metadata: { title: 'Ngữ văn 6 – bản nháp', subject: 'ngu-van' },
      })
    ).id;
  });
  after(() => h.stop());

  const openPicker = (roles: string[], sub = 'gv-001') =>
    h.platform.launch(h.server.url, { sub, name: 'Cô Lan', roles, messageType: 'LtiDeepLinkingRequest' });

  it('opens for a teacher, searches in Vietnamese and lists only items that teacher may share', async () => {
    const picker = await openPicker([ROLE.instructor]);
    expect(picker.status, picker.html).to.equal(200);
    const ltik = field(picker.html, 'ltik')!;
    const search = await fetch(
      `${h.server.url}/lti/picker?${new URLSearchParams({ ltik: decodeEntities(ltik), q: 'ngu van 6' })}`,
    );
    expect(search.status).to.equal(200);
    const html = await search.text();
    const listed = checkboxValues(html);
    expect(listed).to.include.members(shareable);
    expect(listed).not.to.include(otherSchoolOnly);
    expect(listed).not.to.include(draft);
    expect(html).to.contain('name="subject" value="ngu-van"');

    const one = await (
      await fetch(
        `${h.server.url}/lti/picker?${new URLSearchParams({ ltik: decodeEntities(ltik), q: 'ngu van 6', limit: '2' })}`,
      )
    ).text();
    expect(checkboxValues(one).length, 'the picker shows 20 a page, whatever is asked')
      .to.equal(listed.length)
      .and.to.be.greaterThan(2);
  });

  it('pages through many results, keeping the query, filters and the items picked on earlier pages', async () => {
    const teacher = await person([{ org: h.schoolA, role: 'teacher' }]);
    const songs: string[] = [];
    for (let i = 1; i <= 21; i++)
      songs.push(
        (
          await resource(teacher.actor, h.schoolA, {
            metadata: { title: `Âm nhạc 7 – Bài hát số ${i}`, subject: 'am-nhac' },
          })
        ).id,
      );
    const picker = await openPicker([ROLE.instructor]);
    const ltik = decodeEntities(field(picker.html, 'ltik')!);
    const first = await (
      await fetch(`${h.server.url}/lti/picker?${new URLSearchParams({ ltik, q: 'bai hat so', subject: 'am-nhac' })}`)
    ).text();
    const firstPage = checkboxValues(first);
    expect(firstPage, /class="count">([^<]*)/.exec(first)?.[1]).to.have.length(20);
    expect(first).to.contain('name="to" value="2"');

    // "Trang sau" submits the picker form: its query, filters and this page's ticks.
    const toSecond = new URLSearchParams({ ltik, q: 'bai hat so', subject: 'am-nhac', page: '1', to: '2' });
    for (const id of firstPage.slice(0, 2)) toSecond.append('resourceIds', id);
    const second = await (await fetch(`${h.server.url}/lti/picker?${toSecond}`)).text();
    const secondPage = checkboxValues(second);
    expect(secondPage).to.have.length(1);
    expect(second).to.contain('Trang 2/2');
    expect(second).to.contain('Đã chọn 2 mục');
    expect(hiddenKept(second)).to.deep.equal(firstPage.slice(0, 2));

    // Removing one keeps the page; a forged id of an item the teacher may not share shows nothing of it.
    const removing = new URLSearchParams({
      ltik,
      q: 'bai hat so',
      subject: 'am-nhac',
      page: '2',
      remove: firstPage[0]!,
      lang: 'en',
    });
    for (const id of [...firstPage.slice(0, 2), otherSchoolOnly]) removing.append('kept', id);
    removing.append('resourceIds', secondPage[0]!);
    const removed = await (await fetch(`${h.server.url}/lti/picker?${removing}`)).text();
    expect(removed).to.contain('Page 2 of 2');
    expect(removed).to.contain('2 selected');
    expect(hiddenKept(removed)).to.deep.equal([firstPage[1]]);
    expect(removed).to.match(new RegExp(`name="resourceIds" value="${secondPage[0]}" checked`));
    expect(removed).not.to.contain('tài liệu nội bộ trường B');
    expect(songs).to.include.members([...firstPage, ...secondPage]);
  });

  it('returns one signed ltiResourceLink per picked item, verified by the platform against our JWKS', async () => {
    const picker = await openPicker([ROLE.instructor]);
    const ltik = decodeEntities(field(picker.html, 'ltik')!);
    const picked = shareable.slice(0, 3);
    const body = new URLSearchParams({ ltik, completion: 'on' });
    for (const id of picked) body.append('resourceIds', id);
    const answer = await fetch(`${h.server.url}/lti/picker`, { method: 'POST', body });
    expect(answer.status).to.equal(200);
    const html = await answer.text();
    expect(html).to.contain(`action="${h.platform.url}/deep-link-return"`);
    expect(answer.headers.get('content-security-policy')).to.match(new RegExp(`form-action 'self' ${h.platform.url}`));
    const jwt = decodeEntities(field(html, 'JWT')!);
    expect(decodeProtectedHeader(jwt).alg).to.equal('RS256');

    const received = await fetch(`${h.platform.url}/deep-link-return`, {
      method: 'POST',
      body: new URLSearchParams({ JWT: jwt }),
    });
    expect(received.status, 'the platform verified our signature against our JWKS').to.equal(200);
    const payload = h.platform.deepLinkResponses.at(-1)!;
    expect(payload['https://purl.imsglobal.org/spec/lti/claim/message_type']).to.equal('LtiDeepLinkingResponse');
    expect(payload['https://purl.imsglobal.org/spec/lti/claim/deployment_id']).to.equal(h.platform.deploymentId);
    expect(payload['https://purl.imsglobal.org/spec/lti-dl/claim/data']).to.equal('opaque-data');
    const items = payload['https://purl.imsglobal.org/spec/lti-dl/claim/content_items'] as Record<string, unknown>[];
    expect(items).to.have.length(3);
    expect(items.map((i) => (i.custom as Record<string, string>).tvs_resource_id)).to.deep.equal(picked);
    for (const item of items) {
      expect(item.type).to.equal('ltiResourceLink');
      expect(item.title).to.match(/^Ngữ văn 6 – /);
      expect(item.url, 'one launch URL for all items, the item named by the custom parameter').to.equal(items[0]!.url);
      expect(item.lineItem).to.deep.include({ scoreMaximum: 1 });
      expect(item.icon).to.have.property('url');
    }
  });

  it('gives each link an icon for its kind, and a thumbnail (its own picture) when anyone may see the item; the platform can fetch both', async () => {
    const teacher = await person([{ org: h.schoolA, role: 'teacher' }]);
    const picture = fs.readFileSync(path.join('views', 'assets', 'lti', 'icons', 'simulation.png'));
    const withFile = async (
      owner: Actor,
      org: Organisation,
      options: { title: string; type: string; scope: SharingScope },
      filename: string,
      bytes: Buffer,
    ) => {
      const { files, resources } = testContext().services;
      const draft = await resource(owner, org, {
        status: 'draft',
        scope: options.scope,
        metadata: { title: options.title, type: options.type },
      });
      const uploaded = await files.upload(owner, draft.id, draft.version, { stream: Readable.from([bytes]), filename });
      const submitted = await resources.transition(owner, draft.id, uploaded.version, 'submit');
      const published = await resources.transition(await system(), draft.id, submitted.version, 'approve');
      return { id: published.id, fileId: published.files[0]!.id };
    };
    const publicPicture = await withFile(
      teacher.actor,
      h.schoolA,
      { title: 'Sinh học 6 – Tế bào thực vật', type: 'hinh-anh', scope: 'public' },
      'te-bao.png',
      picture,
    );
    const schoolPicture = await withFile(
      teacher.actor,
      h.schoolA,
      { title: 'Sinh học 6 – Ảnh nội bộ', type: 'hinh-anh', scope: 'school' },
      'noi-bo.png',
      picture,
    );
    const pdf = await withFile(
      teacher.actor,
      h.schoolA,
      { title: 'Sinh học 6 – Phiếu học tập', type: 'bai-giang', scope: 'public' },
      'phieu.pdf',
      await demoPdf('Phiếu học tập', ['Tế bào.']),
    );
    const video = (
      await resource(teacher.actor, h.schoolA, {
        metadata: { title: 'Sinh học 6 – Video quan sát tế bào', type: 'video' },
      })
    ).id;

    const picker = await openPicker([ROLE.instructor]);
    const body = new URLSearchParams({ ltik: decodeEntities(field(picker.html, 'ltik')!) });
    for (const id of [publicPicture.id, schoolPicture.id, pdf.id, video]) body.append('resourceIds', id);
    const answer = await fetch(`${h.server.url}/lti/picker`, { method: 'POST', body });
    expect(answer.status).to.equal(200);
    expect(
      (
        await fetch(`${h.platform.url}/deep-link-return`, {
          method: 'POST',
          body: new URLSearchParams({ JWT: decodeEntities(field(await answer.text(), 'JWT')!) }),
        })
      ).status,
    ).to.equal(200);
    type Picture = { url: string; width?: number; height?: number };
    const items = h.platform.deepLinkResponses.at(-1)![
      'https://purl.imsglobal.org/spec/lti-dl/claim/content_items'
    ] as { icon: Picture; thumbnail?: Picture }[];

    expect(items.map((i) => new URL(i.icon.url).pathname)).to.deep.equal([
      '/lti/icons/image.png',
      '/lti/icons/image.png',
      '/lti/icons/pdf.png',
      '/lti/icons/video.png',
    ]);
    for (const { icon } of items) {
      const served = await fetch(icon.url.replace(/^https?:\/\/[^/]+/, h.server.url));
      expect(served.status, icon.url).to.equal(200);
      expect(served.headers.get('content-type')).to.equal('image/png');
      expect(served.headers.get('cross-origin-resource-policy'), 'a platform page may show it').to.equal(
        'cross-origin',
      );
      expect(pngSize(Buffer.from(await served.arrayBuffer()))).to.deep.equal({
        width: icon.width,
        height: icon.height,
      });
    }

    expect(items.map((i) => i.thumbnail?.url && new URL(i.thumbnail.url).pathname)).to.deep.equal([
      `/lti/thumbnails/${publicPicture.id}/${publicPicture.fileId}`,
      undefined,
      undefined,
      undefined,
    ]);
    const thumbnail = await fetch(items[0]!.thumbnail!.url.replace(/^https?:\/\/[^/]+/, h.server.url));
    expect(thumbnail.status).to.equal(200);
    expect(thumbnail.headers.get('content-type')).to.equal('image/png');
    expect(thumbnail.headers.get('cross-origin-resource-policy')).to.equal('cross-origin');
    expect(Buffer.from(await thumbnail.arrayBuffer()).equals(picture)).to.equal(true);
    const hidden = await fetch(`${h.server.url}/lti/thumbnails/${schoolPicture.id}/${schoolPicture.fileId}`);
    expect(hidden.status, 'a school-only picture is no thumbnail for anyone').to.equal(404);
    const notAPicture = await fetch(`${h.server.url}/lti/thumbnails/${pdf.id}/${pdf.fileId}`);
    expect(notAPicture.status).to.equal(404);
  });

  it('refuses to link an item the teacher may not share, losing nothing', async () => {
    const picker = await openPicker([ROLE.instructor]);
    const ltik = decodeEntities(field(picker.html, 'ltik')!);
    const body = new URLSearchParams({ ltik });
    body.append('resourceIds', shareable[0]!);
    body.append('resourceIds', otherSchoolOnly);
    const answer = await fetch(`${h.server.url}/lti/picker`, { method: 'POST', body });
    expect(answer.status).to.be.oneOf([403, 404]);
    expect(await answer.text()).not.to.contain('name="JWT"');
  });

  it('refuses an empty selection with a clear 400', async () => {
    const picker = await openPicker([ROLE.instructor]);
    const answer = await fetch(`${h.server.url}/lti/picker`, {
      method: 'POST',
      body: new URLSearchParams({ ltik: decodeEntities(field(picker.html, 'ltik')!) }),
    });
    expect(answer.status).to.equal(400);
  });

  it('refuses a student, and a resource-launch ltik, at the picker', async () => {
    const student = await openPicker([ROLE.learner], 'hs-picker');
    expect(student.status).to.equal(403);
    expect(student.html).to.contain('Chỉ giáo viên hoặc quản trị viên');
    expect(student.html).not.to.contain('name="resourceIds"');

    const launch = await h.platform.launch(h.server.url, {
      roles: [ROLE.instructor],
      custom: { tvs_resource_id: shareable[0]! },
    });
    const ltik = decodeEntities(/data-ltik="([^"]+)"/.exec(launch.html)![1]!);
    const reused = await fetch(`${h.server.url}/lti/picker?ltik=${encodeURIComponent(ltik)}`);
    expect(reused.status).to.equal(403);
  });
});
