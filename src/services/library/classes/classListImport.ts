/**
 * Importing a school's class list for a school year: the file waits as a draft while the librarian
 * chooses the sheet and columns and sees every row's errors, then the good rows are imported. A row
 * creates the student (a person of the school with the student role) or finds them by their student
 * code, and writes their class for the year; a bad row is refused with its number and reasons, the
 * others go in. The same file twice finds every student and class as it left them: nothing changes.
 */
import {
  cellsOf,
  checkRows,
  guessColumns,
  mappingProblems,
  type ClassListRow,
  type ColumnMapping,
  type ClassListPreview,
  type ClassListResult,
} from '../../../domain/classList.js';
import { classKey } from '../../../domain/classMembership.js';
import { invalid, notFound } from '../../../domain/errors.js';
import type { Person } from '../../../domain/person.js';
import {
  classImportDraft,
  deleteClassImportDraft,
  insertClassImportDraft,
  type ClassImportDraft,
} from '../../../models/classImportDraft.js';
import { peopleByStudentCodes, saveClassMembership } from '../../../models/classMembership.js';
import { newDatabaseId } from '../../../models/ids.js';
import { findPerson, insertPersonAs, updatePerson } from '../../../models/person.js';
import { definedClasses } from '../../../models/schoolClass.js';
import { saveStudentProfile } from '../../../models/studentProfile.js';
import { claimStudentCode } from '../../../models/studentCodeClaim.js';
import type { Actor } from '../../../policies/actor.js';
import type { ChangeFeed } from '../../changeFeed.js';
import type { PatronService } from '../patrons.js';
import { classListKindOf, readClassListFile } from './classListFile.js';

/** Where a row's writes stand: the tests fail here to show that a crash at that point creates no one twice. */
export type ImportRowStep = 'claimed' | 'person';

export interface ImportChoice {
  sheet?: string;
  mapping?: ColumnMapping;
}

/** Dates of birth taken as real for a school's students. */
const birthRange = (now: Date) => ({ from: `${now.getUTCFullYear() - 30}-01-01`, to: now.toISOString().slice(0, 10) });

export class ClassListImport {
  constructor(
    private readonly patrons: PatronService,
    private readonly changes: ChangeFeed,
    private readonly afterStep: (step: ImportRowStep) => void | Promise<void> = () => {},
  ) {}

  async upload(actor: Actor, orgId: string, schoolYear: string, fileName: string, bytes: Buffer): Promise<string> {
    this.patrons.requireDesk(actor, orgId, 'manageClasses');
    const kind = classListKindOf(fileName);
    if (!kind) throw invalid([{ field: 'file', messageKey: 'patrons.import.notSpreadsheet' }]);
    const sheets = await readClassListFile(bytes, kind);
    return insertClassImportDraft({
      orgId,
      schoolYear,
      fileName,
      createdBy: actor.personId ?? orgId,
      createdAt: new Date(),
      sheets,
    });
  }

  async preview(
    actor: Actor,
    orgId: string,
    draftId: string,
    choice: ImportChoice,
    now = new Date(),
  ): Promise<ClassListPreview> {
    const draft = await this.draft(actor, orgId, draftId);
    const grid = draft.sheets.find((s) => s.name === choice.sheet) ?? draft.sheets[0]!;
    const [header, ...body] = grid.rows;
    const headers = header?.values ?? [];
    const mapping = choice.mapping && Object.keys(choice.mapping).length ? choice.mapping : guessColumns(headers);
    const unmapped = mappingProblems(mapping);
    const defined = await definedClasses(orgId, draft.schoolYear);
    const ctx = {
      definedClasses: defined.length ? new Set(defined.map((c) => classKey(c.className))) : null,
      birthRange: birthRange(now),
    };
    const checked = unmapped.length
      ? []
      : checkRows(
          body.map((r) => ({ rowNumber: r.rowNumber, cells: cellsOf(r.values, mapping) })),
          ctx,
        );
    return {
      draft: { id: draft.id, orgId, schoolYear: draft.schoolYear, fileName: draft.fileName },
      sheets: draft.sheets.map((s) => s.name),
      sheet: grid.name,
      headers,
      mapping,
      unmapped,
      rows: checked.map((c, i) => ({ ...c, values: body[i]!.values })),
    };
  }

