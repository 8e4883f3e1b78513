/**
 * The demo files the seed attaches: real files of each kind, accepted by the same upload checks as
 * anyone's, and a PDF whose Vietnamese text survives (extracted back letter for letter).
 */
import { expect } from 'chai';
import { testContext } from '../../support/context.js';
import { person, province, resource } from '../../support/fixtures.js';
import { attachDemoFiles, demoPdf } from '../../../src/seed/files.js';
import { extractText } from '../../../src/services/files/extract.js';
import { Readable } from 'node:stream';

describe('files: demo files of the seed', function () {
  this.timeout(60_000);

  it('attaches a PDF, a WAV, a PNG, a simulation package and a WebM video, each detected as its kind', async () => {
    const { schoolA } = await province();
    const teacher = await person([{ org: schoolA, role: 'teacher' }]);
    const kinds = ['pdf', 'audio', 'image', 'simulation', 'video'] as const;
    const drafts = await Promise.all(
      kinds.map((k) =>
        resource(teacher.actor, schoolA, { status: 'draft', metadata: { title: `Học liệu mẫu – ${k}` } }),
      ),
    );
    await attachDemoFiles(
      testContext().services,
      teacher.actor,
      drafts.map((r, i) => ({ resource: r, file: kinds[i]!, description: 'Mô tả ngắn.' })),
      testContext().log,
    );
    const { resources } = testContext().services;
    const attached = await Promise.all(
      drafts.map(async (r) => (await resources.find(r.id))!.files.map((f) => [f.kind, f.mediaType])),
    );
    expect(attached).to.deep.equal([
      [['pdf', 'application/pdf']],
      [['audio', 'audio/wav']],
      [['image', 'image/png']],
      [['simulation', 'application/zip']],
      [['video', 'video/webm']],
    ]);
  });

  it('writes Vietnamese text into the PDF with a font that has its letters', async () => {
    const sentence = 'Tiếng Việt có sáu thanh: ngang, huyền, sắc, hỏi, ngã, nặng. Đường đi khó.';
    const { storage } = testContext().services.files;
    const stored = await storage.put(Readable.from([await demoPdf('Thử chữ Việt', [sentence])]), {
      filename: 'viet.pdf',
      contentType: 'application/pdf',
    });
    try {
      const text = (await extractText('pdf', storage, stored)).normalize('NFC').replace(/\s+/g, ' ');
      expect(text).to.contain('Thử chữ Việt');
      expect(text).to.contain(sentence);
    } finally {
      await storage.delete(stored.id);
    }
  });
});
