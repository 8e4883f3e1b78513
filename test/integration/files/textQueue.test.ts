/**
 * The text-extraction queue across instances and against pathological files: each job is claimed
 * by one consumer at a time, and parsing runs in a worker whose time and memory limits stop a
 * PDF bomb without stopping the process.
 */
import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import { expect } from 'chai';
import pino from 'pino';
import { testContext } from '../../support/context.js';
import { person, province, resource } from '../../support/fixtures.js';
import { demoPdf } from '../../../src/seed/files.js';
import { TextJobModel, type TextJobRecord } from '../../../src/models/file.js';
import { ResourceTextModel, textId } from '../../../src/models/resource.js';
import { TextQueue } from '../../../src/services/files/textQueue.js';
import type { ExtractionLimits } from '../../../src/services/files/extractionWorker.js';

/** A one-page PDF whose page content, a few dozen kB deflated, inflates to `mb` MB of `body`. */
function pdfWithContent(mb: number, open: string, filler: string, close: string): Buffer {
  const stream = zlib.deflateSync(
    Buffer.concat([Buffer.from(open), Buffer.alloc(mb * 1024 * 1024, filler), Buffer.from(close)]),
    { level: 9 },
  );
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << >> >>',
  ];
  const parts: Buffer[] = [Buffer.from('%PDF-1.4\n')];
  const offsets: number[] = [];
  const length = () => parts.reduce((n, p) => n + p.length, 0);
  objects.forEach((o, i) => {
    offsets.push(length());
    parts.push(Buffer.from(`${i + 1} 0 obj\n${o}\nendobj\n`));
  });
  offsets.push(length());
  parts.push(Buffer.from(`4 0 obj\n<< /Length ${stream.length} /Filter /FlateDecode >>\nstream\n`), stream);
  parts.push(Buffer.from('\nendstream\nendobj\n'));
  const xref = length();
  const entries = offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
  parts.push(Buffer.from(`xref\n0 5\n0000000000 65535 f \n${entries}trailer\n<< /Size 5 /Root 1 0 R >>\n`));
  parts.push(Buffer.from(`startxref\n${xref}\n%%EOF\n`));
  return Buffer.concat(parts);
}
/** Millions of numbers in one TJ array: pdf.js holds them all in memory. */
const memoryBomb = () => pdfWithContent(60, 'BT [', '0 ', '] TJ ET');
/** Millions of save/restore operators: pdf.js walks them all. */
const timeBomb = () => pdfWithContent(64, '', 'q Q\n', '');

/** A queue of its own, as another instance would run, with a log we can read. */
function consumer(lines: Record<string, unknown>[], limits?: ExtractionLimits): TextQueue {
  const { services } = testContext();
  const log = pino(
    { level: 'debug' },
    { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) },
  );
  return new TextQueue(services.files.storage, services.resources, log, { limits });
}

/** Runs a consumer until it finds nothing more to claim. */
async function drained(queue: TextQueue): Promise<void> {
  queue.start(60_000);
  await queue.drain();
  await queue.stop();
}

async function upload(name: string, bytes: Buffer) {
  const { schoolA } = await province();
  const owner = await person([{ org: schoolA, role: 'teacher' }]);
  const r = await resource(owner.actor, schoolA, { status: 'draft' });
  const updated = await testContext().services.files.upload(owner.actor, r.id, r.version, {
    stream: Readable.from([bytes]),
    filename: name,
  });
  return { resourceId: r.id, fileId: updated.files.at(-1)!.id };
}

async function stateOf(resourceId: string, fileId: string) {
  return (await testContext().services.resources.find(resourceId))!.files.find((f) => f.id === fileId)!.text;
}

describe('text extraction: one claim per job across instances, limits in a worker', function () {
  this.timeout(180_000);

  it('two consumers on one database extract each file once', async () => {
    const uploads = [];
    for (let i = 0; i < 6; i++)
      uploads.push(await upload(`bai-${i}.txt`, Buffer.from(`Bài đọc số ${i}: Quê hương là chùm khế ngọt.`)));
    const lines: Record<string, unknown>[] = [];
    const first = consumer(lines);
    const second = consumer(lines);
    first.start(50);
    second.start(50);
    try {
      for (let i = 0; i < 200 && (await TextJobModel.countDocuments({ failure: null })) > 0; i++)
        await new Promise((resolve) => setTimeout(resolve, 100));
    } finally {
      await Promise.all([first.stop(), second.stop()]);
    }
    const extracted = lines.filter((l) => l.msg === 'text extracted').map((l) => l.jobId as string);
    const ids = uploads.map((u) => textId(u.resourceId, u.fileId));
    for (const id of ids)
      expect(
        extracted.filter((e) => e === id),
        id,
      ).to.have.length(1);
    for (const u of uploads) expect(await stateOf(u.resourceId, u.fileId)).to.equal('done');
    const texts = await ResourceTextModel.find({ _id: { $in: ids } }).lean();
    expect(texts).to.have.length(6);
  });

  it('a job whose claim ran out (its instance crashed) is claimed again, and given up after a bounded number of attempts', async () => {
    const { resourceId, fileId } = await upload('bai-mo-coi.txt', Buffer.from('Bài đọc: Ông lão đánh cá.'));
    const id = textId(resourceId, fileId);
    // As an instance that died while holding the job leaves it: claimed, lease over, attempts used up.
    await TextJobModel.updateOne({ _id: id }, { $set: { attempts: 3, leaseUntil: new Date(Date.now() - 1000) } });
    const lines: Record<string, unknown>[] = [];
    await drained(consumer(lines));
    expect(await stateOf(resourceId, fileId)).to.equal('failed');
    const job = await TextJobModel.findById(id).lean<TextJobRecord>();
    expect(job?.failure).to.match(/gave up after 3 attempts/);
  });

  it('stops a memory bomb and a time bomb at the worker limits, records why, and goes on with the next file', async () => {
    const lines: Record<string, unknown>[] = [];
    // Limits small enough for a quick test; the memory one large enough for an ordinary PDF on a busy machine.
    const time = await upload('bom-thoi-gian.pdf', timeBomb());
    await drained(consumer(lines, { timeMs: 3_000, memoryMb: 256 }));
    const memory = await upload('bom-bo-nho.pdf', memoryBomb());
    const fine = await upload('bai-tot.pdf', await demoPdf('Bài học tốt', ['Nước chảy đá mòn.']));
    await drained(consumer(lines, { timeMs: 60_000, memoryMb: 128 }));
    const reasons = async (u: { resourceId: string; fileId: string }) =>
      (await TextJobModel.findById(textId(u.resourceId, u.fileId)).lean<TextJobRecord>())?.failure;
    expect(await stateOf(memory.resourceId, memory.fileId)).to.equal('failed');
    expect(await reasons(memory)).to.match(/memory limit|time limit/);
    expect(await stateOf(time.resourceId, time.fileId)).to.equal('failed');
    expect(await reasons(time)).to.match(/time limit/);
    expect(await stateOf(fine.resourceId, fine.fileId)).to.equal('done');
    const text = await ResourceTextModel.findById(textId(fine.resourceId, fine.fileId)).lean();
    expect(text?.text.normalize('NFC')).to.contain('Nước chảy đá mòn.');
  });
});
