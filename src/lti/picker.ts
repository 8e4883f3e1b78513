/**
 * The Deep Linking 2.0 picker: a teacher adding an activity in the course searches the catalogue
 * (the same Vietnamese search and facets as the library, limited to what they may share), picks
 * one or several items, and we answer the platform with one signed `ltiResourceLink` per item,
 * each naming the library item by a custom parameter.
 *
 * The picker is one form, so that it works without script: searching, paging and removing an
 * item are GET submissions carrying the ticks of the page shown (`resourceIds`) and the items
 * picked before (`kept`, hidden); adding posts the same form.
 */
import type { NextFunction, Request, Response } from 'express';
import type { IdToken, Provider } from 'ltijs';
import { z } from 'zod';
import { forbidden } from '../domain/errors.js';
import type { Person } from '../domain/person.js';
import { parse, objectId } from '../web/validate.js';
import { searchParamsOf, searchQuerySchema, searchStateOf, type SearchQuery } from '../web/searchQuery.js';
import { identityKey } from '../domain/person.js';
import { actorOf } from '../services/accounts.js';
import { canOnResource } from '../policies/resource.js';
import { presentFacets, presentSummary } from '../presenters/resource.js';
import type { SearchCard } from '../search/port.js';
import { allowPlatform } from './frame.js';
import { admit, RESOURCE_PARAMETER, type LtiDeps } from './launch.js';
import { iconOf, thumbnailOf } from './images.js';
import { refuse } from './loginGuard.js';
import { organisationOfDeployment } from '../domain/ltiPlatform.js';
import { mayPickResources } from './roles.js';

const PAGE_SIZE = 20;

const MAX_PICKED = 50;

const ids = z
  .union([objectId, z.array(objectId)])
  .optional()
  .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]));

/** What the picker form carries besides the search itself. */
const pickerState = z.object({
  resourceIds: ids,
  kept: ids,
  remove: objectId.optional(),
  to: z.coerce.number().int().min(1).max(10_000).optional(),
  completion: z.literal('on').optional(),
});
type PickerState = z.output<typeof pickerState>;

const carriedIds = z.object({ resourceIds: z.array(objectId).max(MAX_PICKED) });
const submittedIds = z.object({ resourceIds: z.array(objectId).min(1).max(MAX_PICKED) });

/** Earlier picks, then this page's ticks; a platform taking one item gets the latest pick. */
function selectionOf(state: PickerState, acceptsMultiple: boolean): string[] {
  const latest = state.resourceIds.at(-1) ?? state.kept.at(-1);
  const all = acceptsMultiple ? [...state.kept, ...state.resourceIds] : latest ? [latest] : [];
  return [...new Set(all)].filter((id) => id !== state.remove);
}

const acceptsMultiple = (token: IdToken) =>
  !(
    token.platformContext.deepLinkingSettings?.accept_multiple === false ||
    token.platformContext.deepLinkingSettings?.accept_multiple === 'false'
  );

function isPickerLaunch(token: IdToken | undefined): token is IdToken {
  return (
    token?.platformContext?.messageType === 'LtiDeepLinkingRequest' &&
    Boolean(token.platformContext.deepLinkingSettings)
  );
}

async function renderPicker(
  deps: LtiDeps,
  person: Person,
  token: IdToken,
  query: SearchQuery,
  selection: readonly string[],
  req: Request,
  res: Response,
): Promise<void> {
  const actor = actorOf(person);
  const { tree } = deps.services;
  const state = searchStateOf({ ...query, limit: PAGE_SIZE });
  const result = await deps.services.search.search(actor, searchParamsOf(state, { action: 'share' }));
  const onPage = new Set(result.hits.map((h) => h.card.id));
  const cards = await deps.services.search.cards(selection);
  const picked = selection
    .map((id) => cards.get(id))
    .filter(
      (e): e is SearchCard => e !== undefined && e.status === 'published' && canOnResource(actor, 'share', e, tree),
    )
    .map((e) => ({ ...presentSummary(e, tree, req.lang), kept: !onPage.has(e.id) }));
  const pickedIds = new Set(picked.map((p) => p.id));
  const pages = Math.ceil(result.total / PAGE_SIZE);
  allowPlatform(res, [token.iss]);
  res.render('pages/lti-picker', {
    layout: 'lti',
    title: req.t('lti.picker.title'),
    ltik: String(res.locals.ltik),
    q: state.q,
    sort: state.sort,
    page: state.page,
    pages,
    previousPage: state.page > 1 ? state.page - 1 : null,
    nextPage: state.page < pages ? state.page + 1 : null,
    total: result.total,
    picked,
    items: result.hits.map((h) => ({ ...presentSummary(h.card, tree, req.lang), picked: pickedIds.has(h.card.id) })),
    facets: presentFacets(result.facets, state.filters, tree, req.lang).filter((f) => f.values.length > 0),
    acceptsMultiple: acceptsMultiple(token),
  });
}

