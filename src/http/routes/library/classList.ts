/**
 * The page where a school keeps its list of classes for a school year: add a class, change its name,
 * grade or homeroom teacher, remove one with no student, copy last year's list. Posted forms (no
 * JavaScript); a refused form is shown again with each field's problem beside it.
 */
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { classKey, isSchoolYear } from '../../../domain/classMembership.js';
import { presentClassList } from '../../../presenters/classListDefinition.js';
import type { ClassInput } from '../../../services/library/classes/classListDefinition.js';
import type { Services } from '../../../services/index.js';
import { page } from '../../../web/page.js';
import { objectId, parse } from '../../../web/validate.js';
import { withFormErrors, type FormErrors } from './shared.js';

const schoolYear = z
  .string()
  .trim()
  .refine(isSchoolYear, { params: { text: 'schoolYear' }, error: 'năm học / school year: 2026-2027' });
const yearQuery = z.object({ year: schoolYear.optional(), done: z.enum(['added', 'changed', 'removed']).optional() });
const classFields = {
  className: z.string().max(100).default(''),
  grade: z.string().trim().max(5).default(''),
  homeroomTeacher: z.string().max(1000).default(''),
};
const yearForm = z.object({ year: schoolYear });
const addForm = z.object({ year: schoolYear, ...classFields });
const changeForm = z.object({ year: schoolYear, original: z.string().min(1).max(100), ...classFields });
const removeForm = z.object({ year: schoolYear, className: z.string().min(1).max(100) });

const inputOf = (form: z.output<typeof addForm>): ClassInput => ({
  className: form.className,
  grade: form.grade ? Number(form.grade) : undefined,
  homeroomTeacher: form.homeroomTeacher,
});

interface Shown {
  /** Which form the errors belong to: 'add', or the key of the class whose row was changed. */
  form?: string;
  errors?: FormErrors;
  values?: Record<string, unknown>;
  copied?: number;
}

const base = (orgId: string) => `/library/schools/${orgId}/classes/list`;
const orgOf = (req: Request) => parse(objectId, req.params.orgId, req);
const rowOf = (req: Request, field: string) => classKey(String((req.body as Record<string, unknown>)[field] ?? ''));

async function renderList(
  services: Services,
  req: Request,
  res: Response,
  orgId: string,
  year: string,
  status = 200,
  shown: Shown = {},
) {
  const { classListDefinitions, schoolClasses, tree } = services;
  const list = await classListDefinitions.list(req.actor, orgId, year);
  const years = await schoolClasses.years(req.actor, orgId);
  res.status(status).render('pages/library-class-list', {
    title: req.t('classes2.list.title'),
    org: tree.get(orgId),
    years: [...new Set([...years, year])]
      .sort()
      .reverse()
      .map((y) => ({ year: y, selected: y === year })),
    ...presentClassList(list, shown, req.t),
  });
}

/**
 * Add, change and remove: each runs its action, then goes back to the list; a refusal shows the page
 * again with the problems by field.
 */
function classListForms(services: Services, router: Router): void {
  const { classListDefinitions: lists } = services;
  const act = (
    path: string,
    form: (req: Request) => string,
    attempt: (req: Request, orgId: string) => Promise<string>,
  ) =>
    router.post(
      `/library/schools/:orgId/classes/list${path}`,
      page(async (req, res) => {
        const orgId = orgOf(req);
        const { year } = parse(yearForm.passthrough(), req.body, req);
        const outcome = await withFormErrors(
          req,
          () => attempt(req, orgId),
          (field) => field,
        );
        if (outcome.ok) return res.redirect(303, `${base(orgId)}?year=${year}&done=${outcome.value}`);
        const values = req.body as Record<string, unknown>;
        await renderList(services, req, res, orgId, year, outcome.status, {
          form: form(req),
          errors: outcome.errors,
          values,
        });
      }),
    );
  act(
    '',
    () => 'add',
    async (req, orgId) => {
      const form = parse(addForm, req.body, req);
      await lists.add(req.actor, orgId, form.year, inputOf(form));
      return 'added';
    },
  );
  act(
    '/change',
    (req) => rowOf(req, 'original'),
    async (req, orgId) => {
      const form = parse(changeForm, req.body, req);
      await lists.change(req.actor, orgId, form.year, form.original, inputOf(form));
      return 'changed';
    },
  );
  act(
    '/remove',
    (req) => rowOf(req, 'className'),
    async (req, orgId) => {
      const form = parse(removeForm, req.body, req);
      await lists.remove(req.actor, orgId, form.year, form.className);
      return 'removed';
    },
  );
}

export function classListPages(services: Services): Router {
  const router = Router();
  router.get(
    '/library/schools/:orgId/classes/list',
    page(async (req, res) => {
      const orgId = orgOf(req);
      const query = parse(yearQuery, req.query, req);
      const year = query.year ?? (await services.schoolClasses.currentYear(orgId));
      await renderList(services, req, res, orgId, year, 200, { values: { done: query.done } });
    }),
  );
  classListForms(services, router);
  router.post(
    '/library/schools/:orgId/classes/list/copy',
    page(async (req, res) => {
      const orgId = orgOf(req);
      const { year } = parse(yearForm, req.body, req);
      const copy = () => services.classListDefinitions.copyFromPreviousYear(req.actor, orgId, year);
      const outcome = await withFormErrors(req, copy, () => '_');
      if (!outcome.ok)
        return renderList(services, req, res, orgId, year, outcome.status, { form: 'copy', errors: outcome.errors });
      await renderList(services, req, res, orgId, year, 200, { copied: outcome.value });
    }),
  );
  return router;
}
