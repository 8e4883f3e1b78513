/**
 * What the provider knows of the catalogue, read from the in-memory index only: identifiers, set
 * memberships, the record handed to format plugins, and list sizes (counted once per list and
 * index generation, since a harvest asks for the same size on every page).
 */
import { audiences, levels, licences, resourceTypes, series, subjects, type Term } from '../../config/vocabularies.js';
import type { Config } from '../../config/index.js';
import type { LabelledTerm, MetadataFormat, OaiRecord } from '../domain/metadataFormat.js';
import type { IndexEntry } from '../search/entry.js';
import type { OaiList } from '../search/oaiList.js';
import type { Services } from '../services/index.js';

/** The vocabularies that make sets, with the prefix of their setSpecs. */
export const vocabularySets = [
  { prefix: 'level', terms: levels, code: (e: IndexEntry) => e.metadata.level, vi: 'Cấp học', en: 'Education level' },
  { prefix: 'subject', terms: subjects, code: (e: IndexEntry) => e.metadata.subject, vi: 'Môn học', en: 'Subject' },
  {
    prefix: 'type',
    terms: resourceTypes,
    code: (e: IndexEntry) => e.metadata.type,
    vi: 'Loại tài nguyên',
    en: 'Resource type',
  },
] as const;

const label = (terms: readonly Term[], code: string | null): LabelledTerm | null => {
  const t = code ? terms.find((x) => x.code === code) : undefined;
  return t ? { code: t.code, vi: t.vi, en: t.en } : null;
};

export class OaiRepository {
  private readonly prefix: string;
  private readonly sizes = new Map<string, number>();
  /** The list (a reload replaces it) and its generation the cached sizes were counted on. */
  private sizesOf: { list: OaiList | null; generation: number } = { list: null, generation: -1 };

  constructor(
    private readonly services: Services,
    readonly config: Config,
    readonly formats: readonly MetadataFormat[],
  ) {
    this.prefix = `oai:${config.oai.repositoryId}:`;
  }

  get list(): OaiList {
    return this.services.catalogue.index.oai;
  }

  get tree(): Services['tree'] {
    return this.services.tree;
  }

  get baseUrl(): string {
    return `${this.config.baseUrl}/oai`;
  }

  identifierOf(entry: IndexEntry): string {
    return this.prefix + entry.id;
  }

  /** The listed record an identifier names, exposed or deleted; never a record that was never exposed. */
  find(identifier: string): IndexEntry | undefined {
    if (!identifier.startsWith(this.prefix)) return undefined;
    const entry = this.services.catalogue.index.get(identifier.slice(this.prefix.length));
    return entry && entry.oai.state !== 'none' && entry.oai.datestamp ? entry : undefined;
  }

  format(prefix: string): MetadataFormat | undefined {
    return this.formats.find((f) => f.prefix === prefix);
  }

  /** `org:SO:PHONG:TRUONG` and its ancestors, then `level:…`, `subject:…`, `type:…`. */
  setSpecs(entry: IndexEntry): string[] {
    const path = this.services.tree.codePath(entry.orgId);
    const specs = path.map((_, i) => `org:${path.slice(0, i + 1).join(':')}`);
    for (const v of vocabularySets) {
      const code = v.code(entry);
      if (code) specs.push(`${v.prefix}:${code}`);
    }
    return specs;
  }

  /** Whether the entry is in `set` or in a set below it. */
  inSet(entry: IndexEntry, set: string): boolean {
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

  private size(key: string, count: () => number): number {
    if (this.sizesOf.list !== this.list || this.sizesOf.generation !== this.list.generation) {
      this.sizes.clear();
      this.sizesOf = { list: this.list, generation: this.list.generation };
    }
    let n = this.sizes.get(key);
    if (n === undefined) {
      n = count();
      if (this.sizes.size > 1000) this.sizes.clear();
      this.sizes.set(key, n);
    }
    return n;
  }

  /** Whether a list in `format` (and `set`) includes the entry; `built` receives the record made to ask the format. */
  selects(entry: IndexEntry, format: MetadataFormat, set: string | null, built?: (record: OaiRecord) => void): boolean {
    if (set !== null && !this.inSet(entry, set)) return false;
    if (entry.oai.state === 'deleted') return true;
    const record = this.toRecord(entry);
    built?.(record);
    return format.appliesTo(record);
  }

  /** The size of a list, counted once per index generation. */
  listSize(format: MetadataFormat, set: string | null, from: number | null, until: number | null): number {
    return this.size(`${format.prefix}|${set}|${from}|${until}`, () =>
      this.list.count({
        from: from ?? undefined,
        until: until ?? undefined,
        accept: (e) => this.selects(e, format, set),
      }),
    );
  }

  toRecord(entry: IndexEntry): OaiRecord {
    const m = entry.metadata;
    const org = this.services.tree.get(entry.orgId);
    const licence = m.licence ? licences.find((l) => l.code === m.licence) : undefined;
    return {
      identifier: this.identifierOf(entry),
      url: entry.external?.url ?? `${this.config.baseUrl}/resources/${entry.id}`,
      datestamp: entry.oai.datestamp!,
      metadata: m,
      print: entry.print ?? null,
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
    };
  }
}
