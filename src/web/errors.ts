/**
 * Turns anything thrown while answering a request into a status and a message in the person's
 * language. Client mistakes are 4xx with a clear message; only our own bugs are 500, and no
 * answer ever carries a stack trace.
 */
import { ZodError } from 'zod';
import { DomainError, type ErrorCode, type FieldIssue } from '../domain/errors.js';
import { isDatabaseUnavailable } from '../db/errors.js';
import type { Translate } from '../i18n/index.js';

const statusOf: Record<ErrorCode, number> = {
  bad_request: 400,
  validation: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  range_not_satisfiable: 416,
  rate_limited: 429,
  unavailable: 503,
};

export interface HttpProblem {
  status: number;
  code: ErrorCode | 'internal';
  messageKey: string;
  params: Record<string, unknown>;
  fields: FieldIssue[];
  /** Set for 500s: the original error, to be logged. */
  cause?: unknown;
}

/** body-parser and similar libraries mark their errors with `type` and `status`. */
interface LibraryHttpError {
  type?: string;
  status?: number;
  statusCode?: number;
  expose?: boolean;
}

export function toProblem(err: unknown): HttpProblem {
  if (err instanceof DomainError) {
    return {
      status: statusOf[err.code],
      code: err.code,
      messageKey: err.messageKey,
      params: err.params,
      fields: err.fields,
    };
  }
  if (err instanceof ZodError) {
    return {
      status: 400,
      code: 'validation',
      messageKey: 'errors.validation',
      params: {},
      fields: err.issues.map((i) => ({ field: i.path.join('.'), message: i.message })),
    };
  }
  if (isDatabaseUnavailable(err)) {
    return { status: 503, code: 'unavailable', messageKey: 'errors.unavailable', params: {}, fields: [] };
  }
  const lib = (typeof err === 'object' && err !== null ? err : {}) as LibraryHttpError;
  const status = lib.status ?? lib.statusCode;
  if (lib.type === 'entity.parse.failed') {
    return { status: 400, code: 'bad_request', messageKey: 'errors.invalid_json', params: {}, fields: [] };
  }
  if (lib.type === 'entity.too.large') {
    return { status: 413, code: 'payload_too_large', messageKey: 'errors.payload_too_large', params: {}, fields: [] };
  }
  if (lib.type === 'encoding.unsupported' || lib.type === 'charset.unsupported') {
    return {
      status: 415,
      code: 'unsupported_media_type',
      messageKey: 'errors.unsupported_media_type',
      params: {},
      fields: [],
    };
  }
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const code = (Object.entries(statusOf).find(([, s]) => s === status)?.[0] ?? 'bad_request') as ErrorCode;
    return { status, code, messageKey: `errors.${code}`, params: {}, fields: [] };
  }
  return { status: 500, code: 'internal', messageKey: 'errors.internal', params: {}, fields: [], cause: err };
}

export interface PresentedFieldIssue {
  field: string;
  message: string;
}

export function presentFields(fields: FieldIssue[], t: Translate): PresentedFieldIssue[] {
  return fields.map((f) => ({
    field: f.field,
    message: f.message ?? t(f.messageKey ?? 'errors.validation', f.params ?? {}),
  }));
}
