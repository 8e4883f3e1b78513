/** A record as OAI-PMH lists see it, before and after its metadata is read. */
import type { OaiState, Resource } from './resource.js';

/** What a list needs of a record without reading it: its place in the list and its sets. */
export interface OaiHeader {
  id: string;
  orgId: string;
  oai: OaiState & { datestamp: Date };
  level: string | null;
  subject: string | null;
  type: string;
}

export type OaiItem = OaiHeader & Pick<Resource, 'metadata' | 'print' | 'external' | 'files'>;

export interface OaiPosition {
  datestamp: number;
  id: string;
}
