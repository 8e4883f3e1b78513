/**
 * A person's own page of loans (/my/loans): what they have out now with the day each is due, a
 * renewal button where the rules allow one, their holds (with their place and pickup deadline, and
 * a cancel button) and their past loans. Forms, so that it works without JavaScript.
 */
import { Router, type Request, type Response } from 'express';
import { DomainError } from '../../../domain/errors.js';
import { presentHold, presentLoan } from '../../../presenters/loan.js';
import { titlesOf } from '../../titles.js';
import type { Services } from '../../../services/index.js';
import { requireSignIn } from '../../../web/session.js';
import { presentFields } from '../../../web/errors.js';
import { objectId, parse } from '../../../web/validate.js';
import { page } from '../../../web/page.js';
import { cancelFieldOf, cancelForm, myInterLibraryRows, type FailedCancel } from './myInterLibrary.js';
import { withFormErrors } from './shared.js';

/** The text of each kind of notice, shown in the reader's language. */
type NoticeKind = Awaited<ReturnType<Services['circulation']['noticesOf']>>[number]['kind'];
const noticeKeys: Record<NoticeKind, (params: Record<string, string>) => string> = {
  hold_ready: () => 'desk.notice.holdReadyShort',
  interlibrary: (params) => `interLibrary.notice.${params.status}`,
  interlibrary_arrived: () => 'interLibraryDesk.notice.arrivedShort',
};

interface MyLoansView {
  status?: number;
  notice?: { tone: string; text: string } | null;
  failedCancel?: FailedCancel | null;
}

async function renderMyLoans(services: Services, req: Request, res: Response, view: MyLoansView = {}) {
  const { circulation, tree } = services;
  const schoolName = (orgId: string) => tree.get(orgId)?.name ?? '';
  const [mine, notices, classes] = await Promise.all([
    circulation.mine(req.actor),
    circulation.noticesOf(req.actor),
    services.schoolClasses.myClasses(req.actor),
  ]);
  const titleOf = await titlesOf(services.search, [...mine.loans, ...mine.holds]);
  const loans = mine.loans.map((l) => ({
    ...presentLoan(l, titleOf, req.lang),
    school: schoolName(l.orgId),
    // Another school's copy: its due day is the lending school's to set, so it has no renewal button.
    interLibrary: Boolean(l.interLibraryRequestId),
  }));
  res.status(view.status ?? 200).render('pages/my-loans', {
    title: req.t('desk.my.title'),
    notice: view.notice ?? null,
    classes: classes.map((c) => ({ ...c, school: schoolName(c.orgId) })),
    notices: notices.map((n) => ({
      text: req.t(noticeKeys[n.kind](n.params), { ...n.params, name: req.person?.displayName ?? '' }),
      at: n.createdAt,
    })),
    current: loans.filter((l) => l.status.code === 'active'),
    past: loans.filter((l) => l.status.code !== 'active'),
    holds: mine.holds
      .filter((h) => h.status === 'waiting' || h.status === 'ready')
      .map((h) => ({ ...presentHold(h, titleOf, req.lang), school: schoolName(h.orgId) })),
    interLibrary: await myInterLibraryRows(services, req, view.failedCancel ?? null),
  });
}

export function myLoanPages(services: Services): Router {
  const router = Router();
  router.get(
    '/my/loans',
    requireSignIn,
    page(async (req, res) => renderMyLoans(services, req, res)),
  );
  router.post('/my/loans/:id/renew', requireSignIn, page(renewMine(services)));
  router.post(
    '/my/holds/:id/cancel',
    requireSignIn,
    page(async (req, res) => {
      await services.holds.cancel(req.actor, parse(objectId, req.params.id, req));
      res.redirect(303, '/my/loans');
    }),
  );
  router.post('/my/inter-library-requests/:id/cancel', requireSignIn, page(cancelMyRequest(services)));
  return router;
}

/** A renewal the rules refuse is shown on the page with why (409), not as an error page. */
function renewMine(services: Services) {
  return async (req: Request, res: Response) => {
    const id = parse(objectId, req.params.id, req);
    try {
      const loan = await services.circulation.renew(req.actor, id);
      await renderMyLoans(services, req, res, {
        notice: { tone: 'ok', text: req.t('desk.my.renewed', { due: loan.dueDate }) },
      });
    } catch (err) {
      if (!(err instanceof DomainError) || err.code !== 'conflict') throw err;
      const why = presentFields(err.fields, req.t).map((f) => f.message);
      const text = [req.t(err.messageKey), ...why].join(' ');
      await renderMyLoans(services, req, res, { status: 409, notice: { tone: 'error', text } });
    }
  };
}

function cancelMyRequest(services: Services) {
  return async (req: Request, res: Response) => {
    const id = parse(objectId, req.params.id, req);
    const { reason } = parse(cancelForm, req.body, req);
    const outcome = await withFormErrors(req, () => services.interLibrary.cancel(req.actor, id, reason), cancelFieldOf);
    if (outcome.ok) {
      const notice = { tone: 'ok', text: req.t('interLibraryDesk.mine.cancelled') };
      return renderMyLoans(services, req, res, { notice });
    }
    await renderMyLoans(services, req, res, {
      status: outcome.status,
      failedCancel: { id, errors: outcome.errors, reason },
    });
  };
}
