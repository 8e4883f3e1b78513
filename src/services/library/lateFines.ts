/** The fine for a late return, charged as the copy comes back (only when the school turned fines on). */
import { lateFine, newCharge } from '../../domain/deskCharge.js';
import type { Loan } from '../../domain/loan.js';
import type { CirculationSettings } from '../../domain/loanRules.js';
import { localDay } from '../../domain/schoolCalendar.js';
import { chargeById, insertChargeOnce } from '../../models/deskCharge.js';

/** Fines a loan that just ended late, once; the fine, or null when none is due. */
export async function chargeLateReturn(loan: Loan, settings: CirculationSettings, now: Date) {
  const fine = lateFine(settings.fines, loan.dueDate, localDay(now), settings.calendar);
  if (!fine) return null;
  const owed = newCharge(loan, 'fine', now, fine.amount, fine.lateDays);
  await insertChargeOnce(owed);
  return chargeById(owed.id);
}
