/**
 * The librarians' inter-library pages of one school: the requests it is asked (incoming: send the
 * copy scanned or typed, or refuse saying why) and those its readers made (outgoing: the copy
 * received, the copy back), filtered by status with the count of each in the menu. Forms posted
 * over InterLibraryService, so that the pages work without JavaScript; a step already taken (by
 * another librarian, or a form sent twice) answers 409 on the page with what happened.
 */
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { interLibraryStatuses, type InterLibraryRequest } from '../../../domain/interLibrary.js';
import { notFound } from '../../../domain/errors.js';
import { presentDeskRows, presentStatusMenu, type DeskSide } from '../../../presenters/interLibraryDesk.js';
import type { Services } from '../../../services/index.js';
import { page } from '../../../web/page.js';
import { objectId, parse } from '../../../web/validate.js';
import { titlesOf } from '../../titles.js';
import { withFormErrors, type FormErrors } from './shared.js';
import {
  requestCursorOf,
  requestCursorPattern,
  requestCursorText,
  type RequestPage,
} from '../../../domain/interLibrary.js';

const sides = ['incoming', 'outgoing'] as const;
const deskSteps = ['send', 'refuse', 'receive', 'return'] as const;
type DeskStep = (typeof deskSteps)[number];
const serviceSide = { incoming: 'lending', outgoing: 'borrowing' } as const;

const listQuery = z.object({
  side: z.enum(sides).default('incoming'),
  status: z.union([z.enum(interLibraryStatuses), z.literal('')]).default(''),
  done: z.enum(deskSteps).optional(),
  /** A page of the list: older than `after`, or newer than `before` (cursors on {createdAt, id}). */
  after: z.string().regex(requestCursorPattern).optional(),
  before: z.string().regex(requestCursorPattern).optional(),
});
const stepForm = listQuery.omit({ done: true, after: true, before: true }).extend({
  barcode: z.string().trim().max(40).default(''),
  reason: z.string().trim().max(500).default(''),
});
type Shown = z.infer<typeof listQuery>;

/** A failed step: its request's row, what was typed, and the messages by field (`_` for the row). */
interface Failed {
  id: string;
  status: number;
  errors: FormErrors;
  barcode: string;
  reason: string;
}

export const interLibraryDeskUrl = (orgId: string, shown: Partial<Shown> = {}) => {
  const query = new URLSearchParams(Object.entries(shown).filter(([, v]) => v) as [string, string][]);
  return `/library/schools/${orgId}/inter-library${query.size ? `?${query}` : ''}`;
};

export function interLibraryDeskPages(services: Services): Router {
  const router = Router();
  const render = renderer(services);

  router.get(
    '/library/schools/:orgId/inter-library',
    page(async (req, res) => render(req, res, parse(listQuery, req.query, req), null)),
  );

  router.post(
    '/library/schools/:orgId/inter-library/:id/:step',
    page(async (req, res) => {
      const orgId = parse(objectId, req.params.orgId, req);
      const id = parse(objectId, req.params.id, req);
      const step = parse(z.enum(deskSteps), req.params.step, req);
      const form = parse(stepForm, req.body, req);
      const shown = { side: form.side, status: form.status };
      const outcome = await withFormErrors(req, () => takeStep(services, req, orgId, id, step, form), fieldOfStep);
      if (outcome.ok) return res.redirect(303, interLibraryDeskUrl(orgId, { ...shown, done: step }));
      await render(req, res, shown, { id, ...outcome, barcode: form.barcode, reason: form.reason });
    }),
  );
  return router;
}

const fieldOfStep = (path: string) => (path === 'barcode' || path === 'reason' ? path : '_');

