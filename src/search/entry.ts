/**
 * What the catalogue index keeps of a resource: enough to filter, rank, count facets, show a
 * result and answer OAI-PMH without reading the database.
 */
import { audiences, levels, licences, resourceTypes, series, subjects, type Term } from '../../config/vocabularies.js';
import type {
  ExternalOrigin,
  FileKind,
  OaiState,
  Resource,
  ResourceMetadata,
  ResourceStatus,
  SharingScope,
} from '../domain/resource.js';
import { exactWords, fold, tokenize, tokenizeRecurring } from './text.js';

export interface IndexedFile {
  id: string;
  name: string;
  kind: FileKind;
  mediaType: string;
  size: number;
}

export interface IndexEntry {
  ordinal: number;
  id: string;
  orgId: string;
  ownerId: string;
  status: ResourceStatus;
  scope: SharingScope;
  external: ExternalOrigin | null;
  metadata: ResourceMetadata;
  /** A printed title's edition (ISBNs, call number…), null for digital-only resources. */
  print: Resource['print'];
  files: IndexedFile[];
  version: number;
  createdAt: Date;
  modifiedAt: Date;
  publishedAt: Date | null;
  oai: OaiState;
  views: number;
  titleFolded: string;
  titleWords: ReadonlySet<string>;
  /** How many postings this entry added to the inverted index. */
  postingCount: number;
}

/** Field weights (0–7): a match in the title counts most, full text least. */
export const Weight = { fullText: 1, description: 3, creator: 4, subject: 5, keyword: 5, title: 7 } as const;

function labelsOf(vocabulary: readonly Term[], code: string | null): string[] {
  const term = code ? vocabulary.find((t) => t.code === code) : undefined;
  return term ? [term.vi, term.en] : [];
}

/** Every token of the resource with the weight of the best field it appears in. */
export function weightedTokens(resource: Pick<Resource, 'metadata' | 'print'>, fullText: string): Map<string, number> {
  const tokens = new Map<string, number>();
  const addTokens = (words: readonly string[], weight: number) => {
    for (const token of words) {
      if ((tokens.get(token) ?? -1) < weight) tokens.set(token, weight);
    }
  };
  const add = (text: string | null | undefined, weight: number) => {
    if (text) addTokens(tokenize(text), weight);
  };
  const m = resource.metadata;
  add(fullText, Weight.fullText);
  add(m.description, Weight.description);
  add(m.publisher, Weight.creator);
  for (const c of [...m.creators, ...m.contributors]) add(c, Weight.creator);
  for (const label of [
    ...labelsOf(subjects, m.subject),
    ...labelsOf(levels, m.level),
    ...labelsOf(series, m.series),
    ...labelsOf(resourceTypes, m.type),
    ...m.audience.flatMap((a) => labelsOf(audiences, a)),
    ...labelsOf(licences, m.licence),
  ]) {
    addTokens(tokenizeRecurring(label), Weight.subject);
  }
  if (m.grades.length) addTokens(tokenizeRecurring(`lớp ${m.grades.join(' ')} grade`), Weight.subject);
  add(m.lesson, Weight.keyword);
  add(m.isbn?.replace(/[-\s]/g, ''), Weight.keyword);
  for (const k of m.keywords) add(k, Weight.keyword);
  for (const i of resource.print?.isbns ?? []) add(i.value, Weight.keyword);
  for (const h of resource.print?.subjectHeadings ?? []) add(h, Weight.subject);
  add(m.title, Weight.title);
  return tokens;
}

export function buildEntry(resource: Resource, ordinal: number, views: number, postingCount: number): IndexEntry {
  return {
    ordinal,
    id: resource.id,
    orgId: resource.orgId,
    ownerId: resource.ownerId,
    status: resource.status,
    scope: resource.scope,
    external: resource.external,
    metadata: resource.metadata,
    print: resource.print,
    files: resource.files.map((f) => ({ id: f.id, name: f.name, kind: f.kind, mediaType: f.mediaType, size: f.size })),
    version: resource.version,
    createdAt: resource.createdAt,
    modifiedAt: resource.modifiedAt,
    publishedAt: resource.publishedAt,
    oai: resource.oai,
    views,
    titleFolded: fold(resource.metadata.title),
    titleWords: new Set(exactWords(resource.metadata.title)),
    postingCount,
  };
}
