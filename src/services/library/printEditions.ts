/**
 * Turns the print description a cataloguer sends into what is stored: every ISBN checked (a wrong
 * check digit is refused unless marked as printed on the book), the class number checked against
 * its scheme, and the author mark computed by the school's rule when none is given.
 */
import { authorMark, type AuthorMarkRule } from '../../domain/authorMark.js';
import { isWellFormed } from '../../domain/classification.js';
import { invalid, type FieldIssue } from '../../domain/errors.js';
import { checkIsbn } from '../../domain/isbn.js';
import type { IsbnEntry, PrintEdition } from '../../domain/printEdition.js';
import type { ResourceMetadata } from '../../domain/resource.js';
import { classificationSchemes } from '../../registry/classification.js';
import type { HoldingsReadModel } from './holdings.js';
import type { LibrarySettingsService } from './settings.js';

/** As sent: an empty author mark means "compute it". */
export type PrintInput = PrintEdition;

export class PrintEditions {
  constructor(
    private readonly settings: LibrarySettingsService,
    private readonly holdings: HoldingsReadModel,
  ) {}

  /** `rule`: the school's author-mark rule, when the caller read it once for many titles (authorMarkRule). */
  async prepare(
    orgId: string,
    metadata: Pick<ResourceMetadata, 'creators' | 'title'>,
    input: PrintInput,
    rule?: AuthorMarkRule,
  ): Promise<PrintEdition> {
    const issues: FieldIssue[] = [];
    const isbns = checkedIsbns(input.isbns, issues);
    if (input.classification) {
      const scheme = classificationSchemes.get(input.classification.scheme);
      if (!scheme) issues.push({ field: 'print.classification.scheme', messageKey: 'library.settings.unknownScheme' });
      else if (!isWellFormed(scheme, input.classification.number))
        issues.push({
          field: 'print.classification.number',
          messageKey: 'library.classNumberFormat',
          params: { scheme: scheme.code.toUpperCase() },
        });
    }
    if (issues.length) throw invalid(issues);
    return {
      ...input,
      isbns,
      authorMark:
        input.authorMark || authorMark(rule ?? (await this.authorMarkRule(orgId)), metadata.creators, metadata.title),
    };
  }

  async authorMarkRule(orgId: string): Promise<AuthorMarkRule> {
    return (await this.settings.settingsOf(orgId)).authorMark;
  }

  /** A printed title whose copies exist (even withdrawn ones) cannot stop being printed. */
  hasCopies(resourceId: string): boolean {
    return this.holdings.hasCopies(resourceId);
  }
}

function checkedIsbns(entries: readonly IsbnEntry[], issues: FieldIssue[]): IsbnEntry[] {
  const kept = new Map<string, IsbnEntry>();
  entries.forEach((entry, i) => {
    const check = checkIsbn(entry.value);
    const field = `print.isbns.${i}.value`;
    if (!check.ok && check.reason === 'format')
      issues.push({ field, messageKey: 'library.isbnFormat', params: { value: entry.value } });
    else if (!check.ok && !entry.invalid)
      issues.push({
        field,
        messageKey: 'library.isbnCheckDigit',
        params: { value: entry.value, expected: check.expected },
      });
    else if (!kept.has(check.value)) kept.set(check.value, { ...entry, value: check.value });
  });
  return [...kept.values()];
}
