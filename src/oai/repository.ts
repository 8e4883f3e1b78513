/**
 * What the provider knows of the catalogue: identifiers, set memberships, the record handed to
 * format plugins, and list sizes (counted once per list and source generation, since a harvest
 * asks for the same size on every page). Records come from an OaiSource (src/services/oaiSource.ts): the
 * embedded default's list in memory, or the database when a search engine is configured.
 */
import { audiences, levels, licences, resourceTypes, series, subjects, type Term } from '../../config/vocabularies.js';
import type { Config } from '../../config/index.js';
import type { LabelledTerm, MetadataFormat, OaiHolding, OaiRecord } from '../domain/metadataFormat.js';
import type { Services } from '../services/index.js';
import type { OaiHeader, OaiItem } from '../domain/oaiRecord.js';
import { DatabaseOaiSource, MemoryOaiSource, type OaiSelection, type OaiSource } from '../services/oaiSource.js';

/** The vocabularies that make sets, with the prefix of their setSpecs. */
export const vocabularySets = [
  { prefix: 'level', terms: levels, code: (e: OaiHeader) => e.level, vi: 'Cấp học', en: 'Education level' },
  { prefix: 'subject', terms: subjects, code: (e: OaiHeader) => e.subject, vi: 'Môn học', en: 'Subject' },
  { prefix: 'type', terms: resourceTypes, code: (e: OaiHeader) => e.type, vi: 'Loại tài nguyên', en: 'Resource type' },
] as const;

const label = (terms: readonly Term[], code: string | null): LabelledTerm | null => {
  const t = code ? terms.find((x) => x.code === code) : undefined;
  return t ? { code: t.code, vi: t.vi, en: t.en } : null;
};

export class OaiRepository {
  readonly source: OaiSource;
  private readonly prefix: string;

  constructor(
    private readonly services: Services,
    readonly config: Config,
    readonly formats: readonly MetadataFormat[],
  ) {
    this.prefix = `oai:${config.oai.repositoryId}:`;
    this.source = services.oaiList ? new MemoryOaiSource(services.oaiList) : new DatabaseOaiSource();
  }

  get tree(): Services['tree'] {
    return this.services.tree;
  }

  get baseUrl(): string {
    return `${this.config.baseUrl}/oai`;
  }

  identifierOf(entry: OaiHeader): string {
    return this.prefix + entry.id;
  }

  /** The listed record an identifier names, exposed or deleted; never a record that was never exposed. */
  find(identifier: string): Promise<OaiItem | undefined> {
    if (!identifier.startsWith(this.prefix)) return Promise.resolve(undefined);
    return this.source.find(identifier.slice(this.prefix.length));
  }

  format(prefix: string): MetadataFormat | undefined {
    return this.formats.find((f) => f.prefix === prefix);
  }

  /** `org:SO:PHONG:TRUONG` and its ancestors, then `level:…`, `subject:…`, `type:…`. */
  setSpecs(entry: OaiHeader): string[] {
    const path = this.services.tree.codePath(entry.orgId);
    const specs = path.map((_, i) => `org:${path.slice(0, i + 1).join(':')}`);
    for (const v of vocabularySets) {
      const code = v.code(entry);
      if (code) specs.push(`${v.prefix}:${code}`);
    }
    return specs;
  }

  /** Whether the entry is in `set` or in a set below it. */
  inSet(entry: OaiHeader, set: string): boolean {
    if (set === 'org') return true;
    if (set.startsWith('org:')) {
      const path = `org:${this.services.tree.codePath(entry.orgId).join(':')}`;
      return path === set || path.startsWith(`${set}:`);
    }
    const [prefix, code, ...deeper] = set.split(':');
    const v = vocabularySets.find((s) => s.prefix === prefix);
    if (!v || deeper.length) return false;
    return code === undefined ? v.code(entry) !== null : v.code(entry) === code;
  }

  /** The period and set of a list, for either source. */
  selection(set: string | null, from: number | null, until: number | null): OaiSelection {
    const period = { from: from === null ? null : new Date(from), until: until === null ? null : new Date(until) };
    const inSet = (h: OaiHeader) => set === null || this.inSet(h, set);
    if (set === null || set === 'org') return { filter: { ...period, orgIds: null, vocabulary: null }, inSet };
    if (set.startsWith('org:')) {
      const orgIds = this.services.tree
        .all()
        .filter((o) => this.inSet({ orgId: o.id } as OaiHeader, set))
        .map((o) => o.id);
      return { filter: { ...period, orgIds, vocabulary: null }, inSet };
    }
    const [prefix, code, ...deeper] = set.split(':');
    const v = vocabularySets.find((s) => s.prefix === prefix);
    // A set we do not have: nothing is in it (an empty list of organisations selects nothing).
    if (!v || deeper.length) return { filter: { ...period, orgIds: [], vocabulary: null }, inSet };
    return { filter: { ...period, orgIds: null, vocabulary: { field: v.prefix, code: code ?? null } }, inSet };
  }

  /** Whether a list in `format` includes the record; a deleted record keeps what it was, so the formats it was in. */
  selects(item: OaiItem, format: MetadataFormat): boolean {
    return format.appliesTo(this.toRecord(item));
  }

  toRecord(entry: OaiItem): OaiRecord {
    const m = entry.metadata;
    const org = this.services.tree.get(entry.orgId);
    const licence = m.licence ? licences.find((l) => l.code === m.licence) : undefined;
    return {
      identifier: this.identifierOf(entry),
      url: entry.external?.url ?? `${this.config.baseUrl}/resources/${entry.id}`,
      datestamp: entry.oai.datestamp,
      metadata: m,
      print: entry.print,
      organisation: { code: org?.code ?? '', name: org?.name ?? '' },
      labels: {
        level: label(levels, m.level),
        subject: label(subjects, m.subject),
        series: label(series, m.series),
        type: label(resourceTypes, m.type),
        audience: m.audience.map((a) => label(audiences, a)).filter((t): t is LabelledTerm => t !== null),
        licence: licence ? { code: licence.code, vi: licence.vi, en: licence.en, uri: licence.uri } : null,
      },
      mediaTypes: [...new Set(entry.files.map((f) => f.mediaType))],
      holdings: entry.print ? this.holdingsOf(entry.id) : [],
    };
  }

  /** From the holdings read model in memory: no query per record, so a list page stays as fast. */
  private holdingsOf(titleId: string): OaiHolding[] {
    const held: OaiHolding[] = [];
    for (const school of this.services.holdings.summary(titleId)) {
      const org = this.services.tree.get(school.orgId);
      if (org && school.total > 0) held.push({ code: org.code, name: org.name, copies: school.total });
    }
    return held.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  }
}
