/**
 * The interface of a metadata format plugin (plugins/formats/): how one record of the catalogue is
 * written in one OAI-PMH metadata format. The provider hands the plugin a plain record whose
 * vocabulary codes are already resolved to labels; the plugin returns its metadata element as XML
 * text, which the provider puts inside the record's `<metadata>` element as it is.
 *
 * Writing a format (see plugins/formats/oaiDc.ts for the shortest one):
 * - Return one element: the format's root, with the namespace declarations it uses
 *   (`<oai_dc:dc xmlns:oai_dc="…" xmlns:dc="…" xsi:schemaLocation="…">…</oai_dc:dc>`). Do not rely
 *   on a default namespace from outside: the enclosing elements are in OAI-PMH's. The prefix `xsi`
 *   (http://www.w3.org/2001/XMLSchema-instance) is declared by the envelope and may be used as is.
 * - Every value taken from the record goes through `textElement` or `xmlText` (content) and the
 *   attributes argument or `xmlAttribute` (attribute values) of src/domain/xml.ts: they escape it,
 *   drop characters XML 1.0 cannot carry, and compose it to NFC. Never put a record's value into
 *   the markup unescaped; names and fixed markup are the plugin's own constants.
 * - Build strings; no XML tree per record: a harvest writes hundreds of thousands of them.
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
  /** The schools holding copies of a printed title (withdrawn copies left out); empty for digital-only resources. */
  holdings: OaiHolding[];
}

/** One school's copies of a printed title, as the holdings read model counts them. */
export interface OaiHolding {
  code: string;
  name: string;
  /** Copies in the collection: on the shelf, lent, held, in transit, lost or damaged; not withdrawn. */
  copies: number;
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
  /**
   * True when `appliesTo` leaves some records out: lists then give no completeListSize, which
   * counts the records of the period and set and would overstate such a list.
   */
  partial?: boolean;
  /** The record's metadata: the format's root element and everything in it, as XML text (see above). */
  render(record: OaiRecord): string;
}
