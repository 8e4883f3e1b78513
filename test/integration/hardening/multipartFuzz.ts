/**
 * Random multipart uploads for the fuzz test: a fixed seed and a few hundred cases in CI; set
 * FUZZ_SEED for another seed and FUZZ_RUNS for a longer run (e.g. FUZZ_RUNS=5000).
 */
import fc from 'fast-check';
import type { RawRequest } from './rawHttp.js';

export const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 20261204);
export const FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? 300);

const boundary = fc.oneof(
  fc.constant('XX'),
  fc.stringMatching(/^[A-Za-z0-9'()+_,./:=?-]{1,70}$/),
  fc.string({ unit: fc.constantFrom(...'ab-_=/ "\\;:'.split('')), maxLength: 90 }),
);

const content = fc.oneof(
  fc.constant('Dòng sông quê em.\n'.repeat(20)),
  fc.string({ maxLength: 400 }),
  fc.uint8Array({ maxLength: 3000 }).map((a) => Buffer.from(a)),
  fc.constant('%PDF-1.7\n'),
);

const headerLine = fc.oneof(
  fc.constant('Content-Type: text/plain'),
  fc.constant('Content-Type: application/pdf; charset=utf-8'),
  fc.constant('Content-Transfer-Encoding: base64'),
  fc.constant(': no name'),
  fc.constant('X-Long: ' + 'y'.repeat(5000)),
  fc.string({ maxLength: 60 }),
);

const part = fc.record({
  name: fc.constantFrom('file', 'file', 'version', 'other', '', 'fi"le'),
  filename: fc.option(
    fc.oneof(fc.constant('bai-doc.txt'), fc.constant('../../etc/x.pdf'), fc.string({ maxLength: 300 })),
  ),
  disposition: fc.constantFrom('form-data', 'form-data', 'attachment', 'FORM-DATA', ''),
  extra: fc.array(headerLine, { maxLength: 2 }),
  content,
});

export const multipartCase = fc.record({
  target: fc.constantFrom('api' as const, 'page' as const),
  contentType: fc.constantFrom(
    'multipart/form-data; boundary=%B',
    'multipart/form-data; boundary="%B"',
    'multipart/form-data; boundary=%B; charset=utf-8',
    'Multipart/Form-Data; BOUNDARY=%B',
    'multipart/form-data',
    'multipart/mixed; boundary=%B',
    'text/plain',
  ),
  headerBoundary: boundary,
  bodyBoundary: fc.option(boundary, { freq: 4 }),
  withVersion: fc.boolean(),
  parts: fc.array(part, { maxLength: 4 }),
  closing: fc.boolean(),
  cut: fc.option(fc.nat(), { freq: 2 }),
  flip: fc.option(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { freq: 3 }),
  delivery: fc.constantFrom('whole' as const, 'whole' as const, 'pieces' as const, 'abort' as const),
});

export type MultipartCase = typeof multipartCase extends fc.Arbitrary<infer T> ? T : never;

function bodyOf(c: MultipartCase, version: number): Buffer {
  const b = c.bodyBoundary ?? c.headerBoundary;
  const parts = c.withVersion ? [{ ...versionPart, content: String(version) }, ...c.parts] : c.parts;
  const chunks = parts.flatMap((p) => {
    const filename = p.filename === null ? '' : `; filename="${p.filename}"`;
    const headers = [`Content-Disposition: ${p.disposition}; name="${p.name}"${filename}`, ...p.extra].join('\r\n');
    return [Buffer.from(`--${b}\r\n${headers}\r\n\r\n`), Buffer.from(p.content), Buffer.from('\r\n')];
  });
  if (c.closing) chunks.push(Buffer.from(`--${b}--\r\n`));
  let body = Buffer.concat(chunks);
  if (c.flip && body.length) body[c.flip[0] % body.length] = c.flip[1];
  if (c.cut !== null && body.length) body = body.subarray(0, c.cut % body.length);
  return body;
}

const versionPart = { name: 'version', filename: null, disposition: 'form-data', extra: [] as string[] };

/** The raw request a case stands for, sent by a signed-in teacher to an upload endpoint of `r`. */
export function multipartRequest(
  c: MultipartCase,
  r: { id: string; version: number },
  signed: Record<string, string>,
  csrf: string,
): RawRequest {
  const body = bodyOf(c, r.version);
  // Header values carry no line breaks: those would be a different request, not a different body.
  const contentType = c.contentType.replace('%B', c.headerBoundary).replace(/[\r\n]/g, '');
  const pieces =
    c.delivery === 'pieces'
      ? [
          body.subarray(0, body.length >> 1),
          20,
          body.subarray(body.length >> 1, (body.length * 3) >> 2),
          20,
          body.subarray((body.length * 3) >> 2),
        ]
      : c.delivery === 'abort'
        ? [body.subarray(0, body.length >> 1)]
        : [body];
  const path =
    c.target === 'api'
      ? `/api/v1/resources/${r.id}/files`
      : `/resources/${r.id}/files?_csrf=${encodeURIComponent(csrf)}`;
  return {
    method: 'POST',
    path,
    headers: {
      ...signed,
      'Content-Type': contentType,
      ...(c.target === 'api' ? { 'If-Match': `"${r.version}"` } : {}),
    },
    body: pieces,
    contentLength: body.length,
    abort: c.delivery === 'abort',
  };
}