/** One step on a request of this school (on either side); a request of another school is not found here. */
async function takeStep(
  { interLibrary }: Services,
  req: Request,
  orgId: string,
  id: string,
  step: DeskStep,
  form: { barcode: string; reason: string },
): Promise<InterLibraryRequest> {
  const request = await interLibrary.load(req.actor, id);
  if (request.lendingOrgId !== orgId && request.borrowingOrgId !== orgId) throw notFound('interLibrary.notFound');
  if (step === 'send') return interLibrary.send(req.actor, id, form.barcode);
  if (step === 'refuse') return interLibrary.refuse(req.actor, id, form.reason);
  if (step === 'receive') return interLibrary.receive(req.actor, id);
  return interLibrary.returned(req.actor, id);
}

function renderer(services: Services) {
  const { interLibrary, tree, accounts } = services;
  return async (req: Request, res: Response, shown: Omit<Shown, 'done'> & Partial<Shown>, failed: Failed | null) => {
    const orgId = parse(objectId, req.params.orgId, req);
    const [page, counts] = await Promise.all([
      interLibrary.pageOfSchool(req.actor, orgId, serviceSide[shown.side], {
        status: shown.status || undefined,
        after: shown.after ? requestCursorOf(shown.after) : undefined,
        before: shown.before ? requestCursorOf(shown.before) : undefined,
      }),
      countsOfBothSides(services, req, orgId),
    ]);
    const { requests } = page;
    const titleOf = await titlesOf(services.search, requests);
    const people = await Promise.all([...new Set(requests.map((r) => r.requesterId))].map((id) => accounts.person(id)));
    const names = new Map(people.flatMap((p) => (p ? [[p.id, p.displayName] as const] : [])));
    const context = { titleOf, nameOf: (id: string) => names.get(id) ?? '', tree, actor: req.actor, t: req.t };
    const rows = presentDeskRows(requests, shown.side as DeskSide, context).map((row) =>
      row.id === failed?.id ? { ...row, failed } : row,
    );
    res.status(failed?.status ?? 200).render('pages/library-inter-library', {
      title: req.t('interLibraryDesk.title'),
      org: tree.get(orgId),
      side: shown.side,
      status: shown.status,
      done: shown.done ? req.t(`interLibraryDesk.done.${shown.done}`) : null,
      sides: sides.map((s) => ({
        code: s,
        label: req.t(`interLibraryDesk.sides.${s}`),
        waiting: req.t(`interLibraryDesk.waiting.${s}`, {
          count: s === 'incoming' ? counts[s].requested : counts[s].sent,
        }),
        current: s === shown.side,
      })),
      menu: presentStatusMenu(counts[shown.side], shown.status || undefined, req.t),
      rows,
      paging: pagingLinks(orgId, shown, page),
      // The request may have left the status shown (another librarian moved it): say why here.
      refusedElsewhere: failed && !rows.some((r) => r.id === failed.id) ? Object.values(failed.errors).join(' ') : null,
    });
  };
}

/**
 * The counts per status of both sides: the menu of the side shown, and what waits on the other
 * (to send, on its way).
 */
async function countsOfBothSides(services: Services, req: Request, orgId: string) {
  const [incoming, outgoing] = await Promise.all([
    services.interLibrary.countsOfSchool(req.actor, orgId, 'lending'),
    services.interLibrary.countsOfSchool(req.actor, orgId, 'borrowing'),
  ]);
  return { incoming, outgoing };
}

/** The links to the newer and older pages of the list shown (none when it fits on one). */
function pagingLinks(orgId: string, shown: Partial<Shown>, page: RequestPage) {
  const { requests, hasNewer, hasOlder } = page;
  const base = { side: shown.side, status: shown.status };
  const newer =
    hasNewer && requests[0] ? interLibraryDeskUrl(orgId, { ...base, before: requestCursorText(requests[0]) }) : null;
  const older =
    hasOlder && requests.at(-1)
      ? interLibraryDeskUrl(orgId, { ...base, after: requestCursorText(requests.at(-1)!) })
      : null;
  return newer || older ? { newer, older } : null;
}
