/**
 * The LTI 1.3 tool, built on ltijs and mounted at /lti in our own express app (one process, one
 * port). ltijs does the OIDC login, the id_token checks and the signing; its data lives in our
 * database through our storage plugin. Its `deploy()` is never called: it would install its own
 * SIGINT handler and exit the process on a database error, and our lifecycle is in charge.
 *
 *   GET|POST /lti/login       third-party initiated login
 *   POST     /lti             launches and deep-linking requests (the redirect URI)
 *   GET      /lti/keys        our JWKS
 *   GET      /lti/register/:link   dynamic registration, from a registration link an admin created
 *   POST     /lti/new-window  a launch whose frame refused our state cookie, carried on to a window of its own
 *   GET|POST /lti/picker      the deep-linking picker (with the ltik)
 *   GET      /lti/icons/*, /lti/thumbnails/:id/:fileId   pictures of picked items, for the platform's pages
 *   POST     /lti/progress    completion events (with the ltik)
 */
import { createSecretKey, type KeyObject } from 'node:crypto';
import cookieParser from 'cookie-parser';
import type { Express, Request, Response } from 'express';
import type { Provider } from 'ltijs';
import ltijs, { guardLtijsRequests } from './ltijsModule.js';
import { rateLimit } from 'express-rate-limit';
import { DatabaseRateLimitStore } from '../services/rateLimitStore.js';
import { DomainError } from '../domain/errors.js';
import type { Config } from '../../config/index.js';
import type { Database } from '../db/index.js';
import { requireDatabase } from '../web/database.js';
import { languageMiddleware } from '../i18n/index.js';
import type { Logger } from '../log.js';
import type { Services } from '../services/index.js';
import { progressRoute } from './grades.js';
import { imageRoutes } from './images.js';
import { onLaunch } from './launch.js';
import {
  consumeLoginState,
  continueInNewWindow,
  NEW_WINDOW_PATH,
  refuse,
  rememberLogins,
  unverifiedIssuer,
} from './loginGuard.js';
import { onDeepLinking, pickerSearch, pickerSubmit } from './picker.js';
import { placeHoldRoute } from './printedTitle.js';
import { ltijsRegistrar } from './platforms.js';
import { LtiPlatformService } from '../services/ltiPlatforms.js';
import { PlatformKeys } from './platformKeys.js';
import { dynamicRegistrationRoute } from './registration.js';
import { isSecureContextUrl } from './secureContext.js';
import { LtiSessions, ltikOf, verifyLtik } from './session.js';
import { LtiStorage } from './storage.js';

/** ltijs exports one ready-made provider; each app (and each test server) gets its own. */
const ProviderClass = Object.getPrototypeOf(ltijs.Provider).constructor as new () => Provider;

/** How old an id_token may be when it reaches us (iat), allowing for clocks a little apart. */
const TOKEN_MAX_AGE_S = 60;

export interface LtiTool {
  /** Mounts the tool at `path` of our app. */
  mount(app: Express, path: string): void;
  platforms: LtiPlatformService;
  sessions: LtiSessions;
}

const failureKeys: Record<string, string> = {
  NONCE_ALREADY_RECEIVED: 'lti.refused.replay',
  UNREGISTERED_PLATFORM: 'lti.refused.platform',
  PLATFORM_NOT_ACTIVATED: 'lti.refused.inactive',
  TOKEN_TOO_OLD: 'lti.refused.expired',
  'jwt expired': 'lti.refused.expired',
  'invalid signature': 'lti.refused.signature',
  KEY_NOT_FOUND: 'lti.refused.signature',
  AZP_DOES_NOT_MATCH_CLIENTID: 'lti.refused.platform',
  ISS_CLAIM_DOES_NOT_MATCH: 'lti.refused.platform',
};

