/** Cataloguing a printed title (a resource with a printed edition), and editing its record. */
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { forbidden } from '../../../domain/errors.js';
import type { Resource } from '../../../domain/resource.js';
import { canOnLibrary } from '../../../policies/library.js';
import { presentEditedTitle, presentPrintedTitleForm } from '../../../presenters/printedTitleForm.js';
import type { Services } from '../../../services/index.js';
import {
  emptyPrintedTitle,
  printedFieldOf,
  printedTitleFields,
  printedTitleInputOf,
  printedTitleValuesOf,
  type PrintedTitleValues,
} from '../../forms/printedTitle.js';
import { printEditionSchema } from '../../schemas/library.js';
import { resourceInputSchema } from '../../schemas/resource.js';
import { objectId, parse } from '../../../web/validate.js';
import { page, versionField } from '../../../web/page.js';
import { chosenSchool, librarySchools, withFormErrors, type FormErrors } from './shared.js';

const printedTitleSchema = resourceInputSchema.extend({ print: printEditionSchema });
const newQuery = z.object({ orgId: objectId.optional() });

export function titlePages(services: Services): Router {
  const router = Router();
  newTitleRoutes(router, services);
  editTitleRoutes(router, services);
  return router;
}

/** The cataloguing form, new or for an existing title, with what was typed and the problems found. */
function renderTitleForm(
  req: Request,
  res: Response,
  tree: Services['tree'],
  form: { status: number; values: PrintedTitleValues; errors: FormErrors; existing: Resource | null },
) {
  const { status, values, errors, existing } = form;
  const organisations = existing ? [] : librarySchools(req, tree, 'catalogue');
  res.status(status).render('pages/printed-title-form', {
    title: existing
      ? req.t('library.pages.catalogue.editTitle', { title: existing.metadata.title })
      : req.t('library.pages.catalogue.newTitle'),
    form: presentPrintedTitleForm(values, errors, organisations, req.lang),
    action: existing ? `/library/titles/${existing.id}/edit` : '/library/titles/new',
    existing: presentEditedTitle(existing, tree),
    catalogueOrg: existing?.orgId ?? values.orgId,
    hasErrors: Object.keys(errors).length > 0,
  });
}

/** The bodies the services take, checked in one go so that every field's problem shows at once. */
function inputOf(req: Request, values: PrintedTitleValues) {
  const { resource, print } = printedTitleInputOf(values);
  return parse(printedTitleSchema, { ...(resource as object), print }, req);
}

/** Cataloguing a new printed title, then adding its copies. */
function newTitleRoutes(router: Router, { resources, librarySettings, tree }: Services): void {
  router.get(
    '/library/titles/new',
    page(async (req, res) => {
      const schools = librarySchools(req, tree, 'catalogue');
      const orgId = chosenSchool(req, schools, parse(newQuery, req.query, req).orgId);
      if (!orgId) throw forbidden();
      const scheme = (await librarySettings.settingsOf(orgId)).classificationScheme;
      renderTitleForm(req, res, tree, {
        status: 200,
        values: emptyPrintedTitle(orgId, scheme),
        errors: {},
        existing: null,
      });
    }),
  );

  router.post(
    '/library/titles/new',
    page(async (req, res) => {
      const values = parse(printedTitleFields, req.body, req);
      const outcome = await withFormErrors(
        req,
        async () =>
          resources.create(
            req.actor,
            values.orgId,
            inputOf(req, values),
            values.publish === 'on' ? { status: 'published' } : {},
          ),
        printedFieldOf,
      );
      if (!outcome.ok) {
        const { status, errors } = outcome;
        return renderTitleForm(req, res, tree, { status, values, errors, existing: null });
      }
      res.redirect(303, `/library/titles/${outcome.value.id}/copies/new?orgId=${values.orgId}`);
    }),
  );
}

/** Editing a title's record (a digital one gains a printed edition this way). */
function editTitleRoutes(router: Router, { resources, librarySettings, tree }: Services): void {
  const loadForCataloguing = async (req: Request) => {
    const resource = await resources.load(req.actor, parse(objectId, req.params.id, req), 'edit');
    if (!canOnLibrary(req.actor, 'catalogue', resource.orgId, tree)) throw forbidden();
    return resource;
  };

  router.get(
    '/library/titles/:id/edit',
    page(async (req, res) => {
      const resource = await loadForCataloguing(req);
      const values = printedTitleValuesOf(resource);
      if (!resource.print) values.classScheme = (await librarySettings.settingsOf(resource.orgId)).classificationScheme;
      renderTitleForm(req, res, tree, { status: 200, values, errors: {}, existing: resource });
    }),
  );

  router.post(
    '/library/titles/:id/edit',
    page(async (req, res) => {
      const { version } = parse(versionField, req.body, req);
      const existing = await loadForCataloguing(req);
      const values = { ...parse(printedTitleFields, req.body, req), orgId: existing.orgId };
      const outcome = await withFormErrors(
        req,
        async () => resources.update(req.actor, existing.id, version, inputOf(req, values)),
        printedFieldOf,
      );
      if (!outcome.ok) {
        const { status, errors } = outcome;
        return renderTitleForm(req, res, tree, { status, values, errors, existing: { ...existing, version } });
      }
      res.redirect(303, `/resources/${existing.id}`);
    }),
  );
}
