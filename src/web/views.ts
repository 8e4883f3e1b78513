/**
 * Server-rendered pages: handlebars layouts, partials and pages under views/. Templates receive
 * presenter output only; every `{{value}}` is HTML-escaped by handlebars, and no helper here
 * returns unescaped markup built from data.
 */
import path from 'node:path';
import type { Express } from 'express';
import { engine } from 'express-handlebars';
import type { HelperOptions } from 'handlebars';
import { projectRoot } from '../../config/index.js';
import { isLanguage, translator, defaultLanguage } from '../i18n/index.js';

export const viewsDir = path.join(projectRoot, 'views');

function languageOf(options: HelperOptions): 'vi' | 'en' {
  const lang: unknown = (options.data as { root?: { lang?: unknown } }).root?.lang;
  return isLanguage(lang) ? lang : defaultLanguage;
}

/**
 * The formats, made once per language: a search page shows a date and a count on every card and
 * facet, and making an Intl format each time took more of the page's time than its search.
 */
const dateFormats = {
  vi: new Intl.DateTimeFormat('vi-VN', { dateStyle: 'medium', timeZone: 'Asia/Ho_Chi_Minh' }),
  en: new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'Asia/Ho_Chi_Minh' }),
};
const numberFormats = { vi: new Intl.NumberFormat('vi-VN'), en: new Intl.NumberFormat('en-GB') };

const helpers = {
  /** {{t "key" name=value}}: the text in the page's language. */
  t(key: string, options: HelperOptions): string {
    return translator(languageOf(options))(key, options.hash as Record<string, unknown>);
  },
  eq: (a: unknown, b: unknown) => a === b,
  and: (...args: unknown[]) => args.slice(0, -1).every(Boolean),
  or: (...args: unknown[]) => args.slice(0, -1).some(Boolean),
  not: (a: unknown) => !a,
  /** {{date value}}: a date as people in that language write it. */
  date(value: unknown, options: HelperOptions): string {
    if (!(value instanceof Date) && typeof value !== 'string') return '';
    const d = new Date(value);
    if (Number.isNaN(d.getTime())) return '';
    return dateFormats[languageOf(options)].format(d);
  },
  number(value: unknown, options: HelperOptions): string {
    return typeof value === 'number' ? numberFormats[languageOf(options)].format(value) : '';
  },
};

export function installViews(app: Express): void {
  app.engine(
    'hbs',
    engine({
      extname: '.hbs',
      defaultLayout: 'main',
      layoutsDir: path.join(viewsDir, 'layouts'),
      partialsDir: path.join(viewsDir, 'partials'),
      helpers,
    }),
  );
  app.set('view engine', 'hbs');
  app.set('views', viewsDir);
}
