/**
 * The desk through the API: a school's loan rules and calendar, lending and taking back by barcode
 * (as a scanner types it), renewals, a patron's loans, and holds. A refused loan is a 409 whose
 * `fields` name each reason: `block.*` (nothing to do) or `confirm.*` (send again with `confirm`).
 */
import type { Request } from 'express';
import { z } from 'zod';
import type { Services } from '../../services/index.js';
import type { Patron } from '../../services/library/patrons.js';
import { returnConditions } from '../../domain/deskCharge.js';
import {
  deskMessage,
  presentCirculationSettings,
  presentDeskCopy,
  presentHold,
  presentLoan,
} from '../../presenters/loan.js';
import { translator } from '../../i18n/index.js';
import { presentReturned } from '../../presenters/deskCharge.js';
import { objectId } from '../../web/validate.js';
import { titlesOf } from '../titles.js';
import { endpoint, expectedVersion, type Endpoint } from './endpoint.js';
import { idParams } from './inputs.js';
import {
  cardAnswer,
  checkoutAnswer,
  circulationSettingsAnswer,
  circulationSettingsSchema,
  holdAnswer,
  loanAnswer,
  myLoansAnswer,
  patronLoansAnswer,
  returnAnswer,
  scanAnswer,
} from './deskAnswers.js';

const tag = 'desk';
const barcode = z.string().trim().min(1).max(40);
const confirmReason = z.enum(['held_for_other', 'patron_has_overdues']);

