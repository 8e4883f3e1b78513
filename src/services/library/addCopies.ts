/**
 * Adding copies of a printed title is one action, however many: forty textbooks of one delivery
 * are numbered together (the next free numbers of the collection, or a range typed by hand), come
 * in with one intake batch, and are written in one call. Nothing is written until everything is
 * known to be allowed and valid; a failure half way takes back what was written.
 */
import { accessionRange, normaliseLabel } from '../../domain/accession.js';
import { copyEvent, type Copy, type IntakeBatch } from '../../domain/copy.js';
import { conflict, DomainError, forbidden, invalid, type FieldIssue } from '../../domain/errors.js';
import type { LibraryCollection } from '../../domain/librarySettings.js';
import { copyById, insertCopies, newCopyId } from '../../models/copy.js';
import type { CopyKey } from '../../models/copyKey.js';
import { addToRegisterEntry, deleteRegisterEntry } from '../../models/registerEntry.js';
import type { Actor } from '../../policies/actor.js';
import { canOnLibrary } from '../../policies/library.js';
import type { OrganisationDirectory } from '../organisationDirectory.js';
import type { ResourceService } from '../resources.js';
import { numberAutomatically, numberExplicitly, releaseNumbers, type NumberedCopy } from './numbering.js';
import type { IntakeBatchInput, RegisterService } from './registers.js';
import { collectionOf, requireLocation, type LibrarySettingsService } from './settings.js';

export const MAX_COPIES_PER_ACTION = 1000;

export interface AddCopiesInput {
  /** The school that will own the copies. */
  orgId: string;
  collection: string;
  location: string;
  /** How many, numbered automatically; or the numbers from `from` to `to` of the collection. */
  numbering: { count: number } | { from: string; to: string };
  /** An intake batch of the school, or the details of a new one. */
  batch: { id: string } | IntakeBatchInput;
  /** Price of each copy, in đồng. */
  price: number | null;
  volume: string | null;
  note: string | null;
  /** The copies' ids, chosen beforehand (a step done again after a crash adds the same copy); new ones otherwise. */
  copyIds?: readonly string[];
}

export interface AddedCopies {
  batch: IntakeBatch;
  copies: Copy[];
}

interface Deps {
  tree: OrganisationDirectory;
  resources: ResourceService;
  settings: LibrarySettingsService;
  registers: RegisterService;
}

export async function addCopies(
  deps: Deps,
  actor: Actor,
  resourceId: string,
  input: AddCopiesInput,
): Promise<AddedCopies> {
  const title = await deps.resources.load(actor, resourceId);
  if (!title.print) throw conflict('library.notPrinted');
  if (!deps.tree.get(input.orgId)) throw invalid([{ field: 'orgId', messageKey: 'resources.unknownOrganisation' }]);
  if (!canOnLibrary(actor, 'manageCopies', input.orgId, deps.tree)) throw forbidden();
  const settings = await deps.settings.settingsOf(input.orgId);
  const collection = collectionOf(settings, input.collection);
  requireLocation(settings, input.location);
  const explicit = explicitNumbers(collection, input.numbering);
  const count = explicit?.length ?? (input.numbering as { count: number }).count;
  const existing =
    'id' in input.batch ? await deps.registers.intakeBatchFor(actor, input.batch.id, input.orgId, 'batch') : null;

  const copyIds = input.copyIds?.length === count ? [...input.copyIds] : Array.from({ length: count }, newCopyId);
  const numbered = explicit
    ? await claimExplicit(deps, input.orgId, collection, explicit, copyIds)
    : await numberAutomatically(input.orgId, collection, copyIds);
  let batch = existing;
  try {
    batch ??= await deps.registers.createIntakeBatch(actor, input.orgId, input.batch as IntakeBatchInput);
    const added = numbered.map((n) => newCopy(actor, resourceId, input, batch!, n));
    await insertCopies(added);
    const value = (input.price ?? 0) * count;
    await addToRegisterEntry(batch.id, count, value);
    return {
      batch: { ...batch, copyCount: batch.copyCount + count, totalValue: batch.totalValue + value },
      copies: added,
    };
  } catch (err) {
    await releaseNumbers(input.orgId, numbered);
    if (batch && !existing) await deleteRegisterEntry(batch.id);
    throw err;
  }
}

function explicitNumbers(collection: LibraryCollection, numbering: AddCopiesInput['numbering']): number[] | null {
  if ('count' in numbering) {
    if (numbering.count < 1 || numbering.count > MAX_COPIES_PER_ACTION)
      throw invalid([
        { field: 'numbering.count', messageKey: 'library.countRange', params: { max: MAX_COPIES_PER_ACTION } },
      ]);
    return null;
  }
  const range = accessionRange(collection, numbering.from, numbering.to, MAX_COPIES_PER_ACTION);
  if (!range.ok)
    throw invalid([
      {
        field: 'numbering.from',
        messageKey: `library.range.${range.reason}`,
        params: { prefix: collection.prefix, max: MAX_COPIES_PER_ACTION },
      },
    ]);
  return range.numbers;
}

async function claimExplicit(
  deps: Deps,
  orgId: string,
  collection: LibraryCollection,
  numbers: number[],
  copyIds: string[],
): Promise<NumberedCopy[]> {
  const outcome = await numberExplicitly(orgId, collection, numbers, copyIds);
  if (outcome.ok) return outcome.numbered;
  const named = await Promise.all(outcome.taken.slice(0, 5).map((key) => describeHolder(deps, key)));
  throw new DomainError('conflict', 'library.accessionTaken', named[0]!.params ?? {}, named);
}

/** "SGK-00012 is the copy of “Toán 6” added on …": the copy holding a number, as a field issue. */
async function describeHolder(deps: Deps, key: CopyKey): Promise<FieldIssue> {
  const holder = await copyById(key.copyId);
  // No copy yet: another librarian's addition holds the number at this very moment.
  if (!holder) return { field: 'numbering', messageKey: 'library.accessionBeingAdded', params: { number: key.text } };
  const title = (await deps.resources.find(holder.resourceId))?.metadata.title ?? '?';
  return {
    field: 'numbering',
    messageKey: 'library.accessionTaken',
    params: { number: key.text, title, copyId: holder.id },
  };
}

/** A new copy as it is stored (an import builds its copies with this too). */
export function newCopy(
  actor: Actor,
  resourceId: string,
  input: Pick<AddCopiesInput, 'orgId' | 'collection' | 'location' | 'price' | 'volume' | 'note'>,
  batch: Pick<IntakeBatch, 'id' | 'date' | 'source' | 'supplier' | 'documentNumber'>,
  numbered: NumberedCopy,
): Copy {
  const now = new Date();
  return {
    id: numbered.copyId,
    orgId: input.orgId,
    holdingOrgId: input.orgId,
    resourceId,
    collectionCode: input.collection,
    location: input.location,
    accessionNumber: numbered.accessionNumber,
    barcode: normaliseLabel(numbered.accessionNumber),
    volume: input.volume,
    acquisition: {
      date: batch.date,
      batchId: batch.id,
      source: batch.source,
      price: input.price,
      supplier: batch.supplier,
      documentNumber: batch.documentNumber,
    },
    status: 'available',
    statusSince: now,
    withdrawal: null,
    note: input.note,
    lastSeenAt: null,
    history: [copyEvent(actor.personId, 'added', now, { to: numbered.accessionNumber })],
    version: 1,
    createdAt: now,
    modifiedAt: now,
  };
}
