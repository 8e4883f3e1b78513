/** The library settings page: the tables of collections and locations as typed, with their errors, and the rules. */
import { authorMark } from '../domain/authorMark.js';
import { formatAccession } from '../domain/accession.js';
import { locationKinds, type LibrarySettings } from '../domain/librarySettings.js';
import type { Language } from '../i18n/index.js';
import { translator } from '../i18n/index.js';
import { classificationSchemes } from '../registry/classification.js';

type Values = Record<string, unknown>;
const text = (v: unknown) => (typeof v === 'string' ? v : '');

/** A table of a settings form as typed, with its errors, and one empty row to add an entry. */
export function rows(values: Values, table: string, fields: readonly string[], errors: Record<string, string>) {
  const indices = new Set<number>();
  for (const key of Object.keys(values)) {
    const m = new RegExp(`^${table}\\.(\\d{1,3})\\.`).exec(key);
    if (m) indices.add(Number(m[1]));
  }
  const count = indices.size ? Math.max(...indices) + 1 : 0;
  // Every row as typed, and one empty row to add an entry.
  return Array.from({ length: count + 1 }, (_, index) => {
    const field = (f: string) => text(values[`${table}.${index}.${f}`]);
    return {
      index,
      ...Object.fromEntries(fields.map((f) => [f, field(f)])),
      active: field('active') === 'on' || index === count,
      isNew: index === count,
      errors: Object.fromEntries(
        fields.map((f) => [f, errors[`${table}.${index}.${f}`] ?? errors[`${table}.${index}`]]),
      ),
    };
  });
}

export function presentSettingsForm(
  stored: LibrarySettings,
  values: Values,
  errors: Record<string, string>,
  next: Record<string, number>,
  lang: Language,
) {
  const t = translator(lang);
  const option = (value: string, label: string, field: string) => ({
    value,
    label,
    selected: text(values[field]) === value,
  });
  const collections = rows(values, 'collections', ['code', 'name', 'nameEn', 'prefix', 'width'], errors).map((r) => {
    const saved = stored.collections.find((c) => c.code === (r as { code?: string }).code);
    return {
      ...r,
      saved: !!saved,
      nextNumber: saved ? (next[saved.code] ?? 1) : null,
      nextAccession: saved ? formatAccession(saved, next[saved.code] ?? 1) : null,
    };
  });
  const locations = rows(values, 'locations', ['code', 'name', 'nameEn', 'kind'], errors).map((r) => ({
    ...r,
    saved: stored.locations.some((l) => l.code === (r as { code?: string }).code),
    kinds: locationKinds.map((k) => ({
      value: k,
      label: t(`library.locationKind.${k}`),
      selected: (r as { kind?: string }).kind === k,
    })),
  }));
  const examples = [
    { creators: ['Nguyễn Nhật Ánh'], title: 'Cho tôi xin một vé đi tuổi thơ' },
    { creators: ['J. K. Rowling'], title: 'Harry Potter và Hòn đá Phù thủy' },
    { creators: [], title: 'Đất rừng phương Nam' },
  ];
  return {
    collections,
    locations,
    collectionsError: errors.collections,
    locationsError: errors.locations,
    letters: ['1', '2', '3', '4'].map((n) => option(n, n, 'authorMark.letters')),
    cases: ['upper', 'capitalised'].map((c) => option(c, t(`library.pages.settings.case.${c}`), 'authorMark.case')),
    diacritics: ['remove', 'keep'].map((d) =>
      option(d, t(`library.pages.settings.diacritics.${d}`), 'authorMark.diacritics'),
    ),
    vietnameseNames: ['given', 'family'].map((v) =>
      option(v, t(`library.pages.settings.vietnameseNames.${v}`), 'authorMark.vietnameseNames'),
    ),
    titleInitial: text(values['authorMark.titleInitial']) === 'on',
    schemes: [...classificationSchemes.values()].map((s) => option(s.code, s.name[lang], 'classificationScheme')),
    examples: examples.map((e) => ({
      work: e.creators.length ? `${e.creators[0]}, “${e.title}”` : `“${e.title}”`,
      mark: authorMark(stored.authorMark, e.creators, e.title),
    })),
  };
}
