/**
 * A harvested record's Dublin Core fields → our metadata. Values that match a vocabulary term (by
 * code or by its Vietnamese or English label, with or without diacritics) fill that field; values
 * that match nothing become keywords, and an unknown type becomes `khac`: a record is never refused
 * for its vocabulary.
 */
import {
  audiences,
  languages,
  levels,
  licences,
  resourceTypes,
  subjects,
  type Term,
} from '../../../config/vocabularies.js';
import type { Audience, ResourceMetadata } from '../../domain/resource.js';
import { fold } from '../../search/text.js';
import { realDatePrefix } from '../../domain/dates.js';
import { stripForbidden } from '../../domain/text.js';

const LIMITS = { short: 500, long: 10_000, list: 50 };

/** Other repositories' text, with what no text may hold removed (src/domain/text.ts), within our limits. */
const clip = (text: string, max: number, multiline = false) => {
  const clean = stripForbidden(text, multiline);
  return clean.length > max ? clean.slice(0, max) : clean;
};
const first = (values: string[] | undefined, max = LIMITS.short) =>
  values?.length ? clip(values[0]!, max) || null : null;
const all = (values: string[] | undefined) =>
  (values ?? [])
    .slice(0, LIMITS.list)
    .map((v) => clip(v, LIMITS.short))
    .filter(Boolean);

/** Each vocabulary's terms by code and by folded label, worked out once: a harvest asks for every value. */
const lookups = new WeakMap<readonly Term[], { byCode: Map<string, Term>; byLabel: Map<string, Term> }>();

function lookupOf(terms: readonly Term[]) {
  let lookup = lookups.get(terms);
  if (!lookup) {
    const byLabel = new Map<string, Term>();
    // The first term with a label wins, as a search through the list in order would find it.
    for (const t of [...terms].reverse()) for (const label of [t.en, t.vi]) byLabel.set(fold(label), t);
    lookup = { byCode: new Map(terms.map((t) => [t.code, t])), byLabel };
    lookups.set(terms, lookup);
  }
  return lookup;
}

function termOf(terms: readonly Term[], value: string): Term | undefined {
  const { byCode, byLabel } = lookupOf(terms);
  return byCode.get(value.trim()) ?? byLabel.get(fold(value).trim());
}

/** DCMI types (and LOM's) for which one of our types fits. */
const typeFromDcmi: Record<string, string> = {
  movingimage: 'video',
  sound: 'am-thanh',
  stillimage: 'hinh-anh',
  image: 'hinh-anh',
  software: 'mo-phong',
  simulation: 'mo-phong',
  lecture: 'bai-giang',
  exam: 'de-kiem-tra',
};

const iso639: Record<string, string> = {
  vie: 'vi',
  eng: 'en',
  fra: 'fr',
  fre: 'fr',
  zho: 'zh',
  chi: 'zh',
  jpn: 'ja',
  kor: 'ko',
  khm: 'km',
};

function languageOf(values: string[] | undefined): string {
  for (const v of values ?? []) {
    const code = v.trim().toLowerCase().split(/[-_]/)[0]!;
    const found =
      languages.find((l) => l.code === code) ??
      (iso639[code] ? languages.find((l) => l.code === iso639[code]) : undefined) ??
      termOf(languages, v);
    if (found) return found.code;
  }
  return 'vi';
}

const gradeOf = (value: string): number | null => {
  const m = /^(?:lop|grade|khoi)\s*(\d{1,2})$/.exec(fold(value).trim());
  const n = m ? Number(m[1]) : NaN;
  return n >= 1 && n <= 12 ? n : null;
};

export interface MappedRecord {
  metadata: ResourceMetadata;
  /** The record's page at its source, when it gives one. */
  url: string | null;
}

/** The subject, level and grades the subject terms name; the rest (and terms naming others) kept as keywords. */
function classifySubjects(values: string[]) {
  const keywords: string[] = [];
  let subject: string | null = null;
  let level: string | null = null;
  const grades = new Set<number>();
  // Codes first (LOM classifications give them): they say more than a label among the keywords.
  const isCode = (v: string) => subjects.some((t) => t.code === v) || levels.some((t) => t.code === v);
  for (const value of [...values.filter(isCode), ...values.filter((v) => !isCode(v))]) {
    const s = termOf(subjects, value);
    const l = termOf(levels, value);
    const g = gradeOf(value);
    if (s) subject ??= s.code;
    else if (l) level ??= l.code;
    else if (g !== null) grades.add(g);
    // A term that names another subject or level than the one chosen stays as a keyword.
    const used = (s && s.code === subject) || (l && l.code === level) || g !== null;
    if (!used && !keywords.includes(value)) keywords.push(value);
  }
  return { subject, level, grades: [...grades].sort((a, b) => a - b), keywords };
}

export function mapDublinCore(fields: Record<string, string[]>, identifier: string): MappedRecord {
  const { subject, level, grades, keywords } = classifySubjects(all(fields.subject));
  let type: string | null = null;
  for (const value of all(fields.type)) {
    const found = termOf(resourceTypes, value)?.code ?? typeFromDcmi[fold(value).replace(/\s+/g, '')];
    if (found && !type) type = found;
    else if (!found && !keywords.includes(value)) keywords.push(value);
  }
  const audience = [
    ...new Set(
      all(fields.audience).map((a) =>
        /^(learner|student)$/i.test(a)
          ? 'student'
          : (termOf(audiences, a)?.code ?? (/^teacher$/i.test(a) ? 'teacher' : null)),
      ),
    ),
  ].filter((a): a is Audience => a === 'teacher' || a === 'student');
  const identifiers = all(fields.identifier);
  const isbn = identifiers.find((i) => /^urn:isbn:/i.test(i))?.slice(9) ?? null;
  const url = identifiers.find((i) => /^https?:\/\//i.test(i)) ?? null;
  const licence = all(fields.rights)
    .map((r) => licences.find((l) => r.includes(l.uri.replace(/^https?:/, '')) || l.code === r.trim().toLowerCase()))
    .find((l) => l !== undefined);
  const date = realDatePrefix(first(fields.date) ?? '');
  return {
    metadata: {
      title: first(fields.title) ?? identifier,
      creators: all(fields.creator),
      contributors: all(fields.contributor),
      publisher: first(fields.publisher),
      description: fields.description?.length ? clip(fields.description.join('\n\n'), LIMITS.long, true) || null : null,
      date,
      language: languageOf(fields.language),
      source: first(fields.source),
      relation: first(fields.relation),
      coverage: first(fields.coverage),
      level,
      grades,
      subject,
      series: null,
      lesson: null,
      type: type ?? 'khac',
      audience,
      // Nothing said about rights: the safe reading is that they are reserved.
      licence: licence?.code ?? 'all-rights-reserved',
      isbn,
      keywords,
    },
    url,
  };
}
