/**
 * The interface of a metadata format plugin (plugins/formats/): how one record of the catalogue is
 * written in one OAI-PMH metadata format. The provider hands the plugin a plain record whose
 * vocabulary codes are already resolved to labels, and the XML element to write into.
 */
import type { PrintEdition } from './printEdition.js';
import type { ResourceMetadata } from './resource.js';

/** A vocabulary term with its labels (config/vocabularies.ts). */
export interface LabelledTerm {
  code: string;
  vi: string;
  en: string;
}

/** What a format may show of a resource: its metadata, its labels, where it lives. */
export interface OaiRecord {
  /** `oai:{repositoryIdentifier}:{resourceId}`. */
  identifier: string;
  /** The resource's page in the library (or, for a harvested record, the original). */
  url: string;
  datestamp: Date;
  metadata: ResourceMetadata;
  /** The printed edition of a printed title (ISBNs, class number, call number…); null for digital-only resources. */
  print: PrintEdition | null;
  organisation: { code: string; name: string };
  labels: {
    level: LabelledTerm | null;
    subject: LabelledTerm | null;
    series: LabelledTerm | null;
    type: LabelledTerm | null;
    audience: LabelledTerm[];
    licence: (LabelledTerm & { uri: string }) | null;
  };
  /** Media types of the resource's files, without repeats. */
  mediaTypes: string[];
}

/** The part of an XML builder (xmlbuilder2's) a format writes with. */
export interface XmlNode {
  ele(namespace: string | null, name: string, attributes?: Record<string, string>): XmlNode;
  txt(content: string): XmlNode;
  up(): XmlNode;
}

export interface MetadataFormat {
  /** The metadataPrefix, e.g. `oai_dc`. */
  prefix: string;
  /** URL of the XML schema the metadata validates against. */
  schema: string;
  /** Namespace of the metadata's root element. */
  namespace: string;
  /** Whether the record can be written in this format (marcxml: printed books only). */
  appliesTo(record: OaiRecord): boolean;
  /** Writes the record's root element (and everything in it) into `parent`. */
  render(record: OaiRecord, parent: XmlNode): void;
}
