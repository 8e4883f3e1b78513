/** What a verb's builder receives: its checked arguments, the repository, and the element to fill. */
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js';
import type { VerbArguments, VerbName } from '../arguments.js';
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

/** Writes the verb's element into the OAI-PMH root, or throws an OaiError. */
export type VerbBuilder<V extends VerbName> = (
  args: VerbArguments<V>,
  ctx: VerbContext,
  root: XMLBuilder,
) => void | Promise<void>;
