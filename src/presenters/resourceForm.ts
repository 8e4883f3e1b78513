/**
 * The resource form as the page shows it: every vocabulary as options in the person's language
 * with what was chosen marked, grades grouped by level (so that plain HTML already shows which
 * grades belong where), and the organisations the person may create resources in.
 */
import {
  audiences,
  languages,
  levels,
  licences,
  resourceTypes,
  series,
  subjects,
  type Term,
} from '../../config/vocabularies.js';
import { sharingScopes } from '../domain/resource.js';
import type { Organisation } from '../domain/organisation.js';
import type { Language } from '../i18n/index.js';
import { translator } from '../i18n/index.js';

export interface Option {
  value: string;
  label: string;
  selected: boolean;
}

/** The fields of the form as typed (strings and lists of strings). */
export interface ResourceFormInput {
  grades: string[];
  audience: string[];
  level: string;
  subject: string;
  series: string;
  type: string;
  language: string;
  licence: string;
  scope: string;
  orgId: string;
  [field: string]: string | string[];
}

const options = (terms: readonly Term[], chosen: string | readonly string[], lang: Language): Option[] =>
  terms.map((t) => ({
    value: t.code,
    label: t[lang],
    selected: typeof chosen === 'string' ? chosen === t.code : chosen.includes(t.code),
  }));

export function presentResourceForm(
  values: ResourceFormInput,
  errors: Record<string, string>,
  organisations: Organisation[],
  lang: Language,
) {
  const t = translator(lang);
  return {
    values,
    errors,
    organisations: organisations.map((o) => ({ value: o.id, label: o.name, selected: o.id === values.orgId })),
    levels: options(levels, values.level, lang),
    gradeGroups: levels
      .filter((l) => l.grades.length)
      .map((l) => ({
        level: l.code,
        label: l[lang],
        grades: l.grades.map((g) => ({
          value: String(g),
          label: t('search.grade', { grade: g }),
          selected: values.grades.includes(String(g)),
        })),
      })),
    subjects: subjects.map((s) => ({ ...options([s], values.subject, lang)[0]!, levels: s.levels.join(' ') })),
    series: options(series, values.series, lang),
    types: options(resourceTypes, values.type, lang),
    languages: options(languages, values.language, lang),
    licences: options(licences, values.licence, lang),
    audiences: options(audiences, values.audience, lang),
    scopes: sharingScopes.map((s) => ({
      value: s,
      label: t(`resources.scope.${s}`),
      explanation: t(`web.scopeExplained.${s}`),
      selected: values.scope === s,
    })),
  };
}