  /** Imports the good rows of the draft as chosen, and removes the draft. */
  async run(actor: Actor, orgId: string, draftId: string, choice: ImportChoice): Promise<ClassListResult> {
    const preview = await this.preview(actor, orgId, draftId, choice);
    if (preview.unmapped.length)
      throw invalid(
        preview.unmapped.map((f) => ({ field: `column.${f}`, messageKey: 'patrons.import.columnMissing' })),
      );
    const good = preview.rows.flatMap((r) => (r.row ? [r.row] : []));
    const result: ClassListResult = {
      schoolYear: preview.draft.schoolYear,
      created: 0,
      updated: 0,
      unchanged: 0,
      refused: preview.rows.filter((r) => !r.row),
    };
    const known = await peopleByStudentCodes(
      orgId,
      good.map((r) => r.studentCode),
    );
    for (const row of good) {
      const outcome = await this.importRow(orgId, preview.draft.schoolYear, row, known.get(row.studentCode));
      result[outcome]++;
    }
    await deleteClassImportDraft(draftId);
    return result;
  }

  private async draft(actor: Actor, orgId: string, draftId: string): Promise<ClassImportDraft> {
    this.patrons.requireDesk(actor, orgId, 'manageClasses');
    const draft = await classImportDraft(draftId);
    if (!draft || draft.orgId !== orgId) throw notFound();
    return draft;
  }

  private async importRow(orgId: string, schoolYear: string, row: ClassListRow, known: string | undefined) {
    // A new student's code is claimed before the person is written, under the id the claim names:
    // the same file after a crash between the two writes finds the claim and creates no one twice.
    const personId = known ?? (await claimStudentCode(orgId, row.studentCode, newDatabaseId()));
    if (!known) await this.afterStep('claimed');
    const existing = await findPerson(personId);
    const { person, changed } = existing
      ? await this.bringUpToDate(existing, orgId, row)
      : { person: await this.newStudent(personId, orgId, row), changed: true };
    if (!existing) await this.afterStep('person');
    const membership = await saveClassMembership({
      personId: person.id,
      orgId,
      schoolYear,
      grade: row.grade,
      className: row.className,
      studentCode: row.studentCode,
      outcome: 'enrolled',
      updatedAt: new Date(),
    });
    const profile = await saveStudentProfile({
      orgId,
      personId: person.id,
      birthDate: row.birthDate,
      gender: row.gender,
    });
    if (!existing) return 'created';
    return changed || profile || membership !== 'unchanged' ? 'updated' : 'unchanged';
  }

  private async newStudent(personId: string, orgId: string, row: ClassListRow): Promise<Person> {
    const now = new Date();
    return insertPersonAs(personId, {
      displayName: row.fullName,
      email: null,
      memberships: [{ orgId, role: 'student' }],
      systemAdmin: false,
      disabled: false,
      createdAt: now,
      modifiedAt: now,
      lastLoginAt: null,
    });
  }

  /** The student's name as the school writes it now, and the student role at the school. */
  private async bringUpToDate(person: Person, orgId: string, row: ClassListRow) {
    const isStudent = person.memberships.some((m) => m.orgId === orgId && m.role === 'student');
    if (person.displayName === row.fullName && isStudent) return { person, changed: false };
    const memberships = isStudent ? person.memberships : [...person.memberships, { orgId, role: 'student' as const }];
    const updated = await updatePerson(person.id, { displayName: row.fullName, memberships, modifiedAt: new Date() });
    await this.changes.publish('person', person.id);
    return { person: updated ?? person, changed: true };
  }
}
