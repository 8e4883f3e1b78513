/**
 * Which printed title a record is when several share its ISBN. ISBNs are not unique in practice: a
 * harvested record and a local one carry the same ISBN, two editions are catalogued under one, a
 * publisher reuses one. So an ISBN alone never decides: the title must be the same too (compared as
 * people read it, see `titleKey`), then the school's own title wins, then the oldest, so every
 * instance and every rerun of an import picks the same one. A title another school keeps to itself
 * (scope `school`) is never offered to another school, even to someone who could see it.
 */
import type { SharingScope } from './resource.js';

/** What the choice reads of a title. */
export interface TitleCandidate {
  id: string;
  orgId: string;
  scope: SharingScope;
  createdAt: Date;
  title: string;
}

/**
 * A title as compared: NFC, lower case, tones and other marks folded (đ as d), punctuation (the
 * ISBD ` /`, ` :` of a 245 among it) and spacing reduced to single spaces.
 */
export function titleKey(title: string): string {
  return title
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, 'd')
    .normalize('NFC')
    .toLocaleLowerCase('vi')
    .replace(/[\p{P}\p{S}]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export const sameTitle = (a: string, b: string): boolean => titleKey(a) === titleKey(b);

/** Whether a school may take this title as its own record of the book. */
export const mayShare = (candidate: Pick<TitleCandidate, 'orgId' | 'scope'>, orgId: string): boolean =>
  candidate.orgId === orgId || candidate.scope !== 'school';

/** The school's own titles first, then the oldest; ties broken by id so the order never varies. */
export function byPreference(orgId: string) {
  return (a: TitleCandidate, b: TitleCandidate): number =>
    Number(b.orgId === orgId) - Number(a.orgId === orgId) ||
    a.createdAt.getTime() - b.createdAt.getTime() ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** The candidates a school may copy, in the order they are offered (copy cataloguing). */
export function offeredTitles<T extends TitleCandidate>(candidates: readonly T[], orgId: string): T[] {
  return candidates.filter((c) => mayShare(c, orgId)).sort(byPreference(orgId));
}

/** The title a record with this title is, among those sharing its ISBN (or null: catalogue it). */
export function chooseTitle<T extends TitleCandidate>(
  candidates: readonly T[],
  orgId: string,
  title: string,
): T | null {
  const key = titleKey(title);
  return offeredTitles(candidates, orgId).find((c) => titleKey(c.title) === key) ?? null;
}
