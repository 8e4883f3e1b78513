/**
 * A school library's own settings, kept as data: its collections (each with the prefix and number
 * format of its accession numbers), its locations, its author-mark rule and its classification
 * scheme. A school that never saved its settings uses the defaults below.
 */
import { prefixLead, type AccessionFormat } from './accession.js';
import { defaultAuthorMarkRule, type AuthorMarkRule } from './authorMark.js';
import type { FieldIssue } from './errors.js';

export interface LibraryCollection extends AccessionFormat {
  /** Stable code copies refer to (SGK, TK…). */
  code: string;
  name: string;
  nameEn: string | null;
  /** Inactive collections keep their copies but take no new ones. */
  active: boolean;
}

export type LocationKind = 'stacks' | 'reading_room' | 'class_library' | 'other';
export const locationKinds: readonly LocationKind[] = ['stacks', 'reading_room', 'class_library', 'other'];

export interface LibraryLocation {
  code: string;
  name: string;
  nameEn: string | null;
  kind: LocationKind;
  active: boolean;
}

export interface LibrarySettings {
  orgId: string;
  collections: LibraryCollection[];
  locations: LibraryLocation[];
  authorMark: AuthorMarkRule;
  classificationScheme: string;
  /** 0 while the school uses the defaults. */
  version: number;
  modifiedAt: Date | null;
}

export const defaultCollections: readonly LibraryCollection[] = [
  { code: 'SGK', name: 'Sách giáo khoa', nameEn: 'Textbooks', prefix: 'SGK-', width: 5, active: true },
  { code: 'TK', name: 'Sách tham khảo', nameEn: 'Reference books', prefix: 'TK-', width: 5, active: true },
  { code: 'NV', name: 'Sách nghiệp vụ', nameEn: "Teachers' professional books", prefix: 'NV-', width: 5, active: true },
  { code: 'TN', name: 'Sách thiếu nhi', nameEn: "Children's books", prefix: 'TN-', width: 5, active: true },
];

export const defaultLocations: readonly LibraryLocation[] = [
  { code: 'KHO', name: 'Kho sách', nameEn: 'Main stacks', kind: 'stacks', active: true },
  { code: 'PD', name: 'Phòng đọc', nameEn: 'Reading room', kind: 'reading_room', active: true },
];

export function defaultLibrarySettings(orgId: string): LibrarySettings {
  return {
    orgId,
    collections: defaultCollections.map((c) => ({ ...c })),
    locations: defaultLocations.map((l) => ({ ...l })),
    authorMark: { ...defaultAuthorMarkRule },
    classificationScheme: 'ddc',
    version: 0,
    modifiedAt: null,
  };
}

/**
 * What is wrong with settings as a whole: repeated codes, two collections whose numbers would be
 * the same numbers, an entry removed that copies may still name. Field paths follow the input.
 */
export function settingsProblems(
  next: Pick<LibrarySettings, 'collections' | 'locations'>,
  previous: Pick<LibrarySettings, 'collections' | 'locations'>,
): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const repeated = <T>(list: readonly T[], key: (t: T) => string, field: string, messageKey: string) => {
    const seen = new Set<string>();
    list.forEach((item, i) => {
      const k = key(item);
      if (seen.has(k)) issues.push({ field: `${field}.${i}`, messageKey, params: { value: k } });
      seen.add(k);
    });
  };
  repeated(next.collections, (c) => c.code, 'collections', 'library.settings.codeRepeated');
  repeated(next.locations, (l) => l.code, 'locations', 'library.settings.codeRepeated');
  repeated(next.collections, (c) => prefixLead(c.prefix), 'collections', 'library.settings.prefixRepeated');
  const kept = (list: readonly { code: string }[], field: string, before: readonly { code: string }[]) => {
    for (const old of before)
      if (!list.some((e) => e.code === old.code))
        issues.push({ field, messageKey: 'library.settings.cannotRemove', params: { code: old.code } });
  };
  kept(next.collections, 'collections', previous.collections);
  kept(next.locations, 'locations', previous.locations);
  return issues;
}
