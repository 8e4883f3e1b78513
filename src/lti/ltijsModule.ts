/**
 * ltijs, loaded with its HTTP client routed through our guarded outgoing client (src/outbound).
 *
 * ltijs makes requests of its own with `got`: a platform's JWKS when our PlatformKeys could not
 * hand it a key (./platformKeys.ts fetches through the guard first), and the access token and
 * score posts of Assignment and Grade Services. All of them use the one got instance exported by
 * ltijs/dist/Utils/Http.js, which its modules `require` when they load. So before ltijs loads,
 * that module's export is replaced by the same instance extended with our resolver (special-purpose
 * addresses refused, the connection pinned to the checked address), a check of every URL and
 * redirect hop, a deadline and a redirect limit. This module is the only one that loads ltijs.
 */
import { createRequire } from 'node:module';
import type ltijsType from 'ltijs';
import type { LookupFunction } from 'node:net';
import type { OutboundClient } from '../outbound/client.js';

const require = createRequire(import.meta.url);

interface GotOptions {
  url: URL;
}
interface Got {
  extend(options: Record<string, unknown>): Got;
}

/** ltijs is one provider per process, so its guard is too: the app that set it up last. */
let guard: OutboundClient | undefined;

export function guardLtijsRequests(outbound: OutboundClient): void {
  guard = outbound;
}

const current = (): OutboundClient => {
  if (!guard) throw new Error('ltijs made a request before the outgoing client was set up');
  return guard;
};

const lookup: LookupFunction = (hostname, options, callback) => current().lookup(hostname, options, callback);
const checkHop = (options: GotOptions) => void current().checkUrl(options.url);

const httpModule = require.resolve('ltijs/dist/Utils/Http.js');
const original = require(httpModule) as Got;
require.cache[httpModule]!.exports = original.extend({
  lookup,
  timeout: { request: 10_000 },
  maxRedirects: 3,
  hooks: { beforeRequest: [checkHop], beforeRedirect: [checkHop] },
});

const ltijs = require('ltijs') as typeof ltijsType;
export default ltijs;
