/**
 * The protocol side of platform registrations, kept by ltijs: the registrar that the platforms
 * service (src/services/ltiPlatforms.ts) is given, so that only src/lti imports ltijs.
 */
import type { Provider } from 'ltijs';
import type { PlatformRegistrar } from '../services/ltiPlatforms.js';

export function ltijsRegistrar(provider: Provider): PlatformRegistrar {
  return {
    async register(p, active) {
      const platform = await provider.registerPlatform({
        url: p.issuer,
        clientId: p.clientId,
        name: p.name,
        authenticationEndpoint: p.authUrl,
        accesstokenEndpoint: p.tokenUrl,
        authConfig: { method: 'JWK_SET', key: p.jwksUrl },
      });
      await platform.platformActive(active);
    },
    async activate(issuer, clientId) {
      const platform = await provider.getPlatform(issuer, clientId);
      if (!platform) return false;
      await platform.platformActive(true);
      return true;
    },
  };
}
