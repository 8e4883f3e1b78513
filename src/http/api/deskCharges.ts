/**
 * Lost and damaged copies and fines through the API: the return of one loan (good or damaged, with
 * a note), settling what a patron owes (a fine paid or waived, a replacement received or waived),
 * and a patron's charges. A second click on an ended loan or a settled charge is a 409.
 */
import { z } from 'zod';
import type { Services } from '../../services/index.js';
import { presentCharge, presentReturned } from '../../presenters/deskCharge.js';
import { titlesOf } from '../titles.js';
import { endpoint, type Endpoint } from './endpoint.js';
import { idParams, personParams } from './inputs.js';
import { returnAnswer } from './deskAnswers.js';
import { chargeAnswer, loanReturnBody, settleBody } from './deskChargeAnswers.js';

const tag = 'desk';

export function deskChargeEndpoints(services: Services): Endpoint[] {
  const { deskCharges } = services;
  return [
    endpoint({
      method: 'post',
      path: '/loans/:id/return',
      tag,
      summary:
        'Take back the copy of one loan, good or damaged (`damaged` with a `note`: the copy is set aside as damaged); ' +
        'a fine when late and the school charges fines; 409 once it is back',
      signedIn: true,
      params: idParams,
      body: loanReturnBody,
      success: { status: 200, description: 'What the return did', schema: returnAnswer },
      handle: async ({ req, params, body }) => {
        const back = await deskCharges.returnLoan(req.actor, params.id, {
          damaged: body.damaged,
          note: body.note || null,
        });
        return { body: presentReturned(back, await titlesOf(services.search, [back.copy]), req.lang) };
      },
    }),
    endpoint({
      method: 'post',
      path: '/desk-charges/:id/settle',
      tag,
      summary:
        'Record that a fine was paid or waived, or a replacement copy received (the lost copy back on the shelf) ' +
        'or waived; 409 once settled',
      signedIn: true,
      params: z.object({ id: z.string().regex(/^[0-9a-f]{24}\.(fine|replacement)$/) }),
      body: settleBody,
      success: { status: 200, description: 'The charge, settled', schema: chargeAnswer },
      handle: async ({ req, params, body }) => {
        const settled = await services.replacementCopies.settle(req.actor, params.id, body.status, {
          note: body.note || null,
          version: body.version,
          replacementAs: body.replacementAs,
        });
        return { body: presentCharge(settled, req.lang) };
      },
    }),
    endpoint({
      method: 'get',
      path: '/library/organisations/:id/patrons/:personId/charges',
      tag,
      summary: 'What a patron owes or owed at the school (fines, replacement copies), newest first',
      signedIn: true,
      params: personParams,
      success: { status: 200, description: 'The charges', schema: z.object({ charges: z.array(chargeAnswer) }) },
      handle: async ({ req, params }) => {
        const charges = await services.replacementCopies.ofPatron(req.actor, params.id, params.personId);
        return { body: { charges: charges.map((c) => presentCharge(c, req.lang)) } };
      },
    }),
  ];
}
