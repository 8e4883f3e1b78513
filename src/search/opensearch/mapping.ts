/**
 * The OpenSearch index: Vietnamese words folded (lower case, tones and đ folded by asciifolding,
 * so "Tiếng Việt", "tieng viet" and "TIẾNG VIỆT" are one word), titles also kept as typed (the
 * tone bonus), facets and visibility as keyword fields, and the sort keys of src/search/port.ts.
 *
 * Words are split on anything that is not a letter or a digit (a pattern tokenizer) rather than by
 * the standard tokenizer, which keeps "3.14" or "don't" whole: the memory engine splits them, and
 * both engines must read text into the same words. Text is sent in NFC, so no combining mark
 * splits a word either.
 */
import { facetNames } from '../facets.js';
import { textFields } from '../port.js';

const keyword = { type: 'keyword' } as const;

export const indexSettings = {
  number_of_shards: 1,
  // One copy on a single node, a replica as soon as a second node joins.
  auto_expand_replicas: '0-1',
  analysis: {
    tokenizer: { words: { type: 'pattern', pattern: '[^\\p{L}\\p{N}]+' } },
    analyzer: {
      folded: { type: 'custom', tokenizer: 'words', filter: ['lowercase', 'asciifolding'] },
      typed: { type: 'custom', tokenizer: 'words', filter: ['lowercase'] },
    },
  },
};

export const indexMappings = {
  dynamic: 'strict',
  _source: { excludes: ['fullText'] },
  properties: {
    id: keyword,
    ownerId: keyword,
    status: keyword,
    scope: keyword,
    ...Object.fromEntries(facetNames.map((f) => [f, keyword])),
    ...Object.fromEntries(textFields.map((f) => [f, { type: 'text', analyzer: 'folded' }])),
    title: { type: 'text', analyzer: 'folded', fields: { typed: { type: 'text', analyzer: 'typed' } } },
    titleKey: keyword,
    newestAt: { type: 'long' },
    views: { type: 'long' },
    /** What a result card shows: kept in _source, not indexed. */
    card: { type: 'object', enabled: false },
  },
};

/** The small index beside it that keeps how far the change feed has been applied. */
export const stateMappings = { dynamic: 'strict', properties: { position: { type: 'long' }, at: { type: 'date' } } };
