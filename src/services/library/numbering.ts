/**
 * Giving new copies their accession numbers (and, by default, the same text as barcode), safely
 * when several librarians add copies at the same moment, on MongoDB and on the embedded database:
 * running numbers come from the collection's counter, each number is claimed by inserting its key,
 * and a number someone already holds is stepped over (automatic numbering) or refused with its
 * holder named (numbers typed by hand). No number is ever given to two copies.
 */
import { formatAccession } from '../../domain/accession.js';
import type { LibraryCollection } from '../../domain/librarySettings.js';
import { copyById } from '../../models/copy.js';
import { claimKeys, copyKey, keyById, releaseKeys, type CopyKey } from '../../models/copyKey.js';
import { raiseSequence, takeNumbers } from '../../models/sequence.js';
import { accessionSequence } from './settings.js';

export interface NumberedCopy {
  copyId: string;
  accessionNumber: string;
}

/** Rounds of stepping over taken numbers before giving up (each round takes as many numbers as still needed). */
const MAX_ROUNDS = 20;
/** A key whose copy never arrived (its writer died half way) is free again after this long. */
export const ORPHAN_GRACE_MS = 10 * 60_000;

const keysOf = (orgId: string, numbered: NumberedCopy) => [
  copyKey('accession', orgId, numbered.accessionNumber, numbered.copyId),
  copyKey('barcode', orgId, numbered.accessionNumber, numbered.copyId),
];

/** Claims both keys of every copy; returns the copies that got neither (their claimed halves released). */
async function claimAll(orgId: string, numbered: readonly NumberedCopy[]): Promise<NumberedCopy[]> {
  const keys = numbered.flatMap((n) => keysOf(orgId, n));
  const taken = new Set(await claimKeys(keys));
  const refused = numbered.filter((n) => keysOf(orgId, n).some((k) => taken.has(k.id)));
  await releaseKeys(refused.flatMap((n) => keysOf(orgId, n)).filter((k) => !taken.has(k.id)));
  return refused;
}

export async function numberAutomatically(
  orgId: string,
  collection: LibraryCollection,
  copyIds: readonly string[],
): Promise<NumberedCopy[]> {
  const done: NumberedCopy[] = [];
  let pending = [...copyIds];
  try {
    for (let round = 0; pending.length && round < MAX_ROUNDS; round++) {
      const first = await takeNumbers(accessionSequence(orgId, collection), pending.length);
      const attempt = pending.map((copyId, i) => ({ copyId, accessionNumber: formatAccession(collection, first + i) }));
      const refused = new Set(await claimAll(orgId, attempt));
      done.push(...attempt.filter((n) => !refused.has(n)));
      pending = attempt.filter((n) => refused.has(n)).map((n) => n.copyId);
    }
    if (pending.length) throw new Error(`no free accession numbers after ${MAX_ROUNDS} rounds`);
    return done;
  } catch (err) {
    await releaseNumbers(orgId, done);
    throw err;
  }
}

/**
 * The numbers asked for, all or none. Returns the keys already held by other copies when any is
 * taken (nothing stays claimed then); moves the collection's counter past the highest number.
 */
export async function numberExplicitly(
  orgId: string,
  collection: LibraryCollection,
  numbers: readonly number[],
  copyIds: readonly string[],
): Promise<{ ok: true; numbered: NumberedCopy[] } | { ok: false; taken: CopyKey[] }> {
  const numbered = numbers.map((n, i) => ({ copyId: copyIds[i]!, accessionNumber: formatAccession(collection, n) }));
  let refused = await claimAll(orgId, numbered);
  if (refused.length && (await freeOrphans(orgId, refused))) refused = await claimAll(orgId, refused);
  if (refused.length) {
    const refusedSet = new Set(refused);
    await releaseNumbers(
      orgId,
      numbered.filter((n) => !refusedSet.has(n)),
    );
    const holders = await Promise.all(refused.flatMap((n) => keysOf(orgId, n)).map((k) => keyById(k.id)));
    return { ok: false, taken: holders.filter((h): h is CopyKey => h !== null && h.kind === 'accession') };
  }
  await raiseSequence(accessionSequence(orgId, collection), Math.max(...numbers));
  return { ok: true, numbered };
}

/**
 * Many groups of numbers typed by hand (an import step: each record's copies in one collection),
 * each all or none, claimed in one insert, the counter moved once. A group any of whose numbers is
 * held gets null and keeps nothing claimed except a number another group of the same call holds
 * too (left to the first group's copy: numberExplicitly and the import's own-orphan rule sort it out).
 */
export async function numberGroupsExplicitly(
  orgId: string,
  collection: LibraryCollection,
  groups: readonly { numbers: readonly number[]; copyIds: readonly string[] }[],
): Promise<(NumberedCopy[] | null)[]> {
  const numbered = groups.map((g) =>
    g.numbers.map((n, i) => ({ copyId: g.copyIds[i]!, accessionNumber: formatAccession(collection, n) })),
  );
  const taken = new Set(await claimKeys(numbered.flat().flatMap((n) => keysOf(orgId, n))));
  const held = (n: NumberedCopy) => keysOf(orgId, n).some((k) => taken.has(k.id));
  const results = numbered.map((copies) => (copies.some(held) ? null : copies));
  const refused = numbered.filter((_, i) => !results[i]).flat();
  await releaseKeys(refused.flatMap((n) => keysOf(orgId, n)).filter((k) => !taken.has(k.id)));
  const claimed = groups.flatMap((g, i) => (results[i] ? g.numbers : []));
  if (claimed.length) await raiseSequence(accessionSequence(orgId, collection), Math.max(...claimed));
  return results;
}

/** Frees keys whose copy never came to exist; true when any was freed. */
async function freeOrphans(orgId: string, refused: readonly NumberedCopy[]): Promise<boolean> {
  const holders = await Promise.all(refused.flatMap((n) => keysOf(orgId, n)).map((k) => keyById(k.id)));
  const cutoff = Date.now() - ORPHAN_GRACE_MS;
  const orphans: CopyKey[] = [];
  for (const h of holders) if (h && h.claimedAt.getTime() < cutoff && !(await copyById(h.copyId))) orphans.push(h);
  await releaseKeys(orphans);
  return orphans.length > 0;
}

/** Gives numbers back when the copies they were claimed for were not written after all. */
export async function releaseNumbers(orgId: string, numbered: readonly NumberedCopy[]): Promise<void> {
  await releaseKeys(numbered.flatMap((n) => keysOf(orgId, n)));
}
