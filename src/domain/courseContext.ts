/**
 * What a Moodle course is about, read from its name: the LTI context claim's title and label
 * ("Ngữ văn 10 — Lớp 10A1", "TOAN6", "Grade 7 Mathematics") give a subject of the catalogue's
 * vocabulary and a grade (1–12), each or both unknown when the name does not say. Teachers name
 * courses freely, so the reading is forgiving (accents or none, "lý"/"lí", short forms such as
 * "GDCD" or "Văn") and cautious: two different grades said with the same confidence give none.
 * The picker opens narrowed by the answer, and the teacher can remove either filter.
 */

export interface CourseTopic {
  /** A subject code of the vocabulary, or null. */
  subject: string | null;
  grade: number | null;
}

/** A subject as the vocabulary names it (config/vocabularies.ts), in both languages. */
export interface SubjectName {
  code: string;
  vi: string;
  en: string;
}

/** Short and English names teachers give courses, beside the vocabulary's own labels. */
const extraNames: Readonly<Record<string, readonly string[]>> = {
  'ngu-van': ['nv', 'van hoc', 'literature'],
  toan: ['math', 'maths', 'mathematics', 'dai so', 'hinh hoc', 'giai tich', 'algebra', 'geometry'],
  'tieng-anh': ['tieng anh', 'anh van', 'english', 'ngoai ngu', 'esl', 'efl'],
  'tieng-viet': ['tv'],
  gdcd: ['gdcd', 'civics'],
  khtn: ['khtn', 'science'],
  'vat-li': ['physics'],
  'hoa-hoc': ['chemistry'],
  'sinh-hoc': ['biology'],
  'lich-su': ['history'],
  'dia-li': ['geography'],
  'lich-su-dia-li': ['ls dl', 'ls va dl', 'lich su dia li', 'history and geography'],
  'tin-hoc': ['informatics', 'computer science', 'computing', 'ict'],
  gdtc: ['gdtc', 'the duc', 'physical education', 'pe'],
  'am-nhac': ['music'],
  'mi-thuat': ['art', 'fine art'],
  hdtn: ['hdtn', 'hdtnhn', 'trai nghiem'],
  gdqpan: ['gdqp', 'gdqpan', 'quoc phong'],
  gdktpl: ['gdktpl', 'kinh te phap luat'],
  gddp: ['gddp', 'giao duc dia phuong'],
};

/**
 * One-word short forms that are also everyday words or names ("Nguyễn Văn An"): a subject only
 * when a grade follows ("Văn 10", "Sử 11").
 */
const shortForms: Readonly<Record<string, string>> = {
  van: 'ngu-van',
  su: 'lich-su',
  dia: 'dia-li',
  hoa: 'hoa-hoc',
  sinh: 'sinh-hoc',
  tin: 'tin-hoc',
  nhac: 'am-nhac',
};

/** Subjects whose name is also an everyday phrase ("khoá học": a course), likewise only before a grade. */
const everydayNames = new Set(['khoa-hoc']);

/** Lower case, no accents, đ as d, and the two spellings of some vowels made one ("lý"/"lí", "mỹ"/"mĩ"). */
export function foldCourseName(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/\b(l|m|k)y\b/g, '$1i');
}

/** Words, letters and digits apart ("toan10a1" → toan 10 a 1): short names run them together. */
const wordsOf = (folded: string): string[] =>
  folded
    .replace(/(\d)(?=[a-z])|([a-z])(?=\d)/g, '$1$2 ')
    .split(/[^a-z0-9]+/)
    .filter(Boolean);

const asGrade = (word: string | undefined): number | null => {
  const n = word !== undefined && /^\d{1,2}$/.test(word) ? Number(word) : NaN;
  return n >= 1 && n <= 12 ? n : null;
};

