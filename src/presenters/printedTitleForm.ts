/**
 * The cataloguing form as the page shows it: the resource form's options, the classification
 * schemes, the classes of the chosen scheme for the class-number picker (a datalist, which works
 * without JavaScript) and for the table to browse them by.
 */
import { classPath } from '../domain/classification.js';
import type { Organisation, OrganisationTree } from '../domain/organisation.js';
import type { Resource } from '../domain/resource.js';
import type { Language } from '../i18n/index.js';
import { classificationSchemes } from '../registry/classification.js';
import { presentResourceForm, type ResourceFormInput } from './resourceForm.js';

export function presentPrintedTitleForm(
  values: ResourceFormInput & { classScheme: string },
  errors: Record<string, string>,
  organisations: Organisation[],
  lang: Language,
) {
  const scheme = classificationSchemes.get(values.classScheme) ?? classificationSchemes.get('ddc')!;
  const caption = (e: { notation: string; vi: string; en: string }) => `${e.notation} ${e[lang]}`;
  return {
    ...presentResourceForm(values, errors, organisations, lang),
    schemes: [...classificationSchemes.values()].map((s) => ({
      value: s.code,
      label: s.name[lang],
      selected: s.code === scheme.code,
    })),
    classOptions: scheme.entries.map((e) => ({ value: e.notation, label: caption(e) })),
    classGroups: scheme.entries
      .filter((e) => e.level === 1)
      .map((main) => ({
        label: caption(main),
        divisions: scheme.entries
          .filter((e) => e.level === 2 && classPath(scheme, e.notation).some((p) => p.notation === main.notation))
          .map((e) => ({ label: caption(e) })),
      })),
  };
}

/** The title being edited, as its form shows it (null for a new title). */
export function presentEditedTitle(existing: Resource | null, tree: Pick<OrganisationTree, 'get'>) {
  if (!existing) return null;
  return {
    id: existing.id,
    url: `/resources/${existing.id}`,
    version: existing.version,
    organisation: tree.get(existing.orgId)?.name ?? '',
    printed: existing.print !== null,
  };
}
