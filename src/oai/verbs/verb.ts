/** What a verb's builder receives: its checked arguments, the repository, and the element to fill. */
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js';
import type { VerbArguments, VerbName } from '../arguments.js';
import type { OaiRepository } from '../repository.js';
import type { TokenSigner } from '../tokens.js';

export interface VerbContext {
  repository: OaiRepository;
  tokens: TokenSigner;
  now: Date;
}

/** Writes the verb's element into the OAI-PMH root, or throws an OaiError. */
export type VerbBuilder<V extends VerbName> = (
  args: VerbArguments<V>,
  ctx: VerbContext,
  root: XMLBuilder,
) => void | Promise<void>;
