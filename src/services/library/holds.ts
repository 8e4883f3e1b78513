/**
 * Holds on printed titles (đặt trước): a queue per title and school, first placed first served.
 * A copy coming back goes to the first waiting reader (set aside on the hold shelf until a pickup
 * deadline in open days, and the reader told); a hold not collected in time expires and the copy
 * passes to the next in the queue, or back to the shelf.
 */
import { conflict, forbidden, notFound } from '../../domain/errors.js';
import { holdExpired, holdQueue, holdToFill, pickupDeadline, type Hold } from '../../domain/loan.js';
import { localDay } from '../../domain/schoolCalendar.js';
import {
  expiredReadyHolds,
  holdById,
  holdsOfPatron,
  insertHold,
  newHoldId,
  openHoldsOfTitle,
  updateHoldIfVersion,
} from '../../models/hold.js';
import type { Actor } from '../../policies/actor.js';
import { canOnPatron } from '../../policies/circulation.js';
import type { OrganisationDirectory } from '../organisationDirectory.js';
import type { CirculationSettingsService } from './circulationSettings.js';

/** Where "your copy is waiting" goes: the app's notices and e-mail (the Moodle side may add its own). */
export interface HoldNotifier {
  holdReady(hold: Hold): Promise<void>;
}

export const silentNotifier: HoldNotifier = { holdReady: async () => undefined };

export class HoldService {
  constructor(
    private readonly tree: OrganisationDirectory,
    private readonly settings: CirculationSettingsService,
    private readonly notifier: HoldNotifier = silentNotifier,
  ) {}

  /** Places a hold for `patronId` (oneself, or a patron at the desk) on a title at a school. */
  async place(actor: Actor, orgId: string, resourceId: string, patronId: string, now = new Date()): Promise<Hold> {
    if (!this.tree.get(orgId)) throw notFound();
    if (!canOnPatron(actor, 'placeHold', { personId: patronId, orgId }, this.tree)) throw forbidden();
    const [settings, mine, queue] = await Promise.all([
      this.settings.settingsOf(orgId),
      holdsOfPatron(patronId),
      openHoldsOfTitle(orgId, resourceId),
    ]);
    if (queue.some((h) => h.patronId === patronId)) throw conflict('desk.holds.alreadyHeld');
    if (mine.filter((h) => h.status === 'waiting' || h.status === 'ready').length >= settings.maxHolds)
      throw conflict('desk.holds.tooMany', { max: settings.maxHolds });
    const hold: Hold = {
      id: newHoldId(),
      orgId,
      resourceId,
      patronId,
      placedAt: now,
      status: 'waiting',
      copyId: null,
      readyAt: null,
      pickupBy: null,
      version: 1,
    };
    await insertHold(hold);
    return hold;
  }

  async cancel(actor: Actor, id: string): Promise<Hold> {
    const hold = await holdById(id);
    if (!hold || !canOnPatron(actor, 'placeHold', { personId: hold.patronId, orgId: hold.orgId }, this.tree))
      throw notFound();
    if (hold.status !== 'waiting' && hold.status !== 'ready') throw conflict('desk.holds.notOpen');
    const done = await updateHoldIfVersion(id, hold.version, { status: 'cancelled' });
    if (!done) throw conflict();
    return done;
  }

  /** The queue of a title at a school, in serving order (the desk, a reader's place in it). */
  async queue(orgId: string, resourceId: string): Promise<Hold[]> {
    return holdQueue(await openHoldsOfTitle(orgId, resourceId));
  }

  /** A patron's holds, newest first. */
  ofPatron(patronId: string): Promise<Hold[]> {
    return holdsOfPatron(patronId);
  }

  /**
   * A copy of the title came back: set it aside for the first waiting reader, who is told. Null when
   * nobody waits (the copy goes back to the shelf). Of two returns racing for one hold, one wins and
   * the other tries the next waiting hold.
   */
  async setAside(orgId: string, resourceId: string, copyId: string, now = new Date()): Promise<Hold | null> {
    const settings = await this.settings.settingsOf(orgId);
    for (let attempt = 0; attempt < 3; attempt++) {
      const next = holdToFill(await openHoldsOfTitle(orgId, resourceId));
      if (!next) return null;
      const ready = await updateHoldIfVersion(next.id, next.version, {
        status: 'ready',
        copyId,
        readyAt: now,
        pickupBy: pickupDeadline(settings, localDay(now)),
      });
      if (ready) {
        await this.notifier.holdReady(ready);
        return ready;
      }
    }
    return null;
  }

  /** The patron borrowed the title: their hold is done. */
  async fulfil(holdId: string): Promise<void> {
    const hold = await holdById(holdId);
    if (hold && (hold.status === 'waiting' || hold.status === 'ready'))
      await updateHoldIfVersion(hold.id, hold.version, { status: 'fulfilled' });
  }

  /**
   * Ends the ready holds whose pickup deadline passed; each copy goes to the next reader waiting
   * (set aside again) or, when none, is reported so that the caller puts it back on the shelf.
   */
  async expire(now = new Date()): Promise<{ hold: Hold; next: Hold | null }[]> {
    const today = localDay(now);
    const ended: { hold: Hold; next: Hold | null }[] = [];
    for (const hold of await expiredReadyHolds(today)) {
      if (!holdExpired(hold, today)) continue;
      const expired = await updateHoldIfVersion(hold.id, hold.version, { status: 'expired' });
      if (!expired) continue;
      const next = await this.setAside(hold.orgId, hold.resourceId, hold.copyId!, now);
      ended.push({ hold: expired, next });
    }
    return ended;
  }
}
