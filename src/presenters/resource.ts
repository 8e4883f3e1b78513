/**
 * What leaves the server about resources, for pages and for the API: codes with their labels in
 * the person's language, links, and which actions the person may take. Nothing else of the stored
 * document (audit details, internal ids of people) leaves unless the person may see it.
 */
import {
  audiences,
  languages,
  levels,
  licences,
  resourceTypes,
  series,
  subjects,
  organisationTypes,
  type Term,
} from '../../config/vocabularies.js';
import type { OrganisationTree } from '../domain/organisation.js';
import type { Resource } from '../domain/resource.js';
import type { Language } from '../i18n/index.js';
import { translator } from '../i18n/index.js';
import type { Actor } from '../policies/actor.js';
import { canOnResource, resourceActions, type ResourceAction } from '../policies/resource.js';
import { cardOf } from '../search/document.js';
import type { FacetCounts, FacetName, Filters } from '../search/facets.js';
import type { SearchCard } from '../search/port.js';
import { presentPrintEdition, type PrintEditionView } from './printEdition.js';

export interface Coded {
  code: string;
  label: string;
}

export function labelOf(vocabulary: readonly Term[], code: string | null | undefined, lang: Language): Coded | null {
  if (!code) return null;
  const term = vocabulary.find((t) => t.code === code);
  return { code, label: term ? term[lang] : code };
}

const vocabularyOfFacet: Partial<Record<FacetName, readonly Term[]>> = {
  level: levels,
  subject: subjects,
  type: resourceTypes,
  series,
  licence: licences,
  audience: audiences,
  language: languages,
};

export interface ResourceSummary {
  id: string;
  url: string;
  title: string;
  description: string | null;
  status: Resource['status'];
  scope: Resource['scope'];
  type: Coded | null;
  level: Coded | null;
  grades: number[];
  subject: Coded | null;
  series: Coded | null;
  organisation: { id: string; name: string };
  fileKinds: string[];
  /** A printed title: libraries may hold copies of it. */
  printed: boolean;
  external: { url: string | null } | null;
  publishedAt: string | null;
  modifiedAt: string;
  views: number;
}

const shorten = (text: string | null, max = 240) =>
  text && text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text;

export function presentSummary(card: SearchCard, tree: OrganisationTree, lang: Language): ResourceSummary {
  return {
    id: card.id,
    url: `/resources/${card.id}`,
    title: card.title,
    description: shorten(card.description),
    status: card.status,
    scope: card.scope,
    type: labelOf(resourceTypes, card.type, lang),
    level: labelOf(levels, card.level, lang),
    grades: [...card.grades],
    subject: labelOf(subjects, card.subject, lang),
    series: labelOf(series, card.series, lang),
    organisation: { id: card.orgId, name: tree.get(card.orgId)?.name ?? '' },
    fileKinds: [...card.fileKinds],
    printed: card.printed,
    external: card.external ? { url: card.externalUrl } : null,
    publishedAt: card.publishedAt?.toISOString() ?? null,
    modifiedAt: card.modifiedAt.toISOString(),
    views: card.views,
  };
}

export interface FileView {
  id: string;
  name: string;
  size: number;
  mediaType: string;
  kind: string;
  duplicateOf: string | null;
  text: string;
  /** Inline view (Range-capable); `?download=1` sends it as an attachment. */
  url: string;
  downloadUrl: string;
}

export interface ResourceDetail extends ResourceSummary {
  version: number;
  metadata: {
    title: string;
    creators: string[];
    contributors: string[];
    publisher: string | null;
    description: string | null;
    date: string | null;
    language: Coded | null;
    source: string | null;
    relation: string | null;
    coverage: string | null;
    level: Coded | null;
    grades: number[];
    subject: Coded | null;
    series: Coded | null;
    lesson: string | null;
    type: Coded | null;
    audience: Coded[];
    licence: (Coded & { uri: string }) | null;
    isbn: string | null;
    keywords: string[];
  };
  organisation: { id: string; name: string; path: { id: string; name: string }[] };
  /** The printed edition of a printed title. */
  print: PrintEditionView | null;
  files: FileView[];
  createdAt: string;
  /** The actions this person may take now. */
  permissions: Record<ResourceAction, boolean>;
  /** Only for those who may see it (owner, librarians, admins). */
  history: { at: string; action: string; actionLabel: string; note: string | null; fields: string[] }[] | null;
  citation: string;
}

