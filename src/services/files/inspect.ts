/**
 * Looks at an upload while it streams into storage: counts its bytes against the size limit,
 * detects its type from the first bytes (file-type; valid UTF-8 text counts as text/plain), and
 * keeps its last bytes for the structural checks that need them. Nothing is passed on to storage
 * before the type is known, so a refused type stores nothing.
 */
import { Transform, type TransformCallback } from 'node:stream';
import path from 'node:path';
import { fileTypeFromBuffer } from 'file-type';
import { allowedTypes, sniffBytes, type AllowedType } from '../../../config/files.js';
import { DomainError } from '../../domain/errors.js';

const TAIL_BYTES = 1024;

export const tooLarge = (maxBytes: number) =>
  new DomainError('payload_too_large', 'files.tooLarge', { maxMb: Math.floor(maxBytes / (1024 * 1024)) });

export class UploadInspector extends Transform {
  size = 0;
  detected: AllowedType | undefined;
  private head: Buffer[] = [];
  private headBytes = 0;
  private tailBuffer = Buffer.alloc(0);

  constructor(
    private readonly filename: string,
    private readonly maxBytes: number,
  ) {
    super();
  }

  get tail(): Buffer {
    return this.tailBuffer;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.size += chunk.length;
    if (this.size > this.maxBytes) return callback(tooLarge(this.maxBytes));
    this.tailBuffer = Buffer.concat([this.tailBuffer, chunk.subarray(-TAIL_BYTES)]).subarray(-TAIL_BYTES);
    if (this.detected) return callback(null, chunk);
    this.head.push(chunk);
    this.headBytes += chunk.length;
    if (this.headBytes < sniffBytes) return callback();
    this.releaseHead().then(() => callback(), callback);
  }

  override _flush(callback: TransformCallback): void {
    if (this.size === 0) return callback(new DomainError('validation', 'files.empty'));
    if (this.detected) return callback();
    this.releaseHead().then(() => callback(), callback);
  }

  private async releaseHead(): Promise<void> {
    const head = Buffer.concat(this.head);
    this.head = [];
    this.detected = await detectType(head, this.filename, head.length < sniffBytes);
    this.push(head);
  }
}

/** The allowed type of a file from its first bytes; refuses unknown, not allowed, and mismatching types (415). */
export async function detectType(head: Buffer, filename: string, complete: boolean): Promise<AllowedType> {
  const found = await fileTypeFromBuffer(head);
  const mime = found?.mime ?? (isUtf8Text(head, complete) ? 'text/plain' : undefined);
  if (!mime) throw new DomainError('unsupported_media_type', 'files.unknownType');
  const allowed = allowedTypes[mime];
  if (!allowed) throw new DomainError('unsupported_media_type', 'files.typeNotAllowed', { type: found?.ext ?? mime });
  const extension = path.extname(filename).slice(1).toLowerCase();
  if (extension && !allowed.extensions.includes(extension)) {
    throw new DomainError('unsupported_media_type', 'files.typeMismatch', { extension, type: found?.ext ?? 'txt' });
  }
  return allowed;
}

function isUtf8Text(head: Buffer, complete: boolean): boolean {
  // eslint-disable-next-line no-control-regex -- control characters other than tab and line breaks mark binary data
  if (/[\u0000-\u0008\u000e-\u001a\u001c-\u001f]/.test(head.toString('latin1'))) return false;
  try {
    // Streaming: a sample cut in the middle of a multi-byte character is still text.
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: !complete });
    return true;
  } catch {
    return false;
  }
}
