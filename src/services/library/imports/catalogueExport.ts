/**
 * A school's catalogue as a file: every printed title it holds copies of, with those copies
 * (withdrawn ones left out), in a record format. Streamed title by title, so a catalogue of any
 * size costs the memory of one title's copies.
 */
import type { CatalogueRecord, HoldingLine, RecordFormat } from '../../../domain/catalogueRecord.js';
import type { Copy } from '../../../domain/copy.js';
import { forbidden, notFound } from '../../../domain/errors.js';
import type { Resource } from '../../../domain/resource.js';
import { copiesOfSchoolByTitle } from '../../../models/catalogueMatches.js';
import type { Actor } from '../../../policies/actor.js';
import { canOnLibrary } from '../../../policies/library.js';
import { recordFormat } from '../../../registry/recordFormats.js';
import type { ImportDeps } from './deps.js';

export interface CatalogueFile {
  fileName: string;
  mediaType: string;
  chunks: AsyncIterable<Buffer | string>;
}

export function exportCatalogue(deps: ImportDeps, actor: Actor, orgId: string, formatId: string): CatalogueFile {
  const school = deps.tree.get(orgId);
  if (!school) throw notFound();
  if (!canOnLibrary(actor, 'catalogue', orgId, deps.tree)) throw forbidden();
  const format = recordFormat(formatId);
  if (!format) throw notFound();
  const extension = format.extensions[0];
  return {
    fileName: `${school.code || 'catalogue'}-${new Date().toISOString().slice(0, 10)}.${extension}`,
    mediaType: format.mediaType,
    chunks: records(deps, format, orgId, school.code),
  };
}

async function* records(deps: ImportDeps, format: RecordFormat, orgId: string, code: string) {
  yield format.header();
  for await (const copies of copiesOfSchoolByTitle(orgId)) {
    const kept = copies.filter((c) => c.status !== 'withdrawn');
    const title = kept.length ? await deps.resources.find(kept[0]!.resourceId) : null;
    if (!title?.print || title.status === 'deleted') continue;
    yield format.write(catalogueRecordOf(title, kept), { recordId: title.id, libraryCode: code });
  }
  yield format.footer();
}

export function catalogueRecordOf(title: Resource, copies: readonly Copy[]): CatalogueRecord {
  const m = title.metadata;
  return {
    metadata: {
      title: m.title,
      creators: m.creators,
      contributors: m.contributors,
      publisher: m.publisher,
      date: m.date,
      language: m.language,
      description: m.description,
      keywords: m.keywords,
    },
    print: title.print!,
    holdings: copies.map(holdingOf),
  };
}

function holdingOf(copy: Copy): HoldingLine {
  return {
    accessionNumber: copy.accessionNumber,
    barcode: copy.barcode === copy.accessionNumber ? null : copy.barcode,
    location: copy.location,
    collection: copy.collectionCode,
    acquiredOn: copy.acquisition.date,
    price: copy.acquisition.price,
    supplier: copy.acquisition.supplier,
    volume: copy.volume,
    note: copy.note,
  };
}
