/**
 * The registers of a school library as data, before they are laid out: the school and its
 * letterhead, the general register's entries with their counts by collection, and the lines of the
 * individual and loan registers (async iterables: they are read as they are written out).
 */
import type { Copy, IntakeBatch, WithdrawalRecord } from './copy.js';
import type { Loan } from './loan.js';
import type { PatronType } from './loanRules.js';
import type { LibrarySettings } from './librarySettings.js';
import type { Organisation } from './organisation.js';
import type { Period } from './printedDocument.js';
import type { Resource } from './resource.js';

/** Who a loan register is for: students, or teachers and staff. */
export type LoanRegisterKind = 'students' | 'teachers';
export const loanRegisterPatrons: Record<LoanRegisterKind, readonly PatronType[]> = {
  students: ['student'],
  teachers: ['teacher', 'staff'],
};

/** The school, the organisation above it (the letterhead) and its library settings (collection names). */
export interface RegisterSchool {
  school: Organisation;
  parent: Organisation | null;
  settings: LibrarySettings;
}

export interface EntryLine<E> {
  entry: E;
  /** Copies of the entry per collection code. */
  byCollection: Record<string, number>;
}

export interface GeneralRegister extends RegisterSchool {
  period: Period | null;
  /** Collections that appear in the register, in the settings' order. */
  collections: string[];
  intake: EntryLine<IntakeBatch>[];
  withdrawals: EntryLine<WithdrawalRecord>[];
}

/** What the individual register shows of a copy (read with only these fields: 50,000 of them are read at once). */
export interface RegisterCopy extends Pick<Copy, 'id' | 'accessionNumber' | 'volume' | 'resourceId'> {
  acquisition: Pick<Copy['acquisition'], 'date' | 'price' | 'batchId'>;
  withdrawal: Pick<NonNullable<Copy['withdrawal']>, 'date' | 'recordId'> | null;
}

export interface IndividualRegisterLine {
  copy: RegisterCopy;
  title: Resource | null;
  batchNumber: number | null;
  withdrawalNumber: number | null;
}

export interface LoanRegisterLine {
  loan: Loan;
  patronName: string;
  /** The student's class in the school year of the loan ("" when none is recorded; teachers have none). */
  className: string;
  accessionNumber: string;
  title: string;
}

export interface WithdrawalDocument extends RegisterSchool {
  entry: WithdrawalRecord;
  copies: { copy: Copy; title: Resource | null }[];
}
