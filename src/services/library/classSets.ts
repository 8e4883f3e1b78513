/**
 * A class set lent to a teacher for a lesson (many copies at once, one due date), and in-library
 * use counted by a scan or by the day's count. A class set is all or nothing: every copy is asked
 * first and any refusal refuses the set, naming each copy; a copy lost to another desk half way
 * takes back those already lent.
 */
import { DomainError, invalid, type FieldIssue } from '../../domain/errors.js';
import type { ConfirmReason, Loan } from '../../domain/loan.js';
import { localDay, nextOpenDay } from '../../domain/schoolCalendar.js';
import { recordReadingUse } from '../../models/readingUse.js';
import { newLoanId } from '../../models/loan.js';
import type { Actor } from '../../policies/actor.js';
import type { CirculationService } from './circulation.js';
import type { CirculationSettingsService } from './circulationSettings.js';
import type { CopyService } from './copies.js';
import type { PatronService } from './patrons.js';

export interface ClassSetInput {
  patronId: string;
  barcodes: readonly string[];
  /** The day the set comes back (moved on to the next open day). */
  dueDate: string;
  /** Confirmations the librarian gave for the whole set. */
  confirmed: readonly ConfirmReason[];
}

export class ClassSetService {
  constructor(
    private readonly patrons: PatronService,
    private readonly copies: CopyService,
    private readonly circulation: CirculationService,
    private readonly settings: CirculationSettingsService,
  ) {}

  async lend(
    actor: Actor,
    orgId: string,
    input: ClassSetInput,
    now = new Date(),
  ): Promise<{ id: string; loans: Loan[] }> {
    const today = localDay(now);
    if (input.dueDate < today) throw invalid([{ field: 'dueDate', messageKey: 'desk.classSet.dueInPast' }]);
    const unique = [...new Set(input.barcodes)];
    const problems: FieldIssue[] = [];
    for (const [i, barcode] of unique.entries()) {
      const { answer } = await this.circulation.check(actor, orgId, input.patronId, barcode, now);
      // A teacher's class set goes beyond the rule's limit by design: that one reason does not count here.
      for (const b of answer.blocks.filter((r) => r !== 'limit_reached'))
        problems.push({ field: `barcodes.${i}`, messageKey: `desk.block.${b}`, params: { barcode } });
      for (const c of answer.confirms.filter((r) => !input.confirmed.includes(r)))
        problems.push({ field: `barcodes.${i}`, messageKey: `desk.confirm.${c}`, params: { barcode } });
    }
    if (problems.length) throw new DomainError('conflict', 'desk.classSet.refused', {}, problems);
    const calendar = (await this.settings.settingsOf(orgId)).calendar;
    const dueDate = nextOpenDay(calendar, input.dueDate);
    const id = newLoanId();
    const loans: Loan[] = [];
    try {
      for (const barcode of unique) {
        const lent = await this.circulation.checkOut(
          actor,
          orgId,
          {
            patronId: input.patronId,
            barcode,
            classSetId: id,
            dueDate,
            ignoreLimit: true,
            confirmed: input.confirmed,
          },
          now,
        );
        loans.push(lent.loan);
      }
    } catch (err) {
      for (const loan of loans) await this.circulation.checkInCopy(actor, orgId, loan.copyId, now);
      throw err;
    }
    return { id, loans };
  }

  /** One in-library use of a scanned copy, or the day's count typed in. */
  async recordUse(
    actor: Actor,
    orgId: string,
    input: { barcode: string } | { day: string; count: number },
    now = new Date(),
  ): Promise<void> {
    this.patrons.requireDesk(actor, orgId);
    if ('barcode' in input) {
      const copy = await this.copies.byBarcode(actor, orgId, input.barcode);
      await recordReadingUse({
        orgId,
        day: localDay(now),
        copyId: copy.id,
        collectionCode: copy.collectionCode,
        count: 1,
        recordedBy: actor.personId,
        recordedAt: now,
      });
      return;
    }
    await recordReadingUse({
      orgId,
      day: input.day,
      copyId: null,
      collectionCode: null,
      count: input.count,
      recordedBy: actor.personId,
      recordedAt: now,
    });
  }
}
