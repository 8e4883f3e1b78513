/** SAML single sign-on, wired once: the service provider, its /saml router and the portals for the login page. */
import type { Config } from '../../../config/index.js';
import type { Logger } from '../../log.js';
import type { Services } from '../../services/index.js';
import { portalSignOut, samlRouter } from './router.js';
import { ServiceProvider } from './serviceProvider.js';
import { loadOrCreateSpCredentials } from './spCredentials.js';
import { spEndpoints } from './spMetadata.js';

export function createSaml(config: Config, services: Services, log: Logger) {
  const credentials = loadOrCreateSpCredentials(config.samlSp, config.dataDir, new URL(config.baseUrl).hostname);
  const idps = services.samlIdps;
  const sp = new ServiceProvider(spEndpoints(config.baseUrl), credentials, idps, log);
  return {
    idps,
    sp,
    router: samlRouter({
      services,
      sp,
      credentials,
      baseUrl: config.baseUrl,
      secureCookies: config.baseUrl.startsWith('https://'),
    }),
    /** Signs out a session that came from a portal here and at the portal; false for other sessions. */
    signOut: portalSignOut(sp),
    /** The portals to choose from on the login page. */
    portals: async () =>
      (await idps.all()).map((idp) => ({
        id: idp.id,
        name: idp.name,
        url: `/saml/login/${encodeURIComponent(idp.id)}`,
      })),
  };
}
