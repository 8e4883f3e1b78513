/**
 * Vietnamese first, English second. Texts live in config/locales/{vi,en}/*.json (one file per area
 * of the app, merged), never in templates or code; this module loads them and picks a person's
 * language: `?lang=` (remembered in a cookie), then the cookie, then Accept-Language, then Vietnamese.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { NextFunction, Request, Response } from 'express';
import i18next, { type TFunction } from 'i18next';
import { projectRoot } from '../../config/index.js';

export const languages = ['vi', 'en'] as const;
export type Language = (typeof languages)[number];
export const defaultLanguage: Language = 'vi';
export const LANGUAGE_COOKIE = 'lang';

const i18n = i18next.createInstance();

function readLocale(lang: Language): Record<string, unknown> {
  const dir = path.join(projectRoot, 'config', 'locales', lang);
  const merged: Record<string, unknown> = {};
  for (const file of fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    const area = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as Record<string, unknown>;
    for (const [key, value] of Object.entries(area)) {
      if (key in merged) throw new Error(`config/locales/${lang}/${file}: "${key}" is defined in another file too`);
      merged[key] = value;
    }
  }
  return merged;
}

// Synchronous: the resources are given and initAsync is off.
void i18n.init({
  lng: defaultLanguage,
  fallbackLng: defaultLanguage,
  supportedLngs: [...languages],
  resources: Object.fromEntries(languages.map((l) => [l, { translation: readLocale(l) }])),
  interpolation: { escapeValue: false }, // handlebars and JSON encoding do the escaping
  returnNull: false,
  initAsync: false,
  showSupportNotice: false,
});

export type Translate = TFunction;

export function translator(lang: Language): Translate {
  return i18n.getFixedT(lang);
}

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (languages as readonly string[]).includes(value);
}

export function hasTranslation(key: string, lang: Language = defaultLanguage): boolean {
  return i18n.exists(key, { lng: lang });
}

export function pickLanguage(req: Request): Language {
  const fromQuery = req.query.lang;
  if (isLanguage(fromQuery)) return fromQuery;
  const fromCookie: unknown = req.cookies?.[LANGUAGE_COOKIE];
  if (isLanguage(fromCookie)) return fromCookie;
  const accepted = req.acceptsLanguages(...languages);
  return isLanguage(accepted) ? accepted : defaultLanguage;
}

declare module 'express-serve-static-core' {
  interface Request {
    lang: Language;
    t: Translate;
  }
}

export function languageMiddleware(secureCookies: boolean) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const lang = pickLanguage(req);
    if (isLanguage(req.query.lang) && req.cookies?.[LANGUAGE_COOKIE] !== lang) {
      res.cookie(LANGUAGE_COOKIE, lang, {
        maxAge: 365 * 24 * 3600_000,
        sameSite: 'lax',
        secure: secureCookies,
        httpOnly: false,
      });
    }
    req.lang = lang;
    req.t = translator(lang);
    res.locals.lang = lang;
    res.setHeader('Content-Language', lang);
    next();
  };
}