/** Every name of every subject as words, longest first, so that "lịch sử và địa lí" wins over "lịch sử". */
function subjectPhrases(vocabulary: readonly SubjectName[]): { code: string; words: string[] }[] {
  const phrases = vocabulary.flatMap((s) =>
    [s.vi, s.en, s.vi.replace(/\(.*\)/, ''), ...(extraNames[s.code] ?? [])].map((name) => ({
      code: s.code,
      words: wordsOf(foldCourseName(name)),
    })),
  );
  return phrases.filter((p) => p.words.length > 0).sort((a, b) => b.words.length - a.words.length);
}

const startsAt = (words: readonly string[], phrase: readonly string[], at: number) =>
  phrase.every((w, i) => words[at + i] === w);

/** The subject named first in `words` (its longest name there), with where its name ends. */
function subjectIn(words: readonly string[], vocabulary: readonly SubjectName[]) {
  const phrases = subjectPhrases(vocabulary);
  for (let at = 0; at < words.length; at++) {
    const found = phrases.find(
      (p) =>
        startsAt(words, p.words, at) && (!everydayNames.has(p.code) || asGrade(words[at + p.words.length]) !== null),
    );
    if (found) return { code: found.code, end: at + found.words.length };
    const short = shortForms[words[at]!];
    if (short && asGrade(words[at + 1]) !== null) return { code: short, end: at + 1 };
  }
  return null;
}

/** Numbers that are not grades: a term, a week, a lesson, a group, a chapter, a year. */
const notGradeBefore = new Set(
  ['hk hoc ki ky semester term tuan week bai lesson unit', 'chuong chapter nhom group tiet period phan part so no tap']
    .join(' ')
    .split(' '),
);
const gradeWords = new Set(['lop', 'khoi', 'grade', 'year', 'class', 'k', 'g', 'y']);

/** One grade when the strongest clues agree, else null. */
function agreed(grades: readonly number[]): number | null {
  const distinct = [...new Set(grades)];
  return distinct.length === 1 ? distinct[0]! : null;
}

/**
 * The grade a course name says: "lớp 10"/"grade 10"/"K10" first, then a class name ("10A1",
 * "6B"), then the number right after the subject ("Toán 6"), then any other lone number.
 */
function gradeIn(folded: string, words: readonly string[], subjectEnd: number | null): number | null {
  const explicit = words.flatMap((w, i) => (gradeWords.has(w) ? [asGrade(words[i + 1])] : [])).filter((g) => g);
  if (explicit.length) return agreed(explicit as number[]);
  const classNames = [...folded.matchAll(/(?:^|[^a-z0-9])(\d{1,2})[a-z]{1,2}\d{0,2}(?![a-z0-9])/g)]
    .map((m) => asGrade(m[1]))
    .filter((g): g is number => g !== null);
  if (classNames.length) return agreed(classNames);
  if (subjectEnd !== null && asGrade(words[subjectEnd]) !== null) return asGrade(words[subjectEnd]);
  const lone = words
    .map((w, i) => (notGradeBefore.has(words[i - 1] ?? '') ? null : asGrade(w)))
    .filter((g): g is number => g !== null);
  return agreed(lone);
}

function topicOf(text: string, vocabulary: readonly SubjectName[]): CourseTopic {
  const folded = foldCourseName(text);
  const words = wordsOf(folded);
  const subject = subjectIn(words, vocabulary);
  return { subject: subject?.code ?? null, grade: gradeIn(folded, words, subject?.end ?? null) };
}

/** The course's subject and grade from its title, and from its label (short name) for what the title leaves out. */
export function courseTopic(
  context: { title?: string | null; label?: string | null } | null | undefined,
  vocabulary: readonly SubjectName[],
): CourseTopic {
  const fromTitle = topicOf(context?.title ?? '', vocabulary);
  const fromLabel = topicOf(context?.label ?? '', vocabulary);
  return { subject: fromTitle.subject ?? fromLabel.subject, grade: fromTitle.grade ?? fromLabel.grade };
}
