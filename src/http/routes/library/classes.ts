/**
 * A school's classes per school year: the classes of a year, the class-list import (upload, choose
 * the sheet and columns, preview each row's errors, import) and the new school year (the plan, then
 * the action). Every page works without JavaScript: the column choice is a GET form, the actions are
 * posted forms, the upload a multipart form carrying its CSRF token in the query string.
 */
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { classListFields, type ColumnMapping } from '../../../domain/classList.js';
import { classKey, isSchoolYear } from '../../../domain/classMembership.js';
import { DomainError } from '../../../domain/errors.js';
import { presentImportResult, presentPreview } from '../../../presenters/classListPage.js';
import type { Services } from '../../../services/index.js';
import { presentFields } from '../../../web/errors.js';
import { page } from '../../../web/page.js';
import { objectId, parse } from '../../../web/validate.js';
import { receiveFile } from '../../multipart.js';

const MAX_FILE_BYTES = 10 * 1024 * 1024;
const schoolYear = z
  .string()
  .trim()
  .refine(isSchoolYear, { params: { text: 'schoolYear' }, error: 'năm học / school year: 2026-2027' });
const yearQuery = z.object({ year: schoolYear.optional() });
const column = z.union([z.literal(''), z.coerce.number().int().min(0).max(500)]).optional();
const choiceForm = z.object({
  sheet: z.string().max(200).optional(),
  ...Object.fromEntries(classListFields.map((f) => [`col_${f}`, column])),
});
const promotionForm = z.object({
  year: schoolYear,
  lastGrade: z.coerce.number().int().min(1).max(12),
  from: z.union([z.string().max(40), z.array(z.string().max(40)).max(500)]).default([]),
  to: z.union([z.string().max(40), z.array(z.string().max(40)).max(500)]).default([]),
});
const promotionQuery = z.object({
  year: schoolYear.optional(),
  lastGrade: z.coerce.number().int().min(1).max(12).optional(),
});

const asList = (v: string | string[]) => (Array.isArray(v) ? v : [v]);

function choiceOf(form: z.output<typeof choiceForm>): { sheet?: string; mapping: ColumnMapping } {
  const mapping: ColumnMapping = {};
  for (const f of classListFields) {
    const value = (form as Record<string, unknown>)[`col_${f}`];
    if (typeof value === 'number') mapping[f] = value;
  }
  return { sheet: form.sheet, mapping };
}

const base = (orgId: string) => `/library/schools/${orgId}/classes`;
const orgOf = (req: Request) => parse(objectId, req.params.orgId, req);

/** The classes of a school year, the class-list import and the new school year. */
export function classPages(services: Services): Router {
  const router = Router();
  router.use(classYearPages(services), classImportPages(services), promotionPages(services));
  return router;
}

function classYearPages(services: Services): Router {
  const { schoolClasses, tree } = services;
  const router = Router();
  router.get(
    '/library/schools/:orgId/classes',
    page(async (req, res) => {
      const orgId = orgOf(req);
      const years = await schoolClasses.years(req.actor, orgId);
      const year = parse(yearQuery, req.query, req).year ?? (await schoolClasses.currentYear(orgId));
      res.render('pages/library-classes', {
        title: req.t('patrons.classes.title'),
        org: tree.get(orgId),
        year,
        years: years.map((y) => ({ year: y, selected: y === year })),
        classes: await schoolClasses.classes(req.actor, orgId, year),
      });
    }),
  );

  return router;
}

async function uploadForm(services: Services, req: Request, orgId: string, year?: string, error?: string) {
  return {
    title: req.t('patrons.import.title'),
    org: services.tree.get(orgId),
    year: year ?? (await services.schoolClasses.currentYear(orgId)),
    error,
  };
}

function classImportPages(services: Services): Router {
  const { schoolClasses, classLists, tree } = services;
  const router = Router();
  router.get(
    '/library/schools/:orgId/classes/import',
    page(async (req, res) => {
      const orgId = orgOf(req);
      await schoolClasses.years(req.actor, orgId);
      res.render(
        'pages/library-class-import',
        await uploadForm(services, req, orgId, parse(yearQuery, req.query, req).year),
      );
    }),
  );

  router.post('/library/schools/:orgId/classes/import', page(receiveClassList(services)));

  router.get(
    '/library/schools/:orgId/classes/import/:draftId',
    page(async (req, res) => {
      const orgId = orgOf(req);
      const draftId = parse(objectId, req.params.draftId, req);
      const preview = await classLists.preview(req.actor, orgId, draftId, choiceOf(parse(choiceForm, req.query, req)));
      res.render('pages/library-class-preview', {
        title: req.t('patrons.import.previewTitle'),
        org: tree.get(orgId),
        ...presentPreview(preview, req.t),
      });
    }),
  );

  router.post(
    '/library/schools/:orgId/classes/import/:draftId',
    page(async (req, res) => {
      const orgId = orgOf(req);
      const draftId = parse(objectId, req.params.draftId, req);
      const result = await classLists.run(req.actor, orgId, draftId, choiceOf(parse(choiceForm, req.body, req)));
      res.render('pages/library-class-result', {
        title: req.t('patrons.import.resultTitle'),
        org: tree.get(orgId),
        ...presentImportResult(result, req.t),
      });
    }),
  );

  return router;
}

function promotionPages(services: Services): Router {
  const { schoolClasses, tree } = services;
  const router = Router();
  router.get(
    '/library/schools/:orgId/classes/promotion',
    page(async (req, res) => {
      const orgId = orgOf(req);
      const query = parse(promotionQuery, req.query, req);
      const year = query.year ?? (await schoolClasses.currentYear(orgId));
      const preview = await schoolClasses.promotionPreview(req.actor, orgId, year, query.lastGrade);
      res.render('pages/library-class-promotion', {
        title: req.t('patrons.promotion.title'),
        org: tree.get(orgId),
        ...preview,
      });
    }),
  );

  router.post(
    '/library/schools/:orgId/classes/promotion',
    page(async (req, res) => {
      const orgId = orgOf(req);
      const form = parse(promotionForm, req.body, req);
      const to = asList(form.to);
      const renames = new Map(asList(form.from).map((from, i) => [classKey(from), to[i] ?? '']));
      const result = await schoolClasses.promote(req.actor, orgId, form.year, form.lastGrade, renames);
      res.render('pages/library-class-promoted', {
        title: req.t('patrons.promotion.title'),
        org: tree.get(orgId),
        ...result,
      });
    }),
  );

  return router;
}

/** The uploaded class list kept as a draft, then its preview; a file that cannot be read is said on the form. */
function receiveClassList(services: Services) {
  return async (req: Request, res: Response) => {
    const orgId = orgOf(req);
    try {
      const draftId = await receiveFile(req, MAX_FILE_BYTES, async (stream, filename, fields) => {
        const { year } = parse(z.object({ year: schoolYear }), fields, req);
        const chunks: Buffer[] = [];
        for await (const chunk of stream) chunks.push(chunk as Buffer);
        return services.classLists.upload(req.actor, orgId, year, filename, Buffer.concat(chunks));
      });
      res.redirect(303, `${base(orgId)}/import/${draftId}`);
    } catch (err) {
      if (!(err instanceof DomainError) || err.code !== 'validation') throw err;
      const message =
        presentFields(err.fields, req.t)
          .map((f) => f.message)
          .join(' ') || req.t(err.messageKey);
      res.status(400).render('pages/library-class-import', await uploadForm(services, req, orgId, undefined, message));
    }
  };
}
