import type { PrintEdition } from './printEdition.js';

export type ResourceStatus = 'draft' | 'submitted' | 'published' | 'withdrawn' | 'deleted';
/** Who may see a published resource: its school, its parent organisation's whole subtree, or everyone. */
export type SharingScope = 'school' | 'subtree' | 'public';
export const sharingScopes: readonly SharingScope[] = ['school', 'subtree', 'public'];
export type Audience = 'teacher' | 'student';

/** Dublin Core's fifteen elements, plus the education fields of Vietnamese schools. */
export interface ResourceMetadata {
  title: string;
  creators: string[];
  contributors: string[];
  publisher: string | null;
  description: string | null;
  /** ISO 8601 date or year: `2024`, `2024-09`, `2024-09-05`. */
  date: string | null;
  language: string;
  source: string | null;
  relation: string | null;
  coverage: string | null;
  /** Codes from config/vocabularies.ts. */
  level: string | null;
  grades: number[];
  subject: string | null;
  series: string | null;
  lesson: string | null;
  type: string;
  audience: Audience[];
  licence: string;
  isbn: string | null;
  keywords: string[];
}

/**
 * Metadata with nothing filled in (Vietnamese, for teachers and students), and `overrides`: where forms and demo data
 * start.
 */
export function blankMetadata(overrides: Partial<ResourceMetadata> = {}): ResourceMetadata {
  return {
    title: '',
    creators: [],
    contributors: [],
    publisher: null,
    description: null,
    date: null,
    language: 'vi',
    source: null,
    relation: null,
    coverage: null,
    level: null,
    grades: [],
    subject: null,
    series: null,
    lesson: null,
    type: '',
    audience: ['teacher', 'student'],
    licence: 'cc-by-sa',
    isbn: null,
    keywords: [],
    ...overrides,
  };
}

export type FileKind = 'pdf' | 'video' | 'audio' | 'image' | 'simulation' | 'document' | 'other';
export type TextState = 'pending' | 'done' | 'failed' | 'none';

export interface ResourceFile {
  id: string;
  name: string;
  size: number;
  mediaType: string;
  kind: FileKind;
  sha256: string;
  /** Another resource of the same organisation already holds the same bytes. */
  duplicateOf: string | null;
  text: TextState;
  uploadedAt: Date;
}

/** A record harvested from another repository: metadata and a link, no files. */
export interface ExternalOrigin {
  sourceId: string;
  identifier: string;
  url: string | null;
  /** Whether our own OAI-PMH provider may expose it again. */
  reexpose: boolean;
}

/**
 * What OAI-PMH harvesters see of the resource. `exposed`: in the provider; `deleted`: it was
 * exposed and is no longer (a tombstone, kept for ever); `none`: never exposed.
 */
export interface OaiState {
  state: 'none' | 'exposed' | 'deleted';
  datestamp: Date | null;
}

export interface AuditEntry {
  at: Date;
  actorId: string | null;
  action: string;
  note: string | null;
  fields: string[];
}

export interface Resource {
  id: string;
  orgId: string;
  ownerId: string;
  status: ResourceStatus;
  scope: SharingScope;
  metadata: ResourceMetadata;
  /** The printed edition, for a printed title (libraries hold copies of it); null for a digital-only resource. */
  print: PrintEdition | null;
  files: ResourceFile[];
  external: ExternalOrigin | null;
  /** Incremented by every change; an edit based on an older version is refused (409). */
  version: number;
  createdAt: Date;
  modifiedAt: Date;
  publishedAt: Date | null;
  oai: OaiState;
  audit: AuditEntry[];
}

/** OAI-PMH exposure follows from status, scope and origin alone. */
export function isHarvestable(r: Pick<Resource, 'status' | 'scope' | 'external'>): boolean {
  return r.status === 'published' && r.scope === 'public' && (r.external === null || r.external.reexpose);
}

/**
 * The OAI-PMH state after a change. A new datestamp whenever what a harvester sees changes: the
 * record appears, changes while exposed, or turns into a tombstone.
 */
export function nextOaiState(
  before: OaiState,
  after: Pick<Resource, 'status' | 'scope' | 'external'>,
  now: Date,
  recordChanged: boolean,
): OaiState {
  const harvestable = isHarvestable(after);
  if (harvestable) {
    return before.state === 'exposed' && !recordChanged ? before : { state: 'exposed', datestamp: now };
  }
  if (before.state === 'exposed') return { state: 'deleted', datestamp: now };
  return before;
}