export function deskEndpoints(services: Services): Endpoint[] {
  const { circulation, circulationSettings, holds, desk, patrons } = services;
  const titles = (things: Parameters<typeof titlesOf>[1]) => titlesOf(services.search, things);
  const patronView = (req: Request, p: Patron) => ({
    id: p.id,
    displayName: p.displayName,
    type: { code: p.type, label: translator(req.lang)(`desk.patronType.${p.type}`) },
    disabled: p.disabled,
  });
  /** The patron with their class this school year, so that the desk's page can show it in place. */
  const withClass = async (req: Request, orgId: string, patron: ReturnType<typeof patronView>) => {
    const current = await services.schoolClasses.currentClassOf(orgId, patron.id);
    const classLine = current
      ? translator(req.lang)('patrons.classes.current', {
          className: current.className,
          schoolYear: current.schoolYear,
        })
      : null;
    return { ...patron, className: current?.className ?? null, classLine };
  };
  const settingsView = async (req: Request, orgId: string) => {
    const settings = await circulationSettings.load(req.actor, orgId);
    return { body: presentCirculationSettings(settings), version: settings.version };
  };

  return [
    endpoint({
      method: 'post',
      path: '/library/organisations/:id/desk/scan',
      tag,
      summary:
        'One scan at the desk: a library card starts serving its patron; a book lends to the patron served (`patronId`) or, with none, is taken back',
      signedIn: true,
      params: idParams,
      body: z.object({
        code: barcode,
        patronId: objectId.nullish(),
        confirm: z.array(confirmReason).max(2).default([]),
        returnAs: z
          .enum(returnConditions)
          .default('good')
          .describe('How a book scanned comes back (damaged needs a note)'),
        note: z.string().trim().max(500).nullish(),
      }),
      success: { status: 200, description: 'What the scan did, with a message to show', schema: scanAnswer },
      handle: async ({ req, params, body }) => {
        const result = await desk.scan(req.actor, params.id, {
          code: body.code,
          patronId: body.patronId ?? null,
          confirmed: body.confirm,
          returnAs: body.returnAs,
          note: body.note || null,
        });
        const loans = result.kind === 'returned' ? null : result.loans;
        const titleOf = await titles([...(loans ?? []), result.kind === 'patron' ? null : result.copy]);
        return {
          body: {
            kind: result.kind,
            message: deskMessage(result, titleOf, req.lang),
            patron: result.kind === 'returned' ? null : await withClass(req, params.id, patronView(req, result.patron)),
            loans: loans ? loans.map((l) => presentLoan(l, titleOf, req.lang)) : null,
            copy: result.kind === 'patron' ? null : presentDeskCopy(result.copy, titleOf, req.lang),
            loan: result.kind === 'patron' || !result.loan ? null : presentLoan(result.loan, titleOf, req.lang),
            returned: result.kind === 'returned' ? result.returned : null,
            recorded: result.kind === 'returned' ? (result.recorded ?? 'good') : null,
          },
        };
      },
    }),
    endpoint({
      method: 'post',
      path: '/library/organisations/:id/patrons/:personId/card',
      tag,
      summary: 'A patron’s library card at the school, issued with the school’s next number when they have none',
      signedIn: true,
      params: z.object({ id: objectId, personId: objectId }),
      success: { status: 200, description: 'The card', schema: cardAnswer },
      handle: async ({ req, params }) => {
        const card = await patrons.cardOf(req.actor, params.id, params.personId);
        return { body: { number: card.number, issuedAt: card.issuedAt.toISOString() } };
      },
    }),
    endpoint({
      method: 'get',
      path: '/library/organisations/:id/circulation-settings',
      tag,
      summary: 'A school’s loan rules (by patron type and collection), calendar of closed days, holds and fines',
      signedIn: true,
      params: idParams,
      success: {
        status: 200,
        description: 'The settings; `ETag` carries their version',
        schema: circulationSettingsAnswer,
      },
      handle: async ({ req, params }) => settingsView(req, params.id),
    }),
    endpoint({
      method: 'put',
      path: '/library/organisations/:id/circulation-settings',
      tag,
      summary: 'Replace a school’s loan rules, calendar, hold pickup days, loss policy and fines',
      signedIn: true,
      versioned: true,
      params: idParams,
      body: circulationSettingsSchema.extend({ version: z.number().int().min(0).optional() }),
      success: { status: 200, description: 'The settings after the change', schema: circulationSettingsAnswer },
      handle: async ({ req, params, body }) => {
        const { version, ...input } = body;
        await circulationSettings.update(req.actor, params.id, expectedVersion(req, version), input);
        return settingsView(req, params.id);
      },
    }),
    endpoint({
      method: 'post',
      path: '/library/organisations/:id/checkouts',
      tag,
      summary: 'Lend a copy (by barcode) to a patron; 409 names what blocks it or what needs confirming',
      signedIn: true,
      params: idParams,
      body: z.object({
        patronId: objectId,
        barcode,
        confirm: z.array(confirmReason).max(2).default([]),
      }),
      success: { status: 201, description: 'The loan, the copy and the patron', schema: checkoutAnswer },
      handle: async ({ req, params, body }) => {
        const lent = await circulation.checkOut(req.actor, params.id, {
          patronId: body.patronId,
          barcode: body.barcode,
          confirmed: body.confirm,
        });
        const titleOf = await titles([lent.copy]);
        return {
          body: {
            loan: presentLoan(lent.loan, titleOf, req.lang),
            copy: presentDeskCopy(lent.copy, titleOf, req.lang),
            patron: patronView(req, lent.patron),
          },
        };
      },
    }),
    endpoint({
      method: 'post',
      path: '/library/organisations/:id/returns',
      tag,
      summary: 'Take a copy back (by barcode); a copy not on loan changes nothing (`returned: false`)',
      signedIn: true,
      params: idParams,
      body: z.object({ barcode }),
      success: { status: 200, description: 'What the return did', schema: returnAnswer },
      handle: async ({ req, params, body }) => {
        const back = await circulation.checkIn(req.actor, params.id, body.barcode);
        return { body: presentReturned(back, await titles([back.copy]), req.lang) };
      },
    }),
    endpoint({
      method: 'post',
      path: '/library/organisations/:id/class-sets',
      tag,
      summary:
        'Lend a class set to a teacher for a lesson: many copies, one due date; refused whole (each copy named) if any copy cannot go',
      signedIn: true,
      params: idParams,
      body: z.object({
        patronId: objectId,
        barcodes: z.array(barcode).min(1).max(200),
        dueDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
        confirm: z.array(confirmReason).max(2).default([]),
      }),
      success: {
        status: 201,
        description: 'The set’s id and its loans',
        schema: z.object({ id: z.string(), loans: z.array(loanAnswer) }),
      },
      handle: async ({ req, params, body }) => {
        const set = await services.classSets.lend(req.actor, params.id, { ...body, confirmed: body.confirm });
        const titleOf = await titles(set.loans);
        return { body: { id: set.id, loans: set.loans.map((l) => presentLoan(l, titleOf, req.lang)) } };
      },
    }),
    endpoint({
      method: 'post',
      path: '/library/organisations/:id/reading-uses',
      tag,
      summary: 'Count in-library use (lượt đọc tại chỗ): one scanned copy, or the day’s count',
      signedIn: true,
      params: idParams,
      body: z.union([
        z.object({ barcode }),
        z.object({ day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), count: z.number().int().min(1).max(100_000) }),
      ]),
      success: { status: 204, description: 'Counted' },
      handle: async ({ req, params, body }) => {
        await services.classSets.recordUse(req.actor, params.id, body);
        return {};
      },
    }),
    endpoint({
      method: 'get',
      path: '/library/organisations/:id/overdues',
      tag,
      summary: 'The school’s loans past their due day, most overdue first, with the readers’ names',
      signedIn: true,
      params: idParams,
      success: {
        status: 200,
        description: 'Overdue loans',
        schema: z.object({ items: z.array(loanAnswer.extend({ patronName: z.string() })) }),
      },
      handle: async ({ req, params }) => {
        const list = await circulation.overdues(req.actor, params.id);
        const titleOf = await titles(list.map((o) => o.loan));
        return {
          body: { items: list.map((o) => ({ ...presentLoan(o.loan, titleOf, req.lang), patronName: o.patronName })) },
        };
      },
    }),
    endpoint({
      method: 'get',
      path: '/me/loans',
      tag,
      summary: 'The signed-in person’s loans (current first, then the past) and holds, at every school',
      signedIn: true,
      success: { status: 200, description: 'Loans and holds', schema: myLoansAnswer },
      handle: async ({ req }) => {
        const mine = await circulation.mine(req.actor);
        const titleOf = await titles([...mine.loans, ...mine.holds]);
        return {
          body: {
            loans: mine.loans.map((l) => presentLoan(l, titleOf, req.lang)),
            holds: mine.holds.map((h) => presentHold(h, titleOf, req.lang)),
          },
        };
      },
    }),
    endpoint({
      method: 'post',
      path: '/loans/:id/renew',
      tag,
      summary: 'Renew a loan from today (the desk, or the reader themself); 409 says why not',
      signedIn: true,
      params: idParams,
      success: { status: 200, description: 'The renewed loan', schema: loanAnswer },
      handle: async ({ req, params }) => {
        const loan = await circulation.renew(req.actor, params.id);
        return { body: presentLoan(loan, await titles([loan]), req.lang) };
      },
    }),
    endpoint({
      method: 'post',
      path: '/loans/:id/lost',
      tag,
      summary: 'A reader reports the book lost: the loan ends as lost and the copy is marked lost (the desk)',
      signedIn: true,
      params: idParams,
      body: z.object({ note: z.string().trim().max(500).nullish() }),
      success: { status: 200, description: 'The loan, ended as lost', schema: loanAnswer },
      handle: async ({ req, params, body }) => {
        const { loan } = await services.deskCharges.declareLost(req.actor, params.id, body.note ?? null);
        return { body: presentLoan(loan, await titles([loan]), req.lang) };
      },
    }),
    endpoint({
      method: 'get',
      path: '/library/organisations/:id/patrons/:personId/loans',
      tag,
      summary: 'A patron’s loans at the school: current first, then the past (the desk, or the patron)',
      signedIn: true,
      params: z.object({ id: objectId, personId: objectId }),
      success: { status: 200, description: 'The patron and their loans', schema: patronLoansAnswer },
      handle: async ({ req, params }) => {
        const { patron, loans } = await circulation.loansOf(req.actor, params.id, params.personId);
        const titleOf = await titles(loans);
        return {
          body: { patron: patronView(req, patron), loans: loans.map((l) => presentLoan(l, titleOf, req.lang)) },
        };
      },
    }),
    endpoint({
      method: 'post',
      path: '/library/organisations/:id/holds',
      tag,
      summary: 'Place a hold on a title at the school (for oneself, or for a patron at the desk)',
      signedIn: true,
      params: idParams,
      body: z.object({ resourceId: objectId, patronId: objectId.optional() }),
      success: { status: 201, description: 'The hold, in the title’s queue', schema: holdAnswer },
      handle: async ({ req, params, body }) => {
        const patronId = body.patronId ?? req.actor.personId!;
        const hold = await holds.place(req.actor, params.id, body.resourceId, patronId);
        return { body: presentHold(hold, await titles([hold]), req.lang) };
      },
    }),
    endpoint({
      method: 'delete',
      path: '/holds/:id',
      tag,
      summary: 'Cancel a hold (its patron, or the desk)',
      signedIn: true,
      params: idParams,
      success: { status: 200, description: 'The cancelled hold', schema: holdAnswer },
      handle: async ({ req, params }) => {
        const hold = await holds.cancel(req.actor, params.id);
        return { body: presentHold(hold, await titles([hold]), req.lang) };
      },
    }),
  ];
}
