/** The parts of marcjs (no types of its own) and marc8 this library uses. */
declare module 'marcjs' {
  /** A record as marcjs holds it: `[tag, value]` or `[tag, indicators, code, value, code, value…]`. */
  export class Record {
    leader: string;
    fields: string[][];
  }
  export const Iso2709Formater: { format(record: Record): string };
}

declare module 'marc8' {
  function translate(
    bytes: Buffer,
    options: { normalization: false | 'NFC'; invalid?: 'replace'; replace?: string; expandNCR?: boolean },
  ): string;
  export default translate;
}
