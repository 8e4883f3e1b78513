/**
 * OAI-PMH protocol errors (spec §3.6). They travel in a 200 response inside the envelope; the
 * text is in the harvester's language (config/locales/{vi,en}/oai.json, key `oai.errors.{code}`).
 */
export type OaiErrorCode =
  | 'badArgument'
  | 'badResumptionToken'
  | 'badVerb'
  | 'cannotDisseminateFormat'
  | 'idDoesNotExist'
  | 'noRecordsMatch'
  | 'noMetadataFormats'
  | 'noSetHierarchy';

export class OaiError extends Error {
  constructor(
    readonly code: OaiErrorCode,
    /** Which argument or what about it, shown after the general text. */
    readonly detail: string | null = null,
  ) {
    super(`${code}${detail ? `: ${detail}` : ''}`);
    this.name = 'OaiError';
  }

  /** badVerb and badArgument answer with a bare `request` element: the arguments were not understood. */
  get hidesArguments(): boolean {
    return this.code === 'badVerb' || this.code === 'badArgument';
  }
}
