/**
 * Our SAML service provider: one entity for every portal, with passport-saml's options looked up
 * per identity provider from the database (as MultiSamlStrategy does per tenant). Verifies what
 * portals send and refuses, with no session and nobody created, anything that is not a fresh,
 * signed answer meant for us. passport-saml removes an answered request from the request cache;
 * the consumed assertion's ID is remembered too, so a replay is refused even without InResponseTo.
 */
import { SAML, ValidateInResponseTo, type Profile } from '@node-saml/passport-saml';
import { DomainError } from '../../domain/errors.js';
import type { Logger } from '../../log.js';
import type { SamlIdp } from '../../domain/samlIdp.js';
import { idpIdOf, type SamlIdpService } from '../../services/samlIdps.js';
import { assertionFacts, claimedIssuer, decodeMessage, destination } from './messages.js';
import { firstUseOfAssertion, REQUEST_TTL_MS, samlRequestStore } from '../../services/samlState.js';
import type { SpCredentials } from './spCredentials.js';
import type { SpEndpoints } from './spMetadata.js';

/** A refused message: the reason is logged, the person sees a generic page. */
export const refused = (reason: string) =>
  Object.assign(new DomainError('forbidden', 'saml.refused.invalid'), { reason });

const refusalKinds: [RegExp, string][] = [
  [/^(unknown issuer|no readable issuer)/, 'unknownIssuer'],
  [/^wrong (Destination|Recipient)/, 'wrongAudience'],
  [/audience|AudienceRestriction/i, 'wrongAudience'],
  [/^assertion .* replayed$/, 'replayed'],
  [/^(not a login response|assertion without ID)/, 'malformed'],
  [/^SAML assertion (expired|not yet valid)/, 'expired'],
  [/signature/i, 'badSignature'],
  [/InResponseTo/, 'unknownRequest'],
];

/**
 * A bounded name for why a message was refused (the reason itself names issuers and IDs), for
 * /metrics and the integrations log; a disabled account refused at provisioning is named too.
 */
export function refusalKind(err: unknown): string {
  if (err instanceof DomainError && err.messageKey === 'auth.disabled') return 'accountDisabled';
  const reason = (err as { reason?: unknown }).reason;
  if (typeof reason !== 'string') return 'error';
  return refusalKinds.find(([pattern]) => pattern.test(reason))?.[1] ?? 'invalidConditions';
}

export class ServiceProvider {
  constructor(
    readonly endpoints: SpEndpoints,
    private readonly credentials: SpCredentials,
    readonly idps: SamlIdpService,
    private readonly log: Logger,
  ) {}

  /**
   * Logout messages are checked against our requests only when they answer one: passport-saml
   * finds no InResponseTo on a POSTed LogoutResponse's root when told to require it always.
   */
  samlFor(idp: SamlIdp, purpose: 'login' | 'logout' = 'login'): SAML {
    return new SAML({
      issuer: this.endpoints.entityId,
      audience: this.endpoints.entityId,
      callbackUrl: this.endpoints.acsUrl,
      logoutCallbackUrl: this.endpoints.sloUrl,
      entryPoint: idp.ssoUrl,
      logoutUrl: idp.sloUrl ?? idp.ssoUrl,
      idpIssuer: idp.entityId,
      idpCert: idp.signingCerts,
      privateKey: this.credentials.key,
      publicCert: this.credentials.cert,
      decryptionPvk: this.credentials.key,
      signatureAlgorithm: 'sha256',
      digestAlgorithm: 'http://www.w3.org/2001/04/xmlenc#sha256',
      wantAssertionsSigned: idp.signature !== 'response',
      wantAuthnResponseSigned: idp.signature !== 'assertion',
      acceptedClockSkewMs: idp.clockSkewMs,
      validateInResponseTo:
        idp.allowUnsolicited || purpose === 'logout' ? ValidateInResponseTo.ifPresent : ValidateInResponseTo.always,
      requestIdExpirationPeriodMs: REQUEST_TTL_MS,
      cacheProvider: samlRequestStore(idp.id),
      identifierFormat: null,
      disableRequestedAuthnContext: true,
    });
  }

  /** The IdP a message claims to come from; its certificates then decide whether to believe it. */
  async idpOf(doc: Document | null): Promise<{ idp: SamlIdp; doc: Document }> {
    const issuer = doc ? claimedIssuer(doc) : null;
    const idp = issuer ? await this.idps.find(idpIdOf(issuer)) : null;
    if (!doc || !idp || idp.entityId !== issuer)
      throw refused(issuer ? `unknown issuer ${issuer}` : 'no readable issuer');
    return { idp, doc };
  }

  /** A Response posted to our ACS, verified in full; the request it answers and its assertion are consumed. */
  async consumeResponse(samlResponse: string): Promise<{ idp: SamlIdp; profile: Profile }> {
    const { idp, doc } = await this.idpOf(decodeMessage(samlResponse, false));
    let profile: Profile | null;
    try {
      ({ profile } = await this.samlFor(idp).validatePostResponseAsync({ SAMLResponse: samlResponse }));
    } catch (err) {
      throw refused(err instanceof Error ? err.message : String(err));
    }
    if (!profile) throw refused('not a login response');
    const sent = destination(doc);
    if (sent !== null && sent !== this.endpoints.acsUrl) throw refused(`wrong Destination ${sent}`);
    const facts = assertionFacts(profile.getAssertionXml?.() ?? '');
    if (!facts.recipients.length || facts.recipients.some((r) => r !== this.endpoints.acsUrl))
      throw refused(`wrong Recipient ${facts.recipients.join(' ')}`);
    if (!facts.id) throw refused('assertion without ID');
    const firstUse = await firstUseOfAssertion(idp.id, facts.id);
    if (!firstUse) throw refused(`assertion ${facts.id} replayed`);
    return { idp, profile };
  }

  logRefusal(err: unknown, where: string): void {
    const reason = (err as { reason?: string }).reason;
    if (reason) this.log.warn({ reason, where }, 'SAML message refused');
  }
}
