/** A school's circulation settings: its loan rules, calendar, hold pickup days, loss policy and fines. */
import { conflict, forbidden, invalid, notFound } from '../../domain/errors.js';
import { ruleProblems, type CirculationSettings } from '../../domain/loanRules.js';
import { calendarProblems } from '../../domain/schoolCalendar.js';
import { circulationSettingsOf, saveCirculationSettings } from '../../models/circulationSettings.js';
import type { Actor } from '../../policies/actor.js';
import { canAtDesk, type DeskAction } from '../../policies/circulation.js';
import type { OrganisationDirectory } from '../organisationDirectory.js';
import type { ChangeFeed } from '../changeFeed.js';
import { FollowedRecords } from '../followedRecords.js';

/** Schools whose settings one instance keeps (a province's schools all fit). */
const SCHOOLS_KEPT = 5000;

export type CirculationSettingsInput = Omit<CirculationSettings, 'orgId' | 'version'>;

export class CirculationSettingsService {
  /** Each school's settings, read on every loan and return, changed a few times a year (topic `settings`). */
  private readonly cache = new FollowedRecords(circulationSettingsOf, SCHOOLS_KEPT);

  constructor(
    private readonly tree: OrganisationDirectory,
    private readonly changes: ChangeFeed,
  ) {
    changes.subscribe('settings', this.cache);
  }

  /** The settings as services use them, without asking who wants them (kept between calls; frozen). */
  async settingsOf(orgId: string): Promise<CirculationSettings> {
    return (await this.cache.get(orgId))!; // never null: a school without settings has the defaults
  }

  async load(actor: Actor, orgId: string, action: DeskAction = 'lend'): Promise<CirculationSettings> {
    if (!this.tree.get(orgId)) throw notFound();
    if (!canAtDesk(actor, action, orgId, this.tree)) throw forbidden();
    return circulationSettingsOf(orgId);
  }

  async update(
    actor: Actor,
    orgId: string,
    expectedVersion: number,
    input: CirculationSettingsInput,
  ): Promise<CirculationSettings> {
    const current = await this.load(actor, orgId, 'configureCirculation');
    if (expectedVersion !== current.version) throw conflict('errors.conflict', { current: current.version });
    const problems = [
      ...ruleProblems(input.rules),
      ...calendarProblems(input.calendar).map((p) => ({ ...p, field: `calendar.${p.field}` })),
    ];
    if (problems.length) throw invalid(problems);
    const saved = await saveCirculationSettings(
      { ...input, orgId, version: current.version },
      expectedVersion,
      actor.personId,
    );
    if (!saved) throw conflict();
    await this.changes.publish('settings', orgId);
    return circulationSettingsOf(orgId);
  }
}
