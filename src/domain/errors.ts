/**
 * Errors that services raise and every face (pages, API, LTI, OAI, SAML) turns into an answer in
 * the person's language. `messageKey` names a translation (config/locales); `params` fill it.
 */
export type ErrorCode =
  | 'bad_request'
  | 'validation'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'range_not_satisfiable'
  | 'rate_limited'
  | 'unavailable';

export interface FieldIssue {
  /** Dotted path of the field, e.g. `metadata.title`. */
  field: string;
  /** A translation key, or `message` when the text is already in the person's language. */
  messageKey?: string;
  params?: Record<string, unknown>;
  message?: string;
}

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly messageKey: string = `errors.${code}`,
    readonly params: Record<string, unknown> = {},
    readonly fields: FieldIssue[] = [],
  ) {
    super(`${code}: ${messageKey}`);
    this.name = 'DomainError';
  }
}

export const notFound = (what = 'errors.not_found', params?: Record<string, unknown>) =>
  new DomainError('not_found', what, params);
export const forbidden = (why = 'errors.forbidden') => new DomainError('forbidden', why);
export const conflict = (why = 'errors.conflict', params?: Record<string, unknown>) =>
  new DomainError('conflict', why, params);
export const invalid = (fields: FieldIssue[], messageKey = 'errors.validation') =>
  new DomainError('validation', messageKey, {}, fields);
