/**
 * The one place that says what a resource becomes in a search engine: its result card, its facet
 * values, its words by weight class and its title's sort key. Both engines index exactly this, so
 * a new field or filter (a school's holdings, "available at my school") is added here once.
 */
import { audiences, levels, licences, resourceTypes, series, subjects, type Term } from '../../config/vocabularies.js';
import { checkIsbn, normaliseIsbn } from '../domain/isbn.js';
import { callNumberOf, type PrintEdition } from '../domain/printEdition.js';
import type { Resource } from '../domain/resource.js';
import type { SearchCard, SearchDocument, TextField } from './port.js';
import { sortKey } from './text.js';

/** A card's description is cut to this many characters (with an ellipsis). */
export const CARD_DESCRIPTION_LENGTH = 240;

const shorten = (text: string | null, max = CARD_DESCRIPTION_LENGTH) =>
  text && text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text;

function labelsOf(vocabulary: readonly Term[], code: string | null): string[] {
  const term = code ? vocabulary.find((t) => t.code === code) : undefined;
  return term ? [term.vi, term.en] : [];
}

export function cardOf(resource: Resource, views: number): SearchCard {
  const m = resource.metadata;
  return {
    id: resource.id,
    orgId: resource.orgId,
    ownerId: resource.ownerId,
    status: resource.status,
    scope: resource.scope,
    version: resource.version,
    title: m.title,
    description: shorten(m.description),
    type: m.type,
    level: m.level,
    grades: m.grades,
    subject: m.subject,
    series: m.series,
    fileKinds: [...new Set(resource.files.map((f) => f.kind))],
    externalUrl: resource.external?.url ?? null,
    external: resource.external !== null,
    printed: resource.print !== null,
    publishedAt: resource.publishedAt,
    createdAt: resource.createdAt,
    modifiedAt: resource.modifiedAt,
    views,
  };
}

function textOf(resource: Resource, fullText: string): Record<TextField, string> {
  const m = resource.metadata;
  const tags = [
    ...labelsOf(subjects, m.subject),
    ...labelsOf(levels, m.level),
    ...labelsOf(series, m.series),
    ...labelsOf(resourceTypes, m.type),
    ...m.audience.flatMap((a) => labelsOf(audiences, a)),
    ...labelsOf(licences, m.licence),
    m.grades.length ? `lớp ${m.grades.join(' ')} grade` : '',
    m.lesson ?? '',
    m.isbn?.replace(/[-\s]/g, '') ?? '',
    ...m.keywords,
    ...(resource.print ? printTags(resource.print) : []),
  ];
  return {
    title: m.title,
    tag: tags.filter(Boolean).join('\n'),
    creator: [...m.creators, ...m.contributors, m.publisher ?? ''].filter(Boolean).join('\n'),
    description: m.description ?? '',
    fullText,
  };
}

/**
 * A printed title is found by any of its ISBNs (as printed, and a valid ISBN-10 by its ISBN-13 as
 * well: queries join a typed ISBN's hyphens, src/search/queryWords.ts), its subject headings and
 * its call number.
 */
function printTags(print: PrintEdition): string[] {
  const isbns = print.isbns.flatMap(({ value }) => {
    const check = checkIsbn(value);
    return check.ok && check.isbn13 !== check.value ? [check.value, check.isbn13] : [normaliseIsbn(value)];
  });
  return [...isbns, ...print.subjectHeadings, callNumberOf(print) ?? ''];
}

/** Where copies of a printed title are: the schools holding any, and those with one on the shelf now. */
export interface TitlePlaces {
  holders: readonly string[];
  availableAt: readonly string[];
}
export const NO_PLACES: TitlePlaces = { holders: [], availableAt: [] };

/** The document of a resource, or null when search must not hold it (a deleted resource). */
export function searchDocumentOf(
  resource: Resource,
  fullText = '',
  views = 0,
  places: TitlePlaces = NO_PLACES,
): SearchDocument | null {
  if (resource.status === 'deleted') return null;
  const m = resource.metadata;
  const one = (v: string | null) => (v ? [v] : []);
  return {
    card: cardOf(resource, views),
    facets: {
      level: one(m.level),
      grade: m.grades.map(String),
      subject: one(m.subject),
      type: one(m.type),
      series: one(m.series),
      org: [resource.orgId],
      licence: one(m.licence),
      audience: m.audience,
      language: one(m.language),
      holder: places.holders,
      available: places.availableAt,
    },
    text: textOf(resource, fullText),
    titleKey: sortKey(m.title),
  };
}

/** When a card sorts under "newest": published, or else created. */
export const newestOf = (card: Pick<SearchCard, 'publishedAt' | 'createdAt'>): number =>
  (card.publishedAt ?? card.createdAt).getTime();
