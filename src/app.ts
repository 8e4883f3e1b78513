/**
 * Builds the express app: the one place where middlewares, the library's pages and API, the LTI
 * tool, the OAI-PMH provider and SAML are wired together.
 */
import path from 'node:path';
import express, { type Express } from 'express';
import cookieParser from 'cookie-parser';
import helmet from 'helmet';
import type { Config } from '../config/index.js';
import type { Database } from './db/index.js';
import type { Logger } from './log.js';
import type { Lifecycle } from './lifecycle.js';
import type { Services } from './services/index.js';
import { languageMiddleware } from './i18n/index.js';
import { requestContext } from './http/middleware/requestContext.js';
import { errorHandler, unknownRoute } from './http/middleware/errors.js';
import { healthRouter, type ReadinessCheck } from './http/routes/health.js';
import { sessionMiddleware } from './http/sessions.js';
import { installViews, viewsDir } from './web/views.js';
import { requireDatabase } from './web/database.js';
import { authenticate } from './http/middleware/authenticate.js';
import { csrfProtection } from './web/csrf.js';
import { authRouter } from './http/routes/auth.js';
import { apiRouter } from './http/api/index.js';
import { webRouter } from './http/routes/web.js';
import { createLtiTool } from './lti/index.js';
import { ltiAdminRouter } from './http/routes/ltiAdmin.js';
import { createSaml } from './auth/saml/index.js';
import { samlAdminRouter } from './http/routes/samlAdmin.js';
import { fileRoutes, pdfjsAssets } from './http/routes/files.js';
import { simulationRoutes } from './http/routes/simulations.js';
import { oaiRouter } from './oai/index.js';
import { metadataFormats } from './registry/formats.js';
import { harvestAdminRouter } from './http/routes/harvest.js';
import { requestMetrics } from './http/middleware/requestMetrics.js';
import { metricsRouter } from './http/routes/metrics.js';
import { watchServiceGauges } from './services/gauges.js';

export interface AppContext {
  config: Config;
  db: Database;
  log: Logger;
  lifecycle: Lifecycle;
  services: Services;
  readiness?: ReadinessCheck[];
}

/**
 * Paths whose POSTs come from other systems (LTI platforms, SAML IdPs at the ACS and single logout,
 * OAI-PMH harvesters), not from our forms; everything else that changes state carries our token.
 */
const FOREIGN_POST_PREFIXES = ['/lti', '/saml/acs', '/saml/slo', '/oai'];

export function createApp(ctx: AppContext): Express {
  const { config, db, log, lifecycle, services } = ctx;
  const secureCookies = config.baseUrl.startsWith('https://');
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  installViews(app);

  app.use(requestContext(log));
  app.use(requestMetrics());
  app.use(lifecycle.closeConnectionsWhileStopping());
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: true,
        directives: {
          'default-src': ["'self'"],
          'script-src': ["'self'"],
          'style-src': ["'self'"],
          'img-src': ["'self'", 'data:', 'blob:'],
          'media-src': ["'self'", 'blob:'],
          'worker-src': ["'self'", 'blob:'],
          'object-src': ["'none'"],
          'frame-ancestors': ["'self'"],
          'upgrade-insecure-requests': secureCookies ? [] : null,
        },
      },
      strictTransportSecurity: secureCookies,
    }),
  );

  const readiness: ReadinessCheck[] = [
    { name: 'database', check: () => db.ping() },
    { name: 'catalogue', check: () => services.catalogue.ready },
    ...(ctx.readiness ?? []),
  ];
  app.use(healthRouter(readiness));
  app.use(metricsRouter(config.metrics));
  watchServiceGauges(services);
  app.use(
    '/assets',
    express.static(path.join(viewsDir, 'assets'), { maxAge: config.env === 'production' ? '1d' : 0, index: false }),
  );
  app.use('/assets/vendor/pdfjs', pdfjsAssets(config.env === 'production' ? '1d' : 0));
  // Sandboxed simulations carry a signed ticket, not our cookies: no session is needed.
  app.use(simulationRoutes(services));

  // Before our cookie and body parsers: ltijs parses its own (signed cookies, form posts from platforms).
  const lti = createLtiTool({ config, services, db, log });
  lti.mount(app, '/lti');

  app.use(cookieParser());
  app.use(languageMiddleware(secureCookies));
  // Before the body parsers: the provider reads its arguments strictly itself, and needs no session.
  app.use('/oai', oaiRouter(services, config, metadataFormats));
  app.use(requireDatabase(db));
  app.use(express.json({ limit: '1mb' }));
  app.use(express.urlencoded({ extended: false, limit: '1mb', parameterLimit: 1000 }));
  app.use(sessionMiddleware({ secret: config.secrets.sessionSecret, ttlMs: config.sessionTtlMs, secureCookies }));
  app.use(csrfProtection({ secret: config.secrets.tokenSecret, secureCookies, exemptPrefixes: FOREIGN_POST_PREFIXES }));
  app.use(authenticate(services, lti.sessions));

  const saml = createSaml(config, services, log);
  app.use('/saml', saml.router);
  app.use(authRouter(services, { portals: saml.portals, portalSignOut: saml.signOut }));
  app.use(samlAdminRouter(services, saml.idps, config));
  app.use(fileRoutes(services, config));
  app.use('/api/v1', apiRouter(services, config));
  app.use(ltiAdminRouter(services, lti.platforms, config));
  app.use(harvestAdminRouter(services));
  app.use(webRouter(services));

  app.use(unknownRoute);
  app.use(errorHandler(log));
  return app;
}
