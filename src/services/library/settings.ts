/**
 * A school library's settings: its collections and their accession number formats, its locations,
 * its author-mark rule and classification scheme, and the next accession number of each collection.
 */
import { conflict, forbidden, invalid, notFound } from '../../domain/errors.js';
import { prefixLead } from '../../domain/accession.js';
import { settingsProblems, type LibraryCollection, type LibrarySettings } from '../../domain/librarySettings.js';
import { librarySettingsOf, librarySettingsOfSchools, saveLibrarySettings } from '../../models/librarySettings.js';
import { lastNumber, raiseSequence, sequenceIds } from '../../models/sequence.js';
import type { Actor } from '../../policies/actor.js';
import { canOnLibrary, type LibraryAction } from '../../policies/library.js';
import { classificationSchemes } from '../../registry/classification.js';
import type { OrganisationDirectory } from '../organisationDirectory.js';
import type { ChangeFeed } from '../changeFeed.js';
import { FollowedRecords } from '../followedRecords.js';

/** Schools whose settings one instance keeps (a province's schools all fit). */
const SCHOOLS_KEPT = 5000;

export type LibrarySettingsInput = Pick<
  LibrarySettings,
  'collections' | 'locations' | 'authorMark' | 'classificationScheme'
>;

export const accessionSequence = (orgId: string, collection: Pick<LibraryCollection, 'prefix'>) =>
  sequenceIds.accession(orgId, prefixLead(collection.prefix));

export class LibrarySettingsService {
  /** Each school's settings, read on every loan and return, changed a few times a year (topic `settings`). */
  private readonly cache = new FollowedRecords(librarySettingsOf, SCHOOLS_KEPT);

  constructor(
    private readonly tree: OrganisationDirectory,
    private readonly changes: ChangeFeed,
  ) {
    changes.subscribe('settings', this.cache);
  }

  /** The settings as services use them, without asking who wants them (kept between calls; frozen). */
  async settingsOf(orgId: string): Promise<LibrarySettings> {
    return (await this.cache.get(orgId))!; // never null: a school without settings has the defaults
  }

  /** The settings of each of these schools, read at once (the schools holding a title). */
  settingsOfSchools(orgIds: readonly string[]): Promise<Map<string, LibrarySettings>> {
    return librarySettingsOfSchools(orgIds);
  }

  async load(actor: Actor, orgId: string, action: LibraryAction = 'viewCopies'): Promise<LibrarySettings> {
    this.require(actor, action, orgId);
    return librarySettingsOf(orgId);
  }

  async update(
    actor: Actor,
    orgId: string,
    expectedVersion: number,
    input: LibrarySettingsInput,
  ): Promise<LibrarySettings> {
    const current = await this.load(actor, orgId, 'configure');
    if (expectedVersion !== current.version) throw conflict('errors.conflict', { current: current.version });
    const problems = settingsProblems(input, current);
    if (!classificationSchemes.has(input.classificationScheme))
      problems.push({ field: 'classificationScheme', messageKey: 'library.settings.unknownScheme' });
    if (problems.length) throw invalid(problems);
    if (!(await saveLibrarySettings({ orgId, ...input }, expectedVersion, actor.personId))) throw conflict();
    await this.changes.publish('settings', orgId);
    return librarySettingsOf(orgId);
  }

  /** The number each collection will give next. */
  async nextNumbers(actor: Actor, orgId: string): Promise<Record<string, number>> {
    const settings = await this.load(actor, orgId, 'viewCopies');
    const next: Record<string, number> = {};
    for (const c of settings.collections) next[c.code] = (await lastNumber(accessionSequence(orgId, c))) + 1;
    return next;
  }

  /**
   * Moves a collection's numbering on, so that new copies continue the paper register the library
   * kept before. Numbers are never given twice, so it only ever moves forward.
   */
  async setNextNumber(actor: Actor, orgId: string, code: string, next: number): Promise<number> {
    const settings = await this.load(actor, orgId, 'configure');
    const collection = settings.collections.find((c) => c.code === code);
    if (!collection) throw notFound('library.unknownCollection', { code });
    const id = accessionSequence(orgId, collection);
    const current = (await lastNumber(id)) + 1;
    if (next < current)
      throw invalid([{ field: 'nextNumber', messageKey: 'library.settings.nextNumberBack', params: { current } }]);
    await raiseSequence(id, next - 1);
    return next;
  }

  private require(actor: Actor, action: LibraryAction, orgId: string): void {
    if (!this.tree.get(orgId)) throw notFound();
    if (!canOnLibrary(actor, action, orgId, this.tree)) throw forbidden();
  }
}

export function collectionOf(settings: LibrarySettings, code: string, field = 'collection'): LibraryCollection {
  const found = settings.collections.find((c) => c.code === code && c.active);
  if (!found) throw invalid([{ field, messageKey: 'library.unknownCollection', params: { code } }]);
  return found;
}

export function requireLocation(settings: LibrarySettings, code: string, field = 'location'): void {
  if (!settings.locations.some((l) => l.code === code && l.active))
    throw invalid([{ field, messageKey: 'library.unknownLocation', params: { code } }]);
}
