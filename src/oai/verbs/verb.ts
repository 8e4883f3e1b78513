/** What a verb's builder receives, and what it returns: its checked arguments, the repository; the verb's element. */
import type { VerbArguments, VerbName } from '../arguments.js';
import type { XmlPieces } from '../envelope.js';
import type { OaiRepository } from '../repository.js';
import type { TokenSigner } from '../tokens.js';
import type { OaiRequestFacts } from '../../domain/integrationEvent.js';

export interface VerbContext {
  repository: OaiRepository;
  tokens: TokenSigner;
  now: Date;
  /** What the answer served, for the integrations log: the endpoint and the list builders fill it in. */
  served?: OaiRequestFacts & { errorCode: string | null };
}

/**
 * The verb's element as XML pieces, or an OaiError. Errors are thrown before returning: the pieces
 * may be made lazily (a list page renders its records as they are written out) and must not fail.
 */
export type VerbBuilder<V extends VerbName> = (
  args: VerbArguments<V>,
  ctx: VerbContext,
) => XmlPieces | Promise<XmlPieces>;
