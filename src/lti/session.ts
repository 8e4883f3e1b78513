/**
 * After a launch the `ltik` carries the session (a browser blocking third-party cookies keeps
 * none of ours inside the platform's iframe): the viewer's requests send it as `?ltik=` or
 * `Authorization: Bearer`. It is the HS256 token ltijs signs with our LTI key; it names the
 * platform, the person and the launch's context (ltijs's `contextId`: the course and link), and is
 * honoured while ltijs still holds that launch (24 h). Its grants are those of its course only.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';
import type { Person } from '../domain/person.js';
import { identityKey } from '../domain/person.js';
import type { Services } from '../services/index.js';
import { grantedResources } from '../services/ltiGrants.js';
import type { LtiStorage } from './storage.js';

interface LtikClaims {
  platformUrl: string;
  clientId: string;
  deploymentId: string;
  contextId: string;
  user: string;
}

export function ltikOf(req: Request): string | null {
  const fromQuery = req.query.ltik;
  if (typeof fromQuery === 'string') return fromQuery;
  const header = req.get('authorization');
  return header?.startsWith('Bearer ') ? header.slice('Bearer '.length) : null;
}

export function verifyLtik(token: string, secret: string): LtikClaims | null {
  const [header, payload, signature, extra] = token.split('.');
  if (!header || !payload || !signature || extra !== undefined) return null;
  try {
    if ((JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as { alg?: unknown }).alg !== 'HS256')
      return null;
    const expected = createHmac('sha256', secret).update(`${header}.${payload}`).digest();
    const given = Buffer.from(signature, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Partial<LtikClaims>;
    const fields = [claims.platformUrl, claims.clientId, claims.deploymentId, claims.contextId, claims.user];
    return fields.every((f) => typeof f === 'string') ? (claims as LtikClaims) : null;
  } catch {
    return null;
  }
}

export interface LtiSession {
  person: Person;
  grantedResourceIds: ReadonlySet<string>;
}

export class LtiSessions {
  constructor(
    private readonly services: Services,
    private readonly storage: LtiStorage,
    private readonly secret: string,
  ) {}

  /**
   * The person a request's ltik stands for, with their grants in its course; null when there is none or it is not
   * valid.
   */
  async fromRequest(req: Request): Promise<LtiSession | null> {
    const token = ltikOf(req);
    const claims = token ? verifyLtik(token, this.secret) : null;
    if (!claims) return null;
    // The launch's context token (written with its id token, and kept as long) shows that ltijs
    // still holds the launch, and names its course.
    const [launch] =
      (await this.storage.Get(false, 'contexttoken', { contextId: claims.contextId, user: claims.user })) || [];
    if (!launch) return null;
    const person = await this.services.accounts.personByIdentity(identityKey('lti', claims.platformUrl, claims.user));
    if (!person || person.disabled) return null;
    const courseId = (launch.context as { id?: unknown } | undefined)?.id;
    return {
      person,
      grantedResourceIds: await grantedResources(person.id, {
        platformUrl: claims.platformUrl,
        courseId: typeof courseId === 'string' ? courseId : null,
      }),
    };
  }
}
