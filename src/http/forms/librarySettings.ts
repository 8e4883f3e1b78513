/**
 * The library settings form: one table row per collection and per location (fields named
 * `collections.0.prefix`, `locations.2.kind`…, plus one empty row to add an entry), the author-mark
 * rule and the scheme, read into the shape the settings schema checks.
 */
import type { LibrarySettings } from '../../domain/librarySettings.js';
import { formNumber } from './fields.js';

type Body = Record<string, unknown>;
type Row = Record<string, string>;

const text = (v: unknown) => (typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : '');

/** The rows of one table, in index order, without the empty row left for a new entry. */
export function rowsOf(body: Body, table: 'collections' | 'locations'): Row[] {
  const rows = new Map<number, Row>();
  for (const [key, value] of Object.entries(body)) {
    const match = new RegExp(`^${table}\\.(\\d{1,3})\\.(\\w+)$`).exec(key);
    if (!match) continue;
    const index = Number(match[1]);
    if (!rows.has(index)) rows.set(index, {});
    rows.get(index)![match[2]!] = text(value);
  }
  return [...rows.entries()]
    .sort(([a], [b]) => a - b)
    .map(([, row]) => row)
    .filter((row) => (row.code ?? '').trim() !== '');
}

const orNull = (v: string | undefined) => (v && v.trim() ? v : null);

export function settingsInputOf(body: Body): unknown {
  return {
    collections: rowsOf(body, 'collections').map((r) => ({
      code: r.code,
      name: r.name,
      nameEn: orNull(r.nameEn),
      prefix: r.prefix ?? '',
      width: formNumber(r.width ?? ''),
      active: r.active === 'on',
    })),
    locations: rowsOf(body, 'locations').map((r) => ({
      code: r.code,
      name: r.name,
      nameEn: orNull(r.nameEn),
      kind: r.kind,
      active: r.active === 'on',
    })),
    authorMark: {
      letters: formNumber(text(body['authorMark.letters'])),
      case: text(body['authorMark.case']),
      diacritics: text(body['authorMark.diacritics']),
      titleInitial: text(body['authorMark.titleInitial']) === 'on',
      vietnameseNames: text(body['authorMark.vietnameseNames']),
    },
    classificationScheme: text(body.classificationScheme),
  };
}

/** The form filled from stored settings (for showing it again after an error, the typed values win). */
export function settingsValuesOf(settings: LibrarySettings): Body {
  const body: Body = {
    'authorMark.letters': String(settings.authorMark.letters),
    'authorMark.case': settings.authorMark.case,
    'authorMark.diacritics': settings.authorMark.diacritics,
    'authorMark.titleInitial': settings.authorMark.titleInitial ? 'on' : '',
    'authorMark.vietnameseNames': settings.authorMark.vietnameseNames,
    classificationScheme: settings.classificationScheme,
  };
  settings.collections.forEach((c, i) => {
    Object.assign(body, {
      [`collections.${i}.code`]: c.code,
      [`collections.${i}.name`]: c.name,
      [`collections.${i}.nameEn`]: c.nameEn ?? '',
      [`collections.${i}.prefix`]: c.prefix,
      [`collections.${i}.width`]: String(c.width),
      [`collections.${i}.active`]: c.active ? 'on' : '',
    });
  });
  settings.locations.forEach((l, i) => {
    Object.assign(body, {
      [`locations.${i}.code`]: l.code,
      [`locations.${i}.name`]: l.name,
      [`locations.${i}.nameEn`]: l.nameEn ?? '',
      [`locations.${i}.kind`]: l.kind,
      [`locations.${i}.active`]: l.active ? 'on' : '',
    });
  });
  return body;
}
