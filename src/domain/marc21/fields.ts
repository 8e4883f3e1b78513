/**
 * A MARC21 bibliographic record as plain data, whatever file it came from: the leader, control
 * fields (001–009) and data fields with two indicators and coded subfields. Text is NFC.
 */
export interface ControlField {
  tag: string;
  value: string;
}

export interface DataField {
  tag: string;
  ind1: string;
  ind2: string;
  subfields: [code: string, value: string][];
}

export type MarcField = ControlField | DataField;

export interface MarcRecord {
  leader: string;
  fields: MarcField[];
}

export const isControlTag = (tag: string) => /^00\d$/.test(tag);
export const isDataField = (field: MarcField): field is DataField => 'subfields' in field;

export function dataFields(record: MarcRecord, ...tags: string[]): DataField[] {
  return record.fields.filter((f): f is DataField => isDataField(f) && tags.includes(f.tag));
}

export function controlField(record: MarcRecord, tag: string): string | null {
  const field = record.fields.find((f): f is ControlField => !isDataField(f) && f.tag === tag);
  return field?.value ?? null;
}

/** The values of one subfield code, ISBD punctuation at their ends removed. */
export function subfields(field: DataField, code: string): string[] {
  return field.subfields.filter(([c]) => c === code).map(([, v]) => trimPunctuation(v));
}

export function subfield(field: DataField, code: string): string | null {
  return subfields(field, code).find((v) => v !== '') ?? null;
}

/**
 * `Toán 6 :` → `Toán 6`, `Hà Nội ;` → `Hà Nội`, `24 cm.` → `24 cm`: the ISBD punctuation that
 * cataloguers end subfields with belongs to the display, not to the value (an ellipsis stays).
 */
export function trimPunctuation(value: string): string {
  return value
    .normalize('NFC')
    .replace(/\s*[:;/=,]\s*$/, '')
    .replace(/(?<!\.)\.$/, '')
    .trim();
}

export function dataField(
  tag: string,
  ind: string,
  subfields: [string, string | null | undefined][],
): DataField | null {
  const kept = subfields.filter((s): s is [string, string] => typeof s[1] === 'string' && s[1] !== '');
  return kept.length ? { tag, ind1: ind[0] ?? ' ', ind2: ind[1] ?? ' ', subfields: kept } : null;
}
