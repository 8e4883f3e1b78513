/**
 * A librarian's page for one patron at a school: their card, their class now and in past years,
 * what they have out (with due days), their holds, a page of their past loans, and what they owe.
 * Only the school's desk sees it; a patron of another school is not found.
 */
import { membershipsOfPerson } from '../../models/classMembership.js';
import { chargesOfPatron } from '../../models/deskCharge.js';
import { holdsOfPatron } from '../../models/hold.js';
import { cardOfPerson } from '../../models/libraryCard.js';
import { activeLoansOfPatron, endedLoansOfPatron } from '../../models/loan.js';
import type { Actor } from '../../policies/actor.js';
import type { PatronRecord } from '../../presenters/patronRecord.js';
import type { PatronService } from './patrons.js';

export const HISTORY_PAGE = 20;

export class PatronRecordService {
  constructor(private readonly patrons: PatronService) {}

  async record(actor: Actor, orgId: string, patronId: string, page = 1): Promise<PatronRecord> {
    const patron = await this.patrons.atDesk(actor, orgId, patronId);
    const [card, classes, current, holds, ended, charges] = await Promise.all([
      cardOfPerson(orgId, patronId),
      membershipsOfPerson(orgId, patronId),
      activeLoansOfPatron(orgId, patronId),
      holdsOfPatron(patronId),
      endedLoansOfPatron(orgId, patronId, (page - 1) * HISTORY_PAGE, HISTORY_PAGE + 1),
      chargesOfPatron(orgId, patronId),
    ]);
    return {
      patron,
      card,
      classes,
      current,
      holds: holds.filter((h) => h.orgId === orgId && (h.status === 'waiting' || h.status === 'ready')),
      history: ended.slice(0, HISTORY_PAGE),
      page,
      hasNextPage: ended.length > HISTORY_PAGE,
      charges,
    };
  }
}
