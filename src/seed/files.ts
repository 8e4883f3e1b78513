/**
 * Small real files for the demo resources, made here rather than shipped: a PDF with Vietnamese
 * text (pdfkit, with the DejaVu Sans font from Debian's fonts-dejavu-core, which has every
 * Vietnamese glyph), a WAV tone, a PNG picture, an HTML5 simulation package (a zip with an
 * index.html and a script of ours) and, when ffmpeg is installed, a short WebM video. They are
 * uploaded through FileService like any other file.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { promisify } from 'node:util';
import { deflateSync, crc32 } from 'node:zlib';
import PDFDocument from 'pdfkit';
import { projectRoot } from '../../config/index.js';
import yazl from 'yazl';
import type { Resource } from '../domain/resource.js';
import type { Logger } from '../log.js';
import type { Actor } from '../policies/actor.js';
import type { Services } from '../services/index.js';
import type { DemoFile } from './demoCatalogue.js';

const VIETNAMESE_FONT = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';

/** A one-page A4 PDF: the title, then each paragraph. */
export async function demoPdf(title: string, paragraphs: readonly string[]): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 56, info: { Title: title }, compress: true });
  if (fs.existsSync(VIETNAMESE_FONT)) doc.registerFont('body', VIETNAMESE_FONT).font('body');
  const done = buffer(doc);
  doc.fontSize(20).text(title).moveDown();
  doc.fontSize(12);
  for (const p of paragraphs) doc.text(p).moveDown(0.5);
  doc.end();
  return done;
}

/** A mono 16-bit WAV: a tone of `hz` for `seconds`, fading in and out. */
export function demoWav(seconds = 1.5, hz = 440, rate = 16_000): Buffer {
  const samples = Math.floor(seconds * rate);
  const out = Buffer.alloc(44 + samples * 2);
  out.write('RIFF', 0, 'ascii');
  out.writeUInt32LE(36 + samples * 2, 4);
  out.write('WAVEfmt ', 8, 'ascii');
  out.writeUInt32LE(16, 16);
  out.writeUInt16LE(1, 20); // PCM
  out.writeUInt16LE(1, 22); // mono
  out.writeUInt32LE(rate, 24);
  out.writeUInt32LE(rate * 2, 28);
  out.writeUInt16LE(2, 32);
  out.writeUInt16LE(16, 34);
  out.write('data', 36, 'ascii');
  out.writeUInt32LE(samples * 2, 40);
  for (let i = 0; i < samples; i++) {
    const envelope = Math.min(1, i / (rate * 0.05), (samples - i) / (rate * 0.05));
    out.writeInt16LE(Math.round(Math.sin((2 * Math.PI * hz * i) / rate) * 12_000 * envelope), 44 + i * 2);
  }
  return out;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** An RGB PNG of `width`×`height` whose pixels `colour(x, y)` gives: four seasons' colours by default. */
export function demoPng(
  width = 240,
  height = 160,
  colour: (x: number, y: number) => [number, number, number] = seasons,
): Buffer {
  const rows = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1);
    for (let x = 0; x < width; x++) rows.set(colour(x, y), row + 1 + x * 3);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(rows)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

function seasons(x: number, y: number): [number, number, number] {
  const palette: [number, number, number][] = [
    [120, 200, 90],
    [250, 200, 60],
    [210, 110, 40],
    [170, 200, 235],
  ];
  const [r, g, b] = palette[Math.floor((x / 240) * 4) % 4]!;
  const shade = 0.75 + 0.25 * Math.sin(y / 12);
  return [Math.round(r * shade), Math.round(g * shade), Math.round(b * shade)];
}

/** A zip of the given files (path → content). */
export function zipOf(files: Record<string, string | Buffer>): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const [name, content] of Object.entries(files))
    zip.addBuffer(Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8'), name);
  zip.end();
  return buffer(zip.outputStream);
}

const simulationDir = path.join(projectRoot, 'src', 'seed', 'simulation');

/** The demo HTML5 simulation: a car on a track; pick a speed and a time, see the distance. */
export function demoSimulation(title: string): Promise<Buffer> {
  const html = fs
    .readFileSync(path.join(simulationDir, 'index.html'), 'utf8')
    .replaceAll('{{title}}', title.replace(/[<>&"]/g, ''));
  return zipOf({
    'index.html': html,
    'sim.js': fs.readFileSync(path.join(simulationDir, 'sim.js')),
    'sim.css': fs.readFileSync(path.join(simulationDir, 'sim.css')),
  });
}

/** A 3-second WebM test pattern with a tone, or null when ffmpeg is not installed. */
export async function demoVideo(log: Logger): Promise<Buffer | null> {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'thuvien-video-')), 'demo.webm');
  try {
    await promisify(execFile)(
      'ffmpeg',
      [
        '-loglevel',
        'error',
        '-f',
        'lavfi',
        '-i',
        'testsrc=size=320x180:rate=15:duration=3',
        '-f',
        'lavfi',
        '-i',
        'sine=frequency=440:duration=3',
        '-c:v',
        'libvpx',
        '-b:v',
        '200k',
        '-c:a',
        'libvorbis',
        '-shortest',
        out,
      ],
      { timeout: 30_000 },
    );
    return fs.readFileSync(out);
  } catch (err) {
    log.warn(
      { err: (err as Error).message },
      'ffmpeg không có hoặc lỗi: bỏ qua video mẫu / ffmpeg missing or failed: demo videos are left without a file',
    );
    return null;
  } finally {
    fs.rmSync(path.dirname(out), { recursive: true, force: true });
  }
}

export interface DemoAttachment {
  resource: Resource;
  file: DemoFile;
  description: string;
}

/** Attaches a made-up file to each demo resource that asks for one. */
export async function attachDemoFiles(
  services: Services,
  actor: Actor,
  attachments: readonly DemoAttachment[],
  log: Logger,
): Promise<void> {
  if (!fs.existsSync(VIETNAMESE_FONT))
    log.warn(
      { font: VIETNAMESE_FONT },
      'thiếu phông DejaVu Sans (fonts-dejavu-core): PDF mẫu sẽ thiếu dấu / DejaVu Sans missing: demo PDFs lack ' +
        'Vietnamese glyphs',
    );
  const started = Date.now();
  let attached = 0;
  const wanted = new Set(attachments.map((a) => a.file));
  const video = wanted.has('video') ? await demoVideo(log) : null;
  const audio = demoWav();
  const image = demoPng();
  for (const { resource, file, description } of attachments) {
    const title = resource.metadata.title;
    const slug = title.split('–')[0]!.trim();
    const made: { name: string; bytes: Buffer } | null =
      file === 'pdf'
        ? {
            name: `${slug}.pdf`,
            bytes: await demoPdf(title, [description, ...resource.metadata.keywords.map((k) => `• ${k}`)]),
          }
        : file === 'audio'
          ? { name: `${slug}.wav`, bytes: audio }
          : file === 'image'
            ? { name: `${slug}.png`, bytes: image }
            : file === 'simulation'
              ? { name: `${slug}.zip`, bytes: await demoSimulation(title) }
              : video
                ? { name: `${slug}.webm`, bytes: video }
                : null;
    if (!made) continue;
    const current = (await services.resources.find(resource.id))!;
    await services.files.upload(actor, resource.id, current.version, {
      stream: Readable.from([made.bytes]),
      filename: made.name,
    });
    attached += 1;
  }
  log.info({ files: attached, ms: Date.now() - started }, 'Đã gắn tệp mẫu / demo files attached');
}
