/**
 * Inter-library requests through the API: a reader asks another school for a printed title; the
 * lending school's librarians list what they are asked and send (scanning the copy) or refuse; the
 * borrowing school's librarians receive; either closes it when the copy is back. A step taken
 * already answers 409 saying the status the request reached.
 */
import type { Request } from 'express';
import { z } from 'zod';
import type { InterLibraryRequest } from '../../domain/interLibrary.js';
import { presentInterLibraryRequest } from '../../presenters/interLibrary.js';
import type { Services } from '../../services/index.js';
import { objectId } from '../../web/validate.js';
import { titlesOf } from '../titles.js';
import { endpoint, type Endpoint } from './endpoint.js';
import { idParams } from './inputs.js';

const tag = 'inter-library';
const coded = z.object({ code: z.string(), label: z.string() });
const school = z.object({ id: z.string(), name: z.string() });

export const interLibraryAnswer = z
  .object({
    id: z.string(),
    resourceId: z.string(),
    title: z.string(),
    requesterId: z.string(),
    borrowingSchool: school,
    lendingSchool: school,
    status: coded,
    copyId: z.string().nullable(),
    reason: z.string().nullable(),
    note: z.string().nullable(),
    createdAt: z.string(),
    modifiedAt: z.string(),
    version: z.number().int(),
  })
  .meta({ id: 'InterLibraryRequest' });
const listAnswer = z.object({ requests: z.array(interLibraryAnswer) });
const reason = z.object({ reason: z.string().trim().min(1).max(500) });

export function interLibraryEndpoints(services: Services): Endpoint[] {
  const { interLibrary, tree } = services;
  const present = async (req: Request, requests: InterLibraryRequest[]) => {
    const titleOf = await titlesOf(services.search, requests);
    return requests.map((r) => presentInterLibraryRequest(r, titleOf, tree, req.lang));
  };
  const one = async (req: Request, request: InterLibraryRequest) => ({ body: (await present(req, [request]))[0]! });
  const step = (
    path: string,
    summary: string,
    act: (req: Request, id: string, body: never) => Promise<InterLibraryRequest>,
    body?: z.ZodType,
  ) =>
    endpoint({
      method: 'post',
      path: `/inter-library-requests/:id/${path}`,
      tag,
      summary,
      signedIn: true,
      params: idParams,
      body: body ?? z.object({}),
      success: { status: 200, description: 'The request after the step', schema: interLibraryAnswer },
      handle: async ({ req, params, body: given }) => one(req, await act(req, params.id, given as never)),
    });

  return [
    endpoint({
      method: 'post',
      path: '/inter-library-requests',
      tag,
      summary: 'Ask another school of the province for a printed title it holds, to borrow at one’s own school',
      signedIn: true,
      body: z.object({
        resourceId: objectId,
        borrowingOrgId: objectId,
        lendingOrgId: objectId,
        note: z.string().trim().max(500).nullish(),
      }),
      success: { status: 201, description: 'The request, waiting for the lending school', schema: interLibraryAnswer },
      handle: async ({ req, body }) =>
        one(req, await interLibrary.request(req.actor, { ...body, note: body.note || null })),
    }),
    endpoint({
      method: 'get',
      path: '/inter-library-requests/mine',
      tag,
      summary: 'The signed-in reader’s requests, newest first',
      signedIn: true,
      success: { status: 200, description: 'Their requests', schema: listAnswer },
      handle: async ({ req }) => ({ body: { requests: await present(req, await interLibrary.mine(req.actor)) } }),
    }),
    endpoint({
      method: 'get',
      path: '/library/organisations/:id/inter-library-requests',
      tag,
      summary:
        'A school’s requests: those it is asked (`side=lending`, default) or its readers made (`side=borrowing`)',
      signedIn: true,
      params: idParams,
      query: z.object({ side: z.enum(['lending', 'borrowing']).default('lending') }),
      success: { status: 200, description: 'The requests, newest first', schema: listAnswer },
      handle: async ({ req, params, query }) => ({
        body: { requests: await present(req, await interLibrary.ofSchool(req.actor, params.id, query.side)) },
      }),
    }),
    endpoint({
      method: 'get',
      path: '/inter-library-requests/:id',
      tag,
      summary: 'One request (its reader, the librarians of both schools)',
      signedIn: true,
      params: idParams,
      success: { status: 200, description: 'The request', schema: interLibraryAnswer },
      handle: async ({ req, params }) => one(req, await interLibrary.load(req.actor, params.id)),
    }),
    step(
      'send',
      'The lending school sends the copy scanned or typed (its barcode or accession number; of the title asked, on the shelf): it travels',
      (req, id, body: { barcode: string }) => interLibrary.send(req.actor, id, body.barcode),
      z.object({ barcode: z.string().trim().min(1).max(40) }),
    ),
    step(
      'refuse',
      'The lending school refuses, saying why',
      (req, id, body: { reason: string }) => interLibrary.refuse(req.actor, id, body.reason),
      reason,
    ),
    step(
      'cancel',
      'The reader or their school cancels before a copy is sent, saying why',
      (req, id, body: { reason: string }) => interLibrary.cancel(req.actor, id, body.reason),
      reason,
    ),
    step('receive', 'The borrowing school received the copy and lends it to the reader', (req, id) =>
      interLibrary.receive(req.actor, id),
    ),
    step('return', 'The copy is back on the lending school’s shelf: the request is closed', (req, id) =>
      interLibrary.returned(req.actor, id),
    ),
  ];
}
