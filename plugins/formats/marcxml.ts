/**
 * marcxml: MARC21 slim records of printed titles, with the schools that hold them. The bibliographic
 * fields are the ones the MARC export writes (src/domain/marc21/fromRecord.ts `marcOf`, mapping in
 * docs/marc.md); holdings are summed per school, one 852 each ($a school name, $b school code,
 * $t number of copies), not one 952 per copy as in a school's own export: a harvester of the
 * province wants where a title is held, not each copy's accession number. Digital-only resources
 * have no MARC record here (`appliesTo`).
 */
import type { CatalogueRecord } from '../../src/domain/catalogueRecord.js';
import { dataField, type DataField } from '../../src/domain/marc21/fields.js';
import { marcOf } from '../../src/domain/marc21/fromRecord.js';
import type { MetadataFormat, OaiHolding, OaiRecord } from '../../src/domain/metadataFormat.js';
import { MARCXML_NAMESPACE, MARCXML_SCHEMA, marcXmlRecord } from '../records/marc/marcXml.js';

/** 852 $a location (the school), $b sublocation (its code), $t copy number: how many copies it holds. */
export function holdingField(holding: OaiHolding): DataField {
  return dataField('852', '  ', [
    ['a', holding.name],
    ['b', holding.code],
    ['t', String(holding.copies)],
  ])!;
}

/** The record as the MARC export sees a title: its metadata and printed edition, without copy lines. */
function catalogueRecordOf(record: OaiRecord): CatalogueRecord {
  return { metadata: record.metadata, print: record.print!, holdings: [] };
}

/** The resource's id: the last part of `oai:{repository}:{id}`, as the export writes it in 001. */
const idOf = (identifier: string) => identifier.slice(identifier.lastIndexOf(':') + 1);

export const marcxml: MetadataFormat = {
  prefix: 'marcxml',
  schema: MARCXML_SCHEMA,
  namespace: MARCXML_NAMESPACE,
  appliesTo: (record) => record.print !== null,
  partial: true,
  render(record: OaiRecord): string {
    const marc = marcOf(catalogueRecordOf(record), {
      controlNumber: idOf(record.identifier),
      agency: record.organisation.code,
    });
    const fields = [...marc.fields, ...record.holdings.map(holdingField)];
    // Stable: the 852s go after the 6xx fields, in the order of the schools' codes.
    fields.sort((a, b) => a.tag.localeCompare(b.tag));
    return marcXmlRecord({ leader: marc.leader, fields }, true);
  },
};
