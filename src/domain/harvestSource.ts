/**
 * The interface of a harvest source plugin (plugins/sources/): it speaks one protocol to another
 * repository and yields its records page by page. Transport policy (retries, back-off, the byte
 * cap) belongs to the harvester, which hands the plugin a `get` function.
 */

/** One record as the source sent it: its metadata as element name → values (Dublin Core names). */
export interface HarvestedRecord {
  identifier: string;
  /** As the source wrote it (day or seconds granularity). */
  datestamp: string;
  deleted: boolean;
  /** e.g. { title: ['…'], creator: ['…', '…'], subject: [...] }; empty for a deleted record. */
  fields: Record<string, string[]>;
}

export interface HarvestPage {
  /** The URL this page came from, for the harvest log. */
  url: string;
  records: HarvestedRecord[];
  /** Where to continue after this page; null on the last page. */
  resumptionToken: string | null;
  /** The source's clock at this answer (OAI-PMH responseDate), the next harvest's starting point. */
  responseDate: string | null;
}

export interface HarvestRequest {
  baseUrl: string;
  metadataPrefix: string;
  set: string | null;
  /** Only records changed since then (UTC, seconds granularity); null for everything. */
  from: Date | null;
  /** Continue an interrupted harvest from here instead of starting over. */
  resumptionToken: string | null;
  /** The body of a GET, as text chunks; throws on network errors and oversized answers. */
  get(url: string): Promise<AsyncIterable<string>>;
}

/** A source answered something we cannot use (malformed XML, a protocol error, a loop). */
export class HarvestSourceError extends Error {
  constructor(
    message: string,
    readonly url: string,
  ) {
    super(message);
    this.name = 'HarvestSourceError';
  }
}

export interface SourcePlugin {
  /** e.g. `oai-pmh`. */
  kind: string;
  /** The metadata prefixes whose records the plugin can turn into fields. */
  prefixes: readonly string[];
  pages(request: HarvestRequest): AsyncIterable<HarvestPage>;
}
