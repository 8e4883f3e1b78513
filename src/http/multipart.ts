/**
 * Streamed multipart uploads. Whatever goes wrong with the body — cut short, malformed, abandoned
 * by the client half way — fails this request and nothing else: the file part's stream fails too
 * (so the upload reading it removes what it stored), the answer is a 400, and the rest of the body
 * is drained.
 */
import type { Readable } from 'node:stream';
import busboy from 'busboy';
import type { Request } from 'express';
import { DomainError } from '../domain/errors.js';

const notMultipart = () =>
  new DomainError('validation', 'files.notMultipart', {}, [{ field: 'file', messageKey: 'files.notMultipart' }]);
const missingFile = () =>
  new DomainError('validation', 'files.missingFile', {}, [{ field: 'file', messageKey: 'files.missingFile' }]);
const badMultipart = () => new DomainError('bad_request', 'files.badMultipart');

export type FileHandler<T> = (stream: Readable, filename: string, fields: Record<string, string>) => Promise<T>;

/**
 * Reads a multipart body and hands its `file` part, as a stream, to `onFile` with the fields that
 * came before it; resolves with what `onFile` resolves with. Once `onFile` has the stream, its
 * outcome is awaited whatever happens to the body, so that its clean-up is done before the answer.
 */
export function receiveFile<T>(req: Request, maxBytes: number, onFile: FileHandler<T>): Promise<T> {
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: req.headers,
      defParamCharset: 'utf8',
      limits: { files: 1, fileSize: maxBytes + 1, fields: 20, fieldSize: 10_000 },
    });
  } catch {
    return Promise.reject(notMultipart());
  }
  return new Promise<T>((resolve, reject) => {
    const fields: Record<string, string> = {};
    let handling: Promise<T> | undefined;
    let bodyFailed = false;
    let settled = false;
    const fail = (err: unknown) => {
      if (settled) return;
      settled = true;
      req.unpipe(parser);
      parser.destroy();
      req.resume();
      reject(bodyFailed ? badMultipart() : err);
    };
    const succeed = (value: T) => {
      settled = true;
      resolve(value);
    };
    // The body broke off or does not parse. busboy fails the file part's stream with it, so an
    // upload under way fails by itself and answers once it has cleaned up.
    const bodyFailure = () => {
      bodyFailed = true;
      if (!handling) fail(badMultipart());
    };

    parser.on('field', (name, value) => (fields[name] = value));
    parser.on('file', (name, stream, info) => {
      // busboy fails this stream when the body breaks off: that must never be an unhandled 'error'.
      stream.on('error', () => undefined);
      if (name !== 'file' || handling || settled) return void stream.resume();
      handling = onFile(stream, info.filename ?? '', fields);
      handling.then((value) => (settled ? undefined : succeed(value)), fail);
    });
    parser.on('close', () => {
      if (!handling) fail(missingFile());
    });
    parser.on('error', bodyFailure);
    req.on('error', () => parser.destroy(new Error('request failed')));
    req.on('close', () => {
      if (!req.complete) parser.destroy(new Error('request aborted'));
    });
    req.pipe(parser);
  });
}
