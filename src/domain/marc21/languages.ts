/** MARC language codes (ISO 639-2/B, field 041 and 008/35-37) and the library's (ISO 639-1, config/vocabularies.ts). */
const marcToLibrary: Record<string, string> = {
  vie: 'vi',
  eng: 'en',
  fre: 'fr',
  fra: 'fr',
  chi: 'zh',
  zho: 'zh',
  jpn: 'ja',
  kor: 'ko',
  khm: 'km',
};

const libraryToMarc: Record<string, string> = {
  vi: 'vie',
  en: 'eng',
  fr: 'fre',
  zh: 'chi',
  ja: 'jpn',
  ko: 'kor',
  km: 'khm',
};

/** The library's code for a MARC code; undefined for a language the library does not list. */
export const languageOfMarc = (code: string): string | undefined => marcToLibrary[code.trim().toLowerCase()];
export const marcLanguageOf = (code: string): string => libraryToMarc[code] ?? 'und';
