/** What the library's pages share: the schools a person works for, and forms that show the service's objections. */
import type { Request } from 'express';
import { DomainError } from '../../../domain/errors.js';
import type { Organisation } from '../../../domain/organisation.js';
import { canOnLibrary, type LibraryAction } from '../../../policies/library.js';
import { compareVietnamese } from '../../../search/text.js';
import type { OrganisationDirectory } from '../../../services/organisationDirectory.js';
import { presentFields } from '../../../web/errors.js';

/** Organisations where the person may do `action`, by name. */
export function librarySchools(req: Request, tree: OrganisationDirectory, action: LibraryAction): Organisation[] {
  return tree
    .all()
    .filter((o) => canOnLibrary(req.actor, action, o.id, tree))
    .sort((a, b) => compareVietnamese(a.name, b.name));
}

/** The school to start with: the one asked for, else one the person belongs to, else the first. */
export function chosenSchool(
  req: Request,
  schools: readonly Organisation[],
  asked: string | undefined,
): string | undefined {
  if (asked && schools.some((s) => s.id === asked)) return asked;
  return (schools.find((s) => req.actor.memberships.some((m) => m.orgId === s.id)) ?? schools[0])?.id;
}

export type FormErrors = Record<string, string>;

/**
 * Runs `attempt`; when the service refuses the input (invalid fields, or a conflict such as a number
 * already used), returns the messages by form field (`_` for the form as a whole) so that the form
 * can be shown again with what was typed.
 */
export async function withFormErrors<T>(
  req: Request,
  attempt: () => Promise<T>,
  fieldOf: (path: string) => string,
): Promise<{ ok: true; value: T } | { ok: false; status: number; errors: FormErrors }> {
  try {
    return { ok: true, value: await attempt() };
  } catch (err) {
    if (!(err instanceof DomainError) || (err.code !== 'validation' && err.code !== 'conflict')) throw err;
    const errors: FormErrors = {};
    const add = (field: string, message: string) =>
      (errors[field] = errors[field] ? `${errors[field]} ${message}` : message);
    for (const f of presentFields(err.fields, req.t)) add(fieldOf(f.field), f.message);
    if (!err.fields.length) errors._ = req.t(err.messageKey, err.params);
    return { ok: false, status: err.code === 'conflict' ? 409 : 400, errors };
  }
}
