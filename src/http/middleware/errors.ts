/** The last two middlewares: unknown routes, then every error, as a page or as JSON. */
import type { NextFunction, Request, Response } from 'express';
import { notFound } from '../../domain/errors.js';
import { presentFields, toProblem } from '../../web/errors.js';
import { translator, pickLanguage } from '../../i18n/index.js';
import type { Logger } from '../../log.js';

/** JSON for the API and for clients that ask for JSON rather than a page. */
export function wantsJson(req: Request): boolean {
  if (req.path.startsWith('/api/')) return true;
  return req.accepts(['html', 'json']) === 'json';
}

export function unknownRoute(_req: Request, _res: Response, next: NextFunction): void {
  next(notFound());
}

export function errorHandler(log: Logger) {
  return (err: unknown, req: Request, res: Response, _next: NextFunction): void => {
    const problem = toProblem(err);
    if (problem.status >= 500) {
      log.error({ err: problem.cause ?? err, method: req.method, url: req.originalUrl }, 'request failed');
    }
    if (res.headersSent) {
      res.destroy();
      return;
    }
    // Errors raised before the language middleware ran (a body that does not parse) still speak the person's language.
    const lang = req.lang ?? pickLanguage(req);
    const t = req.t ?? translator(lang);
    res.locals.lang = lang;
    const message = t(problem.messageKey, problem.params);
    const fields = presentFields(problem.fields, t);
    const requestId = String(req.id ?? '');
    if (problem.status === 503) res.setHeader('Retry-After', '5');
    res.status(problem.status);
    if (wantsJson(req)) {
      const currentVersion =
        problem.code === 'conflict' && typeof problem.params.current === 'number'
          ? { currentVersion: problem.params.current }
          : {};
      res.json({
        error: { code: problem.code, message, ...(fields.length ? { fields } : {}), ...currentVersion, requestId },
      });
      return;
    }
    res.render(
      'pages/error',
      { title: t('errors.title'), status: problem.status, message, fields, requestId },
      (renderErr, html) => {
        if (renderErr) {
          log.error({ err: renderErr }, 'error page failed to render');
          res.type('text/plain').send(`${message} (${requestId})`);
          return;
        }
        res.send(html);
      },
    );
  };
}