/** The picker's person on a follow-up request (a search, the selection): still a teacher of that deployment. */
async function pickerPerson(
  deps: LtiDeps,
  token: IdToken | undefined,
  req: Request,
  res: Response,
): Promise<{ token: IdToken; person: Person } | null> {
  const issuer = token?.iss;
  if (!isPickerLaunch(token)) {
    refuse(req, res, 'lti.refused.notPicker', 403, issuer);
    return null;
  }
  const platform = await deps.platforms.forLaunch(token.iss, token.clientId);
  if (!organisationOfDeployment(platform, token.deploymentId)) {
    refuse(req, res, 'lti.refused.deployment', 403, token.iss);
    return null;
  }
  if (!mayPickResources(token.platformContext.roles ?? [])) {
    refuse(req, res, 'lti.refused.pickerRole', 403, token.iss);
    return null;
  }
  const person = await deps.services.accounts.personByIdentity(identityKey('lti', token.iss, token.user));
  if (!person || person.disabled) throw forbidden();
  return { token, person };
}

export function onDeepLinking(deps: LtiDeps) {
  return async (token: IdToken, req: Request, res: Response, next: NextFunction): Promise<void> => {
    try {
      const admitted = await admit(deps, token, req, res);
      if (!admitted) return;
      if (!mayPickResources(admitted.claims.roles)) return refuse(req, res, 'lti.refused.pickerRole', 403, token.iss);
      await renderPicker(deps, admitted.person, token, parse(searchQuerySchema, {}, req), [], req, res);
    } catch (err) {
      next(err);
    }
  };
}

export function pickerSearch(deps: LtiDeps) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    try {
      const picker = await pickerPerson(deps, res.locals.token as IdToken | undefined, req, res);
      if (!picker) return;
      const { ltik: _ltik, ...query } = req.query;
      const state = parse(pickerState, query, req);
      const search = parse(searchQuerySchema, { ...query, page: state.to ?? query.page }, req);
      const { resourceIds } = parse(
        carriedIds,
        { resourceIds: selectionOf(state, acceptsMultiple(picker.token)) },
        req,
      );
      await renderPicker(deps, picker.person, picker.token, search, resourceIds, req, res);
    } catch (err) {
      next(err);
    }
  };
}

export function pickerSubmit(deps: LtiDeps, provider: Provider) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    try {
      const picker = await pickerPerson(deps, res.locals.token as IdToken | undefined, req, res);
      if (!picker) return;
      const state = parse(pickerState, req.body, req);
      const { resourceIds } = parse(
        submittedIds,
        { resourceIds: selectionOf(state, acceptsMultiple(picker.token)) },
        req,
      );
      const actor = actorOf(picker.person);
      const launchUrl = `${deps.config.baseUrl}/lti`;
      const items: Record<string, unknown>[] = [];
      for (const id of resourceIds) {
        const resource = await deps.services.resources.load(actor, id, 'share');
        const title = resource.metadata.title;
        const thumbnail = thumbnailOf(resource, deps.services.tree, deps.config.baseUrl);
        items.push({
          type: 'ltiResourceLink',
          title,
          ...(resource.metadata.description ? { text: resource.metadata.description } : {}),
          url: launchUrl,
          icon: iconOf(resource, deps.config.baseUrl),
          ...(thumbnail ? { thumbnail } : {}),
          custom: { [RESOURCE_PARAMETER]: resource.id },
          ...(state.completion ? { lineItem: { scoreMaximum: 1, label: title, resourceId: resource.id } } : {}),
        });
      }
      const jwt = await provider.DeepLinking.createDeepLinkingMessage(picker.token, items, {
        message: req.t('lti.picker.added', { count: items.length }),
      });
      const returnUrl = picker.token.platformContext.deepLinkingSettings!.deep_link_return_url;
      allowPlatform(res, [picker.token.iss, returnUrl]);
      res.render('pages/lti-deep-link-return', {
        layout: 'lti',
        title: req.t('lti.picker.returning'),
        returnUrl,
        jwt,
        count: items.length,
      });
    } catch (err) {
      next(err);
    }
  };
}
