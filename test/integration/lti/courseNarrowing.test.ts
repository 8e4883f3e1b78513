import { expect } from 'chai';
import { person, resource } from '../../support/fixtures.js';
import { ROLE } from '../../support/ltiPlatform.js';
import { startLtiHarness, type LtiHarness } from './harness.js';

const listed = (html: string) => [...html.matchAll(/name="resourceIds" value="([0-9a-f]{24})"/g)].map((m) => m[1]!);
const applied = (html: string) =>
  [...html.matchAll(/<input type="hidden" name="(subject|grade)" value="([^"]*)">/g)].map((m) => `${m[1]}:${m[2]}`);
const decode = (s: string) =>
  s
    .replace(/&#x3D;/g, '=')
    .replace(/&amp;/g, '&')
    .replace(/&#x2F;/g, '/');

describe('LTI picker narrowed by the course (context claim over a real OIDC launch)', function () {
  this.timeout(60_000);
  let h: LtiHarness;
  let literature10: string;
  let literature6: string;
  let maths10: string;

  before(async () => {
    h = await startLtiHarness();
    const teacher = await person([{ org: h.schoolA, role: 'teacher' }]);
    const add = async (title: string, subject: string, grade: number) =>
      (await resource(teacher.actor, h.schoolA, { metadata: { title, subject, grades: [grade] } })).id;
    literature10 = await add('Chí Phèo – đọc hiểu', 'ngu-van', 10);
    literature6 = await add('Thánh Gióng – đọc hiểu', 'ngu-van', 6);
    maths10 = await add('Mệnh đề và tập hợp', 'toan', 10);
  });
  after(() => h.stop());

  const openPicker = (context: { id: string; title: string; label?: string }) =>
    h.platform.launch(h.server.url, {
      sub: 'gv-narrow',
      roles: [ROLE.instructor],
      messageType: 'LtiDeepLinkingRequest',
      context,
    });

  it('opens on the subject and grade of "Ngữ văn 10 — Lớp 10A1", shown as removable filters', async () => {
    const picker = await openPicker({ id: 'c-nv10', title: 'Ngữ văn 10 — Lớp 10A1', label: 'NV10A1' });
    expect(picker.status, picker.html).to.equal(200);
    expect(applied(picker.html)).to.deep.equal(['grade:10', 'subject:ngu-van']);
    expect(picker.html).to.contain('Đã lọc theo tên khoá học');
    expect(picker.html).to.contain('Bỏ bộ lọc Ngữ văn');
    expect(listed(picker.html)).to.include(literature10).and.not.include.members([literature6]);
    expect(listed(picker.html)).not.to.include(maths10);

    // The teacher removes "Ngữ văn": the form carries the other filter, the button names the one dropped.
    const ltik = decode(/name="ltik" value="([^"]*)"/.exec(picker.html)![1]!);
    const wider = await fetch(
      `${h.server.url}/lti/picker?${new URLSearchParams({ ltik, grade: '10', subject: 'ngu-van', drop: 'subject:ngu-van' })}`,
    );
    const html = await wider.text();
    expect(wider.status, html).to.equal(200);
    expect(applied(html)).to.deep.equal(['grade:10']);
    expect(listed(html)).to.include.members([literature10, maths10]).and.not.include(literature6);
    expect(html).not.to.contain('Đã lọc theo tên khoá học');
  });

  it('reads the label when the title says nothing, and stays open on everything when neither does', async () => {
    const byLabel = await openPicker({ id: 'c-label', title: 'Khoá học của cô Lan', label: 'TOAN10' });
    expect(applied(byLabel.html)).to.deep.equal(['grade:10', 'subject:toan']);
    expect(listed(byLabel.html)).to.deep.equal([maths10]);

    const homeroom = await openPicker({ id: 'c-home', title: 'Sinh hoạt lớp chủ nhiệm' });
    expect(applied(homeroom.html)).to.deep.equal([]);
    expect(homeroom.html).not.to.contain('Đã lọc theo tên khoá học');
    expect(listed(homeroom.html)).to.include.members([literature10, literature6, maths10]);
  });

  it('keeps a filter that matches nothing visible so that it can be removed', async () => {
    const picker = await openPicker({ id: 'c-music', title: 'Âm nhạc 3' });
    expect(applied(picker.html)).to.deep.equal(['grade:3', 'subject:am-nhac']);
    expect(listed(picker.html)).to.deep.equal([]);
    expect(picker.html).to.contain('name="drop" value="subject:am-nhac"');
  });
});
