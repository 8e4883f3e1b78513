/**
 * Admin pages for harvesting other repositories: the sources (list, add, edit, run now) and each
 * source's log of runs, which refreshes itself while a run is under way. Allowed to those with
 * `manageIntegrations` on the organisation that owns the imported records.
 */
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { forbidden } from '../../domain/errors.js';
import type { HarvestRunRecord, HarvestSourceRecord } from '../../models/harvest.js';
import type { Services } from '../../services/index.js';
import { requireSignIn } from '../../web/session.js';
import { objectId, parse } from '../../web/validate.js';
import { text } from '../schemas/text.js';
import { page, withFieldErrors } from '../../web/page.js';
import { integrationAccess } from './integrationAccess.js';

/** Seconds between refreshes of a source's page while a run is under way. */
const REFRESH_SECONDS = 5;

export function harvestAdminRouter(services: Services): Router {
  const router = Router();
  const { tree, harvestSources, harvester } = services;
  const prefixes = [...new Set(harvester.plugins.flatMap((p) => p.prefixes))];
  const form = z.object({
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

  const { mayManage, requireManagedOrganisations: managedOrganisations } = integrationAccess(tree);
  const loadManaged = async (req: Request) => {
    const source = await harvestSources.get(req.params.id!);
    if (!mayManage(req, source.orgId.toHexString())) throw forbidden();
    return source;
  };

  const presentSource = (s: HarvestSourceRecord) => ({
    id: s._id.toHexString(),
    url: `/admin/harvest/sources/${s._id.toHexString()}`,
    name: s.name,
    baseUrl: s.baseUrl,
    metadataPrefix: s.metadataPrefix,
    set: s.set ?? '',
    intervalHours: s.intervalHours,
    orgId: s.orgId.toHexString(),
    organisation: tree.get(s.orgId.toHexString())?.name ?? '',
    reexpose: s.reexpose,
    harvestedUntil: s.harvestedUntil,
    running: s.activeRunId !== null,
    /** Asked for and not yet finished: the page keeps refreshing until the run is over. */
    pending: s.activeRunId !== null || (s.nextRunAt !== null && s.nextRunAt.getTime() <= Date.now()),
  });
  const presentRun = (r: HarvestRunRecord) => ({
    startedAt: r.startedAt.toISOString(),
    finishedAt: r.finishedAt?.toISOString() ?? null,
    status: r.status,
    running: r.status === 'running',
    from: r.from?.toISOString() ?? null,
    pages: r.pages,
    added: r.added,
    updated: r.updated,
    deleted: r.deleted,
    unchanged: r.unchanged,
    resumed: r.resumed,
    problems: r.problems.map((e) => ({ at: e.at.toISOString(), url: e.url, message: e.message })),
  });

  const renderSource = async (
    req: Request,
    res: Response,
    source: HarvestSourceRecord | null,
    status = 200,
    errors: Record<string, string> = {},
    values?: Record<string, unknown>,
  ) => {
    const runs = source
      ? (await harvestSources.runs(source)).map((r) => ({
          ...presentRun(r),
          statusLabel: req.t(`harvest.statuses.${r.status}`),
        }))
      : [];
    if (source && presentSource(source).pending) res.set('Refresh', String(REFRESH_SECONDS));
    res.status(status).render('pages/harvest-source', {
      title: source ? source.name : req.t('harvest.newTitle'),
      source: source ? presentSource(source) : null,
      values: values ?? (source ? presentSource(source) : { metadataPrefix: 'oai_dc', intervalHours: 24 }),
      organisations: managedOrganisations(req),
      prefixes,
      runs,
      errors,
    });
  };

  const input = (req: Request) => {
    const v = parse(form, req.body, req);
    if (!mayManage(req, v.orgId)) throw forbidden();
    return { ...v, kind: 'oai-pmh', reexpose: v.reexpose === 'on' };
  };

  router.use('/admin/harvest', requireSignIn);

  router.get(
    '/admin/harvest',
    page(async (req, res) => {
      managedOrganisations(req);
      const sources = (await harvestSources.list())
        .filter((s) => mayManage(req, s.orgId.toHexString()))
        .map(presentSource);
      res.render('pages/harvest', { title: req.t('harvest.title'), sources });
    }),
  );

  router.get(
    '/admin/harvest/new',
    page(async (req, res) => renderSource(req, res, null)),
  );

  router.post(
    '/admin/harvest/sources',
    page(async (req, res) => {
      managedOrganisations(req);
      const outcome = await withFieldErrors(req, async () => harvestSources.create(req.actor.personId!, input(req)));
      if (!outcome.ok) return renderSource(req, res, null, 400, outcome.errors, req.body as Record<string, unknown>);
      res.redirect(303, presentSource(outcome.value).url);
    }),
  );

  router.get(
    '/admin/harvest/sources/:id',
    page(async (req, res) => renderSource(req, res, await loadManaged(req))),
  );

  router.post(
    '/admin/harvest/sources/:id',
    page(async (req, res) => {
      const source = await loadManaged(req);
      const outcome = await withFieldErrors(req, async () =>
        harvestSources.update(source._id.toHexString(), input(req)),
      );
      if (!outcome.ok) return renderSource(req, res, source, 400, outcome.errors, req.body as Record<string, unknown>);
      res.redirect(303, presentSource(outcome.value).url);
    }),
  );

  router.post(
    '/admin/harvest/sources/:id/run',
    page(async (req, res) => {
      const source = await loadManaged(req);
      const id = source._id.toHexString();
      await harvestSources.requestRun(id);
      // Started here at once; should another instance hold the source, its scheduler takes it up.
      void harvester
        .run(id)
        .catch((err: unknown) => services.log.error({ err, sourceId: id }, 'harvest: run failed to start'));
      res.redirect(303, presentSource(source).url);
    }),
  );

  return router;
}
