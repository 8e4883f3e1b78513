/**
 * Author marks (ký hiệu tác giả), the second half of a call number: a few letters of the heading
 * word so that books of one class stand in author order on the shelf.
 *
 * The heading word follows Vietnamese practice: a Vietnamese name is written in natural order and
 * filed by its given name, the last word (Nguyễn Nhật Ánh → Ánh; Tô Hoài → Hoài), since a handful
 * of family names cover most people; a foreign name in natural order ends with the surname
 * (J. K. Rowling → Rowling); a name written inverted with a comma starts with the surname
 * (Rowling, J. K.), unless it is a Vietnamese family name (Nguyễn, Du → Du). A work without an
 * author is marked by the first word of its title. Each school chooses how many letters, the
 * case, whether diacritics stay, and whether the initial of the title follows (a work mark).
 */

export interface AuthorMarkRule {
  letters: 1 | 2 | 3 | 4;
  case: 'upper' | 'capitalised';
  diacritics: 'keep' | 'remove';
  /** Append the title's initial in lower case (Cutter's work mark), to tell one author's works apart. */
  titleInitial: boolean;
  /** Vietnamese names filed by the given name (usual) or by the family name. */
  vietnameseNames: 'given' | 'family';
}

export const defaultAuthorMarkRule: AuthorMarkRule = {
  letters: 3,
  case: 'upper',
  diacritics: 'remove',
  titleInitial: false,
  vietnameseNames: 'given',
};

/** Common Vietnamese family names: a name inverted after one of these is still filed by the given name. */
const vietnameseFamilyNames = new Set(
  [
    'nguyễn',
    'trần',
    'lê',
    'phạm',
    'hoàng',
    'huỳnh',
    'phan',
    'vũ',
    'võ',
    'đặng',
    'bùi',
    'đỗ',
    'hồ',
    'ngô',
    'dương',
    'lý',
    'đào',
    'đoàn',
    'đinh',
    'lâm',
    'mai',
    'trịnh',
    'trương',
    'hà',
    'tô',
    'lưu',
    'tạ',
    'cao',
    'chu',
    'châu',
    'quách',
    'thái',
    'lương',
    'phùng',
    'kiều',
    'từ',
    'vương',
    'tăng',
    'triệu',
    'hứa',
    'nông',
    'lò',
    'lạc',
    'khúc',
    'văn',
    'âu',
    'diệp',
    'giang',
    'kim',
    'la',
    'lã',
    'mạc',
    'tôn',
    'thân',
    'ninh',
  ].map((n) => n.normalize('NFC')),
);

/** Articles a title's heading word skips (Vietnamese titles have none). */
const leadingArticles = new Set(['the', 'a', 'an', 'le', 'la', 'les', 'un', 'une', 'der', 'die', 'das']);

const words = (text: string) =>
  text
    .normalize('NFC')
    .split(/[\s]+/)
    .map((w) => w.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ''))
    .filter(Boolean);

const isVietnameseFamilyName = (word: string) => vietnameseFamilyNames.has(word.toLowerCase());

/** The word a person's name is filed under. */
export function nameHeadingWord(name: string, rule: Pick<AuthorMarkRule, 'vietnameseNames'>): string | null {
  const comma = name.indexOf(',');
  if (comma >= 0) {
    const before = words(name.slice(0, comma));
    const after = words(name.slice(comma + 1));
    const family = before[0];
    if (family && isVietnameseFamilyName(family) && after.length && rule.vietnameseNames === 'given')
      return after[after.length - 1]!;
    return family ?? after[0] ?? null;
  }
  const all = words(name);
  if (!all.length) return null;
  if (rule.vietnameseNames === 'family' && isVietnameseFamilyName(all[0]!)) return all[0]!;
  return all[all.length - 1]!;
}

/** The first significant word of a title. */
export function titleHeadingWord(title: string): string | null {
  const all = words(title);
  const first = all.length > 1 && leadingArticles.has(all[0]!.toLowerCase()) ? all[1] : all[0];
  return first ?? null;
}

const removeDiacritics = (text: string) =>
  text.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').normalize('NFC');

/** The author mark of a work by `creators` (the first is the main entry) titled `title`. */
export function authorMark(rule: AuthorMarkRule, creators: readonly string[], title: string): string | null {
  const heading = creators.length ? nameHeadingWord(creators[0]!, rule) : titleHeadingWord(title);
  if (!heading) return null;
  let letters = [...heading.normalize('NFC')].filter((c) => /[\p{L}\p{N}]/u.test(c)).slice(0, rule.letters);
  if (rule.diacritics === 'remove') letters = [...removeDiacritics(letters.join(''))];
  let mark =
    rule.case === 'upper'
      ? letters.join('').toUpperCase()
      : letters[0]!.toUpperCase() + letters.slice(1).join('').toLowerCase();
  if (rule.titleInitial && creators.length) {
    const initial = titleHeadingWord(title)?.[0];
    if (initial) mark += rule.diacritics === 'remove' ? removeDiacritics(initial).toLowerCase() : initial.toLowerCase();
  }
  return mark || null;
}