export function presentResource(
  resource: Resource,
  actor: Actor,
  tree: OrganisationTree,
  lang: Language,
  baseUrl: string,
): ResourceDetail {
  const m = resource.metadata;
  const t = translator(lang);
  const permissions = Object.fromEntries(
    resourceActions.map((a) => [a, canOnResource(actor, a, resource, tree)]),
  ) as Record<ResourceAction, boolean>;
  const org = tree.get(resource.orgId);
  return {
    ...presentSummary(cardOf(resource, 0), tree, lang),
    version: resource.version,
    metadata: presentMetadata(m, lang),
    organisation: {
      id: resource.orgId,
      name: org?.name ?? '',
      path: [...tree.ancestorIds(resource.orgId), resource.orgId].map((id) => ({ id, name: tree.get(id)?.name ?? '' })),
    },
    print: resource.print ? presentPrintEdition(resource.print, lang) : null,
    files: resource.files.map((f) => ({
      id: f.id,
      name: f.name,
      size: f.size,
      mediaType: f.mediaType,
      kind: f.kind,
      duplicateOf: permissions.edit ? f.duplicateOf : null,
      text: f.text,
      url: `/resources/${resource.id}/files/${f.id}`,
      downloadUrl: `/resources/${resource.id}/files/${f.id}?download=1`,
    })),
    createdAt: resource.createdAt.toISOString(),
    permissions,
    history: permissions.viewHistory
      ? resource.audit.map((a) => ({
          at: a.at.toISOString(),
          action: a.action,
          actionLabel: t(`resources.history.${a.action}`, { defaultValue: a.action }),
          note: a.note,
          fields: a.fields,
        }))
      : null,
    citation: citationOf(resource, org?.name ?? null, `${baseUrl}/resources/${resource.id}`, lang),
  };
}

/** The descriptive fields, vocabulary codes with their labels in the person's language. */
function presentMetadata(m: Resource['metadata'], lang: Language): ResourceDetail['metadata'] {
  const licence = licences.find((l) => l.code === m.licence);
  return {
    title: m.title,
    creators: m.creators,
    contributors: m.contributors,
    publisher: m.publisher,
    description: m.description,
    date: m.date,
    language: labelOf(languages, m.language, lang),
    source: m.source,
    relation: m.relation,
    coverage: m.coverage,
    level: labelOf(levels, m.level, lang),
    grades: m.grades,
    subject: labelOf(subjects, m.subject, lang),
    series: labelOf(series, m.series, lang),
    lesson: m.lesson,
    type: labelOf(resourceTypes, m.type, lang),
    audience: m.audience.map((a) => labelOf(audiences, a, lang)!),
    licence: licence ? { code: licence.code, label: licence[lang], uri: licence.uri } : null,
    isbn: m.isbn,
    keywords: m.keywords,
  };
}

/** A plain citation, in the style Vietnamese schools use: authors (year). Title. Publisher. URL */
function citationOf(resource: Resource, orgName: string | null, url: string, lang: Language): string {
  const m = resource.metadata;
  const authors = m.creators.length ? m.creators.join(', ') : (m.publisher ?? orgName ?? '');
  const year = m.date?.slice(0, 4) ?? resource.createdAt.getUTCFullYear().toString();
  const publisher = m.publisher ?? orgName;
  const accessed = lang === 'vi' ? 'Truy cập tại' : 'Available at';
  return `${authors} (${year}). ${m.title}.${publisher ? ` ${publisher}.` : ''} ${accessed}: ${url}`;
}

export interface FacetView {
  name: FacetName;
  label: string;
  values: { value: string; label: string; count: number; selected: boolean }[];
}

export function presentFacets(
  facets: FacetCounts,
  selected: Filters,
  tree: OrganisationTree,
  lang: Language,
): FacetView[] {
  const t = translator(lang);
  return (Object.keys(facets) as FacetName[]).map((name) => ({
    name,
    label: t(`search.facets.${name}`),
    values: facets[name].map(({ value, count }) => ({
      value,
      count,
      selected: selected[name]?.includes(value) ?? false,
      label: facetValueLabel(name, value, tree, lang),
    })),
  }));
}

function facetValueLabel(name: FacetName, value: string, tree: OrganisationTree, lang: Language): string {
  if (name === 'org' || name === 'holder' || name === 'available') return tree.get(value)?.name ?? value;
  if (name === 'grade') return translator(lang)('search.grade', { grade: value });
  return labelOf(vocabularyOfFacet[name] ?? [], value, lang)?.label ?? value;
}

export interface AppliedFilterView {
  name: FacetName;
  value: string;
  /** The facet and the value, as a person reads them ("Môn học: Ngữ văn"). */
  facetLabel: string;
  label: string;
}

/** The filters a search applies, each shown on its own so that it can be removed, even when nothing matches. */
export function presentAppliedFilters(filters: Filters, tree: OrganisationTree, lang: Language): AppliedFilterView[] {
  const t = translator(lang);
  return (Object.keys(filters) as FacetName[]).flatMap((name) =>
    (filters[name] ?? []).map((value) => ({
      name,
      value,
      facetLabel: t(`search.facets.${name}`),
      label: facetValueLabel(name, value, tree, lang),
    })),
  );
}

export function organisationTypeLabel(code: string, lang: Language): string {
  return labelOf(organisationTypes, code, lang)?.label ?? code;
}
