/**
 * Admin pages for harvesting other repositories: the sources (list, add, edit, run now) and each
 * source's log of runs, which refreshes itself while a run is under way. The harvest sources
 * service decides who may (`manageIntegrations` on the organisation that owns the imported records).
 */
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { HarvestSource, HarvestSourceSettings } from '../../domain/harvest.js';
import { presentHarvestRun, presentHarvestSource } from '../../presenters/harvestSource.js';
import { presentOrganisationChoices } from '../../presenters/integration.js';
import type { Services } from '../../services/index.js';
import { requireSignIn } from '../../web/session.js';
import { objectId, parse } from '../../web/validate.js';
import { text } from '../schemas/text.js';
import { page, withFieldErrors } from '../../web/page.js';

/** Seconds between refreshes of a source's page while a run is under way. */
const REFRESH_SECONDS = 5;

function sourceForm(prefixes: string[]) {
  return z.object({
    name: text({ max: 200, min: 1 }),
    baseUrl: z.url({ protocol: /^https?$/ }).max(2000),
    metadataPrefix: z.enum(prefixes as [string, ...string[]]),
    set: text({ max: 500 })
      .regex(/^([A-Za-z0-9\-_.!~*'()]+(:[A-Za-z0-9\-_.!~*'()]+)*)?$/)
      .transform((v) => v || null),
    intervalHours: z.coerce
      .number()
      .int()
      .min(0)
      .max(24 * 30),
    orgId: objectId,
    reexpose: z.literal('on').optional(),
  });
}

interface Problems {
  status: number;
  errors: Record<string, string>;
  values: Record<string, unknown>;
}

/** What every page of the router shares: the services, the form and the page of one source. */
interface HarvestPages {
  services: Services;
  input(req: Request): HarvestSourceSettings;
  /** The page of one source (null: a new one), with its log; `problems` when the form was refused. */
  renderSource(req: Request, res: Response, source: HarvestSource | null, problems?: Problems): Promise<void>;
}

function harvestPages(services: Services): HarvestPages {
  const { tree, harvestSources, harvester } = services;
  const prefixes = [...new Set(harvester.plugins.flatMap((p) => p.prefixes))];
  const form = sourceForm(prefixes);
  return {
    services,
    input: (req) => {
      const v = parse(form, req.body, req);
      return { ...v, kind: 'oai-pmh', reexpose: v.reexpose === 'on' };
    },
    renderSource: async (req, res, source, problems) => {
      const organisations = presentOrganisationChoices(harvestSources.organisations(req.actor));
      const shown = source ? presentHarvestSource(source, tree) : null;
      const runs = source ? (await harvestSources.runs(source)).map((r) => presentHarvestRun(r, req.t)) : [];
      if (shown?.pending) res.set('Refresh', String(REFRESH_SECONDS));
      res.status(problems?.status ?? 200).render('pages/harvest-source', {
        title: source ? source.name : req.t('harvest.newTitle'),
        source: shown,
        values: problems?.values ?? shown ?? { metadataPrefix: 'oai_dc', intervalHours: 24 },
        organisations,
        prefixes,
        runs,
        errors: problems?.errors ?? {},
      });
    },
  };
}

const refused = (req: Request, errors: Record<string, string>): Problems => ({
  status: 400,
  errors,
  values: req.body as Record<string, unknown>,
});

export function harvestAdminRouter(services: Services): Router {
  const router = Router();
  const pages = harvestPages(services);
  router.use('/admin/harvest', requireSignIn);
  sourceListRoutes(router, pages);
  sourceRoutes(router, pages);
  runRoutes(router, pages);
  return router;
}

/** The list of sources and the empty form of a new one. */
function sourceListRoutes(router: Router, { services, renderSource }: HarvestPages): void {
  const { tree, harvestSources } = services;
  router.get(
    '/admin/harvest',
    page(async (req, res) => {
      const sources = (await harvestSources.list(req.actor)).map((s) => presentHarvestSource(s, tree));
      res.render('pages/harvest', { title: req.t('harvest.title'), sources });
    }),
  );

  router.get(
    '/admin/harvest/new',
    page(async (req, res) => renderSource(req, res, null)),
  );
}

/** A source added, shown with its log, and changed. */
function sourceRoutes(router: Router, { services, input, renderSource }: HarvestPages): void {
  const { tree, harvestSources } = services;
  router.post(
    '/admin/harvest/sources',
    page(async (req, res) => {
      harvestSources.organisations(req.actor);
      const outcome = await withFieldErrors(req, async () => harvestSources.create(req.actor, input(req)));
      if (!outcome.ok) return renderSource(req, res, null, refused(req, outcome.errors));
      res.redirect(303, presentHarvestSource(outcome.value, tree).url);
    }),
  );

  router.get(
    '/admin/harvest/sources/:id',
    page(async (req, res) => renderSource(req, res, await harvestSources.get(req.actor, req.params.id!))),
  );

  router.post(
    '/admin/harvest/sources/:id',
    page(async (req, res) => {
      const source = await harvestSources.get(req.actor, req.params.id!);
      const outcome = await withFieldErrors(req, async () => harvestSources.update(req.actor, source.id, input(req)));
      if (!outcome.ok) return renderSource(req, res, source, refused(req, outcome.errors));
      res.redirect(303, presentHarvestSource(outcome.value, tree).url);
    }),
  );
}

/** A run asked for by hand. */
function runRoutes(router: Router, { services }: HarvestPages): void {
  const { tree, harvestSources, harvester } = services;
  router.post(
    '/admin/harvest/sources/:id/run',
    page(async (req, res) => {
      const source = await harvestSources.requestRun(req.actor, req.params.id!);
      // Started here at once; should another instance hold the source, its scheduler takes it up.
      void harvester
        .run(source.id)
        .catch((err: unknown) => services.log.error({ err, sourceId: source.id }, 'harvest: run failed to start'));
      res.redirect(303, presentHarvestSource(source, tree).url);
    }),
  );
}
