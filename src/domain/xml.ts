/**
 * XML written as text, for the OAI-PMH provider and its format plugins: building a tree of nodes
 * for every record cost most of a harvest's time, so answers are strings put together from
 * escaped values. Every value from data goes through `xmlText` (element content) or `xmlAttribute`
 * (attribute values); names and fixed markup are constants of the code and are not escaped.
 *
 * A value is made fit for XML 1.0 once, here, in this order: characters XML 1.0 cannot carry
 * (control characters, U+FFFE/U+FFFF, lone surrogates: typed or harvested) are dropped; the text is
 * composed (NFC) however it was typed; then `&`, `<` and `>` (and `"` in attributes) become
 * entities. Value by value, so a combining mark at the start of a value never composes with the
 * markup before it (`>` + U+0338 would become `≯`). Tabs and line breaks pass as they are; a parser
 * reads a carriage return in text, and any of them in an attribute, as XML's end-of-line and
 * whitespace rules say.
 */

/** Fast check: nothing to escape or drop (a surrogate pair also takes the slow path, which keeps it). */
// eslint-disable-next-line no-control-regex -- the control characters XML 1.0 cannot carry are what it looks for
const NEEDS_WORK = /[&<>"\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
/** Below U+0300 every character is already in NFC: most identifiers, codes and URLs skip the normaliser. */
const MAY_CHANGE_IN_NFC = /[\u0300-\uFFFF]/;

const TEXT_ENTITIES = /[&<>]/g;
const ATTRIBUTE_ENTITIES = /[&<>"]/g;
const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
const entity = (c: string) => entities[c]!;

const composed = (s: string) => (MAY_CHANGE_IN_NFC.test(s) ? s.normalize('NFC') : s);

/** Element content: legal characters only, `&`, `<`, `>` escaped, NFC. */
export function xmlText(value: string): string {
  if (!NEEDS_WORK.test(value)) return composed(value);
  return composed(value.replace(NOT_XML_CHAR, '')).replace(TEXT_ENTITIES, entity);
}

/** An attribute value (to go between double quotes): as `xmlText`, and `"` escaped too. */
export function xmlAttribute(value: string): string {
  if (!NEEDS_WORK.test(value)) return composed(value);
  return composed(value.replace(NOT_XML_CHAR, '')).replace(ATTRIBUTE_ENTITIES, entity);
}

/** ` name="value"…` for attributes given as data (undefined values are left out). */
export function xmlAttributes(attributes: Readonly<Record<string, string | undefined>> | undefined): string {
  let out = '';
  if (attributes)
    for (const name in attributes) {
      const value = attributes[name];
      if (value !== undefined) out += ` ${name}="${xmlAttribute(value)}"`;
    }
  return out;
}

/** `<name …>text</name>`: an element holding one value (empty text gives `<name></name>`). */
export function textElement(
  name: string,
  text: string,
  attributes?: Readonly<Record<string, string | undefined>>,
): string {
  return `<${name}${xmlAttributes(attributes)}>${xmlText(text)}</${name}>`;
}

/** `<name …>content</name>` around XML already written (`<name …/>` when there is none). */
export function wrapElement(
  name: string,
  content: string,
  attributes?: Readonly<Record<string, string | undefined>>,
): string {
  const open = `<${name}${xmlAttributes(attributes)}`;
  return content ? `${open}>${content}</${name}>` : `${open}/>`;
}
