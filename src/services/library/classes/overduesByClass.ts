/**
 * The overdue list per class (danh sách quá hạn theo lớp): the school's overdue loans grouped by the
 * class each reader is in for the school year (teachers and readers with no class in a group of
 * their own), and the reminder slips (phiếu nhắc trả sách) printed from it, one per reader.
 */
import { classKey, type SchoolYear } from '../../../domain/classMembership.js';
import type { Loan } from '../../../domain/loan.js';
import { membershipsOfPeople } from '../../../models/classMembership.js';
import type { Actor } from '../../../policies/actor.js';
import type { CirculationService } from '../circulation.js';
import type { SchoolClassService } from './schoolClasses.js';

export interface OverdueReader {
  patronId: string;
  patronName: string;
  loans: Loan[];
}

export interface OverdueClass {
  /** Null: readers with no class this year (teachers, staff, students not on a class list). */
  className: string | null;
  grade: number | null;
  readers: OverdueReader[];
}

export class OverdueByClassService {
  constructor(
    private readonly circulation: CirculationService,
    private readonly classes: SchoolClassService,
  ) {}

  /** The overdue loans of the school by class for the year (the current one unless given), or of one class. */
  async list(
    actor: Actor,
    orgId: string,
    options: { year?: SchoolYear; className?: string } = {},
    now = new Date(),
  ): Promise<{ schoolYear: SchoolYear; classes: OverdueClass[] }> {
    const overdues = await this.circulation.overdues(actor, orgId, now);
    const schoolYear = options.year ?? (await this.classes.currentYear(orgId, now));
    const memberships = await membershipsOfPeople(orgId, schoolYear, [
      ...new Set(overdues.map((o) => o.loan.patronId)),
    ]);
    const groups = new Map<string, OverdueClass>();
    for (const { loan, patronName } of overdues) {
      const m = memberships.get(loan.patronId);
      const key = m ? classKey(m.className) : '';
      if (options.className !== undefined && key !== classKey(options.className)) continue;
      const group = groups.get(key) ?? { className: m?.className ?? null, grade: m?.grade ?? null, readers: [] };
      groups.set(key, group);
      const reader = group.readers.find((r) => r.patronId === loan.patronId);
      if (reader) reader.loans.push(loan);
      else group.readers.push({ patronId: loan.patronId, patronName, loans: [loan] });
    }
    const classes = [...groups.values()].sort(
      (a, b) =>
        (a.grade ?? 99) - (b.grade ?? 99) ||
        (a.className ?? '').localeCompare(b.className ?? '', 'vi', { numeric: true }),
    );
    for (const c of classes) c.readers.sort((a, b) => a.patronName.localeCompare(b.patronName, 'vi'));
    return { schoolYear, classes };
  }
}
