/**
 * A spreadsheet's import before it runs: choose the sheet (a GET form), say which column holds which
 * field (remembered per school), preview the first rows with each one's errors, then start it.
 */
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { spreadsheetFields, type ColumnMap } from '../../../domain/spreadsheetRows.js';
import { presentColumnChoices, presentPreviewRow } from '../../../presenters/importJob.js';
import type { Services } from '../../../services/index.js';
import { objectId, parse } from '../../../web/validate.js';
import { page } from '../../../web/page.js';
import { withFormErrors } from './shared.js';

const sheetQuery = z.object({ sheet: z.string().max(200).optional() });
const columnsForm = z
  .object({ sheet: z.string().min(1).max(200) })
  .catchall(z.union([z.string().max(200), z.array(z.string().max(200))]));

export function importColumnPages(services: Services): Router {
  const { imports } = services;
  const router = Router();

  const renderColumns = async (req: Request, res: Response, sheet: string | null, status = 200, errors = {}) => {
    const choice = await imports.columnsOf(req.actor, parse(objectId, req.params.id, req), sheet);
    res.status(status).render('pages/library-import-columns', {
      title: req.t('imports.columns.title', { file: choice.job.fileName }),
      job: { id: choice.job.id },
      sheets: choice.table.sheets.map((s) => ({ value: s, label: s, selected: s === choice.table.sheet })),
      sheet: choice.table.sheet,
      fields: presentColumnChoices(spreadsheetFields, choice.table.headers, choice.columns, req.lang),
      errors,
    });
  };

  router.get(
    '/library/imports/:id/columns',
    page(async (req, res) => renderColumns(req, res, parse(sheetQuery, req.query, req).sheet ?? null)),
  );

  router.post(
    '/library/imports/:id/preview',
    page(async (req, res) => {
      const body = parse(columnsForm, req.body, req);
      const columns: ColumnMap = {};
      for (const field of spreadsheetFields) {
        const header = body[`col_${field}`];
        if (typeof header === 'string' && header !== '') columns[field] = header;
      }
      const outcome = await withFormErrors(
        req,
        () => imports.preview(req.actor, parse(objectId, req.params.id, req), body.sheet, columns),
        () => '_',
      );
      if (!outcome.ok) return renderColumns(req, res, body.sheet, outcome.status, outcome.errors);
      const { job, readings, rows } = outcome.value;
      res.render('pages/library-import-preview', {
        title: req.t('imports.columns.previewTitle', { shown: readings.length, rows }),
        job: { id: job.id, fileName: job.fileName },
        rows: readings.map((r) => presentPreviewRow(r, req.lang)),
      });
    }),
  );

  router.post(
    '/library/imports/:id/start',
    page(async (req, res) => {
      const id = parse(objectId, req.params.id, req);
      await imports.queue(req.actor, id);
      res.redirect(303, `/library/imports/${id}`);
    }),
  );

  return router;
}