export function createLtiTool(deps: { config: Config; services: Services; db: Database; log: Logger }): LtiTool {
  const { config, services, log } = deps;
  const secure = isSecureContextUrl(config.baseUrl);
  const storage = new LtiStorage();
  guardLtijsRequests(services.outbound);
  const platformKeys = new PlatformKeys(storage, services.outbound, log);
  const provider = new ProviderClass();
  const platforms = new LtiPlatformService(services.tree, ltijsRegistrar(provider), services.ltiRegistrationLinks);
  // ltijs signs an ltik on every launch with jsonwebtoken, which tries a secret given as text as a
  // private key first: an OpenSSL parse bound to fail, costing more than a millisecond a launch. A
  // secret key object goes straight to HMAC. ltijs also passes this key to its cookie parser, which
  // takes text only: our mount parses the cookies first with the same secret as text, and ltijs's
  // parser, finding them parsed, steps aside. Our storage reads the text back from the key object.
  const ltiKey = createSecretKey(Buffer.from(config.secrets.ltiKeySecret, 'utf8'));
  provider.setup(
    ltiKey,
    { plugin: storage },
    {
      appRoute: '/',
      loginRoute: '/login',
      keysetRoute: '/keys',
      dynRegRoute: '/register',
      cors: false,
      // The ltik alone carries the session after a launch: no session cookie is needed inside the iframe.
      ltiaas: true,
      tokenMaxAge: TOKEN_MAX_AGE_S,
      cookies: secure ? { secure: true, sameSite: 'None' } : { secure: false, sameSite: 'Lax' },
      serverAddon: ltijsAddon({ ...deps, secure, ltiKey, platformKeys, platforms }),
    },
  );
  const ltiDeps = { config, services, platforms };
  // Read by refuse() (src/lti/loginGuard.ts), which every refusal goes through.
  provider.app.locals.integrationEvents = services.integrationEvents;

  provider.onConnect(onLaunch(ltiDeps));
  provider.onDeepLinking(onDeepLinking(ltiDeps));
  refuseInvalidRequests(provider, config, log);

  provider.app.get('/picker', pickerSearch(ltiDeps));
  provider.app.post('/picker', pickerSubmit(ltiDeps, provider));
  provider.app.post('/progress', progressRoute(provider, log));
  provider.app.post('/holds', placeHoldRoute(ltiDeps));

  return {
    mount: (app, path) => app.use(path, cookieParser(config.secrets.ltiKeySecret), provider.app),
    platforms,
    sessions: new LtiSessions(services, storage, config.secrets.ltiKeySecret),
  };
}

/** What ltijs's own express app does before its routes: language, database, login state, keys, registration. */
function ltijsAddon(deps: {
  config: Config;
  services: Services;
  db: Database;
  log: Logger;
  secure: boolean;
  ltiKey: KeyObject;
  platformKeys: PlatformKeys;
  platforms: LtiPlatformService;
}) {
  const { config, services, db, log, secure, ltiKey, platformKeys, platforms } = deps;
  return (app: Express) => {
    app.use(languageMiddleware(secure));
    app.use(requireDatabase(db));
    app.use(rememberLogins('/login', secure, ltiKey));
    app.use(consumeLoginState('/', secure, ltiKey));
    app.use(platformKeys.middleware('/'));
    const registration = dynamicRegistrationRoute({
      config,
      platforms,
      links: services.ltiRegistrationLinks,
      outbound: services.outbound,
      log,
    });
    app.get(['/register', '/register/:link'], registrationLimiter(), registration);
    app.use(imageRoutes(services));
    app.post(
      NEW_WINDOW_PATH,
      continueInNewWindow(
        new URL(config.baseUrl).origin,
        ltiKey,
        secure ? { secure: true, sameSite: 'none', partitioned: true } : { secure: false, sameSite: 'lax' },
      ),
    );
  };
}

/** Registration links are secret, but guessing costs a database read: attempts per address are limited. */
function registrationLimiter() {
  return rateLimit({
    windowMs: 15 * 60_000,
    limit: 10,
    store: new DatabaseRateLimitStore('lti-register:'),
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    handler: (_req, _res, next) => next(new DomainError('rate_limited')),
  });
}

/** Every refused launch or request answered with our page, in the person's language, with the reason logged. */
function refuseInvalidRequests(provider: Provider, config: Config, log: Logger): void {
  /** Which platform a refused request came from, so that it may show our page in its frame. */
  const platformOf = (req: Request): string | undefined => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (typeof body.id_token === 'string') return unverifiedIssuer(body.id_token);
    const ltik = ltikOf(req);
    return ltik ? verifyLtik(ltik, config.secrets.ltiKeySecret)?.platformUrl : undefined;
  };
  const refusal = (req: Request, res: Response) => {
    const reason = (res.locals.err as { details?: { message?: string } } | undefined)?.details?.message ?? '';
    log.info({ reason, path: req.originalUrl }, 'LTI request refused');
    refuse(req, res, failureKeys[reason] ?? 'lti.refused.invalid', 401, platformOf(req));
  };
  provider.onInvalidToken(refusal);
  provider.onSessionTimeout(refusal);
  provider.onUnregisteredPlatform((req: Request, res: Response) => refuse(req, res, 'lti.refused.platform', 400));
  provider.onInactivePlatform((req: Request, res: Response) => refuse(req, res, 'lti.refused.inactive', 403));
}
