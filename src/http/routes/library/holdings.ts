/** A printed title's holdings across schools, and adding copies of it (a count or a range, in one intake batch). */
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { conflict, forbidden } from '../../../domain/errors.js';
import type { Resource } from '../../../domain/resource.js';
import { canOnLibrary } from '../../../policies/library.js';
import { presentIntakeBatch } from '../../../presenters/copy.js';
import {
  presentAddCopiesChoices,
  presentCopyRow,
  presentSchoolHoldings,
  presentTitleHeading,
} from '../../../presenters/holdingsPage.js';
import { compareVietnamese } from '../../../search/text.js';
import type { Services } from '../../../services/index.js';
import {
  addCopiesFieldOf,
  addCopiesFields,
  addCopiesInputOf,
  emptyAddCopies,
  type AddCopiesValues,
} from '../../forms/addCopies.js';
import { addCopiesSchema } from '../../schemas/library.js';
import { objectId, parse } from '../../../web/validate.js';
import { page } from '../../../web/page.js';
import { chosenSchool, librarySchools, withFormErrors, type FormErrors } from './shared.js';

const RECENT_BATCHES = 20;
const schoolQuery = z.object({ orgId: objectId.optional() });
const addedQuery = z.object({
  added: z.coerce.number().int().min(1).max(1000).optional(),
  first: z.string().max(40).optional(),
  last: z.string().max(40).optional(),
});
const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date());

export function holdingsPages(services: Services): Router {
  const router = Router();
  addCopiesRoutes(router, services);
  holdingsRoute(router, services);
  return router;
}

/** The printed title of the address (a title without a printed edition has no copies). */
async function titleOf(req: Request, resources: Services['resources']): Promise<Resource> {
  const title = await resources.load(req.actor, parse(objectId, req.params.id, req));
  if (!title.print) throw conflict('library.notPrinted');
  return title;
}

/** The form adding copies of a title, with the school's numbering and its recent intake batches. */
async function renderAddForm(
  { librarySettings, registers, tree }: Services,
  req: Request,
  res: Response,
  title: Resource,
  form: { status: number; values: AddCopiesValues; errors: FormErrors },
): Promise<void> {
  const { status, values, errors } = form;
  const schools = librarySchools(req, tree, 'manageCopies');
  const settings = await librarySettings.load(req.actor, values.orgId, 'manageCopies');
  const next = await librarySettings.nextNumbers(req.actor, values.orgId);
  const batches = (await registers.intakeBatches(req.actor, values.orgId)).slice(0, RECENT_BATCHES);
  res.status(status).render('pages/library-add-copies', {
    title: req.t('library.pages.addCopies.title', { title: title.metadata.title }),
    book: presentTitleHeading(title, req.lang),
    values,
    errors,
    hasErrors: Object.keys(errors).length > 0,
    choices: presentAddCopiesChoices(
      schools,
      values.orgId,
      settings,
      next,
      batches.map((b) => presentIntakeBatch(b, req.lang)),
      values,
      req.lang,
    ),
  });
}

/** Adding copies of a title: the form, and the copies added in one intake batch. */
function addCopiesRoutes(router: Router, services: Services): void {
  const { resources, copies, tree } = services;
  router.get(
    '/library/titles/:id/copies/new',
    page(async (req, res) => {
      const title = await titleOf(req, resources);
      const orgId = chosenSchool(
        req,
        librarySchools(req, tree, 'manageCopies'),
        parse(schoolQuery, req.query, req).orgId,
      );
      if (!orgId) throw forbidden();
      await renderAddForm(services, req, res, title, {
        status: 200,
        values: emptyAddCopies(orgId, today()),
        errors: {},
      });
    }),
  );

  router.post(
    '/library/titles/:id/copies/new',
    page(async (req, res) => {
      const title = await titleOf(req, resources);
      const values = parse(addCopiesFields, req.body, req);
      const outcome = await withFormErrors(
        req,
        async () => copies.add(req.actor, title.id, parse(addCopiesSchema, addCopiesInputOf(values), req)),
        addCopiesFieldOf,
      );
      if (!outcome.ok) {
        return renderAddForm(services, req, res, title, { status: outcome.status, values, errors: outcome.errors });
      }
      const added = outcome.value.copies;
      const query = new URLSearchParams({
        orgId: values.orgId,
        added: String(added.length),
        first: added[0]!.accessionNumber,
        last: added[added.length - 1]!.accessionNumber,
      });
      res.redirect(303, `/library/titles/${title.id}/holdings?${query}`);
    }),
  );
}

/** A title's holdings across schools, with the copies of those the person may see. */
function holdingsRoute(
  router: Router,
  { resources, copies, holdings: heldCopies, librarySettings, tree }: Services,
): void {
  router.get(
    '/library/titles/:id/holdings',
    page(async (req, res) => {
      const title = await titleOf(req, resources);
      const notice = parse(addedQuery, req.query, req);
      // The title is loaded for this person above: the counts come straight from the read model.
      const holdings = heldCopies.summary(title.id);
      const settingsOf = await librarySettings.settingsOfSchools(holdings.map((h) => h.orgId));
      const schools = await Promise.all(
        holdings.map(async (h) => {
          const settings = settingsOf.get(h.orgId)!;
          const list = canOnLibrary(req.actor, 'viewCopies', h.orgId, tree)
            ? (await copies.rowsOfTitle(req.actor, title, h.orgId)).map((c) => presentCopyRow(c, settings, req.lang))
            : null;
          return presentSchoolHoldings(h, settings, list, tree, req.lang);
        }),
      );
      res.render('pages/library-holdings', {
        title: req.t('library.pages.holdings.title', { title: title.metadata.title }),
        book: presentTitleHeading(title, req.lang),
        schools: schools.sort((a, b) => compareVietnamese(a.name, b.name)),
        canAdd: librarySchools(req, tree, 'manageCopies').length > 0,
        notice: notice.added ? notice : null,
      });
    }),
  );
}
