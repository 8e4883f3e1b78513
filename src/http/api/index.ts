/** The JSON API under /api/v1: every endpoint declared once, mounted, and described at /api/v1/openapi.json. */
import { Router } from 'express';
import { vocabularies } from '../../../config/vocabularies.js';
import type { Config } from '../../../config/index.js';
import { presentCurrentUser } from '../../presenters/person.js';
import type { Services } from '../../services/index.js';
import { meAnswer, resourceAnswer, vocabulariesAnswer } from './answers.js';
import { collectionEndpoints } from './collections.js';
import { libraryEndpoints } from './library.js';
import { libraryIndicatorEndpoints } from './libraryIndicators.js';
import { deskEndpoints } from './desk.js';
import { overdueClassEndpoints } from './overdueClasses.js';
import { interLibraryEndpoints } from './interLibrary.js';
import { stocktakingEndpoints } from './stocktaking.js';
import { deskChargeEndpoints } from './deskCharges.js';
import { endpoint, mountEndpoints, type Endpoint } from './endpoint.js';
import { organisationEndpoints } from './organisations.js';
import { buildOpenApi, uploadMarker } from './openapi.js';
import { resourceEndpoints } from './resources.js';
import { z } from 'zod';
import { idParams } from './inputs.js';
import { objectId } from '../../web/validate.js';

export const API_VERSION = '1.0.0';

function referenceEndpoints(services: Services): Endpoint[] {
  return [
    endpoint({
      method: 'get',
      path: '/me',
      tag: 'reference',
      summary: 'Who the session belongs to, and the CSRF token for changes',
      signedIn: false,
      success: {
        status: 200,
        description: 'The signed-in person (null when anonymous) and the token',
        schema: meAnswer,
      },
      handle: async ({ req }) => ({
        body: {
          person: req.person ? presentCurrentUser(req.person, services.tree, req.lang) : null,
          csrfToken: req.csrfToken,
        },
      }),
    }),
    endpoint({
      method: 'get',
      path: '/vocabularies',
      tag: 'reference',
      summary:
        'Levels and grades, GDPT 2018 subjects, textbook series, resource types, audiences, licences, languages, organisation types',
      signedIn: false,
      success: { status: 200, description: 'Codes with Vietnamese and English labels', schema: vocabulariesAnswer },
      handle: async () => ({ body: vocabularies }),
    }),
  ];
}

/** The file endpoints are served by the files router (streamed multipart); they are declared here for the document. */
const fileEndpoints: Endpoint[] = [
  {
    method: 'post',
    path: '/resources/:id/files',
    tag: 'files',
    summary:
      'Upload a file (multipart field `file`), streamed; type detected from the content, size-limited, SHA-256 kept, duplicates in the organisation flagged',
    signedIn: true,
    versioned: true,
    params: idParams,
    body: uploadMarker,
    success: { status: 201, description: 'The resource with its new file', schema: resourceAnswer },
    servedElsewhere: true,
  },
  {
    method: 'delete',
    path: '/resources/:id/files/:fileId',
    tag: 'files',
    summary: 'Remove a file from a resource',
    signedIn: true,
    versioned: true,
    params: z.object({ id: objectId, fileId: z.string().min(1).max(100) }),
    success: { status: 200, description: 'The resource without the file', schema: resourceAnswer },
    servedElsewhere: true,
  },
];

export function apiEndpoints(services: Services, config: Config): Endpoint[] {
  return [
    ...resourceEndpoints(services, config),
    ...fileEndpoints,
    ...organisationEndpoints(services),
    ...collectionEndpoints(services),
    ...libraryEndpoints(services),
    ...deskEndpoints(services),
    ...overdueClassEndpoints(services),
    ...interLibraryEndpoints(services),
    ...referenceEndpoints(services),
    ...stocktakingEndpoints(services),
    ...libraryIndicatorEndpoints(services),
    ...deskChargeEndpoints(services),
  ];
}

export function apiRouter(services: Services, config: Config): Router {
  const router = Router();
  const endpoints = apiEndpoints(services, config);
  const document = buildOpenApi(endpoints, config.baseUrl, API_VERSION);
  router.get('/openapi.json', (_req, res) => {
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.json(document);
  });
  mountEndpoints(router, endpoints);
  return router;
}
