/**
 * Resumption tokens: stateless and tamper-evident. A token carries the list's arguments, the keyset
 * position of the last record sent (datestamp, id), the cursor and an expiry, signed with HMAC, so
 * any instance can continue any list and nothing is kept in memory between pages.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { OaiError } from './errors.js';

const payloadSchema = z.strictObject({
  verb: z.enum(['ListRecords', 'ListIdentifiers']),
  prefix: z.string(),
  set: z.string().nullable(),
  from: z.number().int().nullable(),
  until: z.number().int().nullable(),
  after: z.tuple([z.number().int(), z.string()]).nullable(),
  cursor: z.number().int().min(0),
  /** completeListSize as counted for the first page: later pages need not count again; -1 for a list not counted. */
  size: z.number().int().min(-1),
  expires: z.number().int(),
});

export type TokenPayload = z.output<typeof payloadSchema>;

/** A token longer than this was not made by us; refused before any decoding. */
const MAX_TOKEN_LENGTH = 2000;

export class TokenSigner {
  constructor(private readonly secret: string) {}

  sign(payload: TokenPayload): string {
    const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
    return `${body}.${this.mac(body)}`;
  }

  /** The payload of a token we issued for this verb, still valid at `now`; otherwise badResumptionToken. */
  verify(token: string, verb: string, now: number): TokenPayload {
    const [body, mac, ...rest] = token.length <= MAX_TOKEN_LENGTH ? token.split('.') : [];
    if (!body || !mac || rest.length) throw new OaiError('badResumptionToken');
    const expected = Buffer.from(this.mac(body));
    const given = Buffer.from(mac);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new OaiError('badResumptionToken');
    let decoded: unknown;
    try {
      decoded = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    } catch {
      throw new OaiError('badResumptionToken');
    }
    const parsed = payloadSchema.safeParse(decoded);
    if (!parsed.success || parsed.data.verb !== verb) throw new OaiError('badResumptionToken');
    if (parsed.data.expires < now) throw new OaiError('badResumptionToken', 'expired');
    return parsed.data;
  }

  private mac(body: string): string {
    return createHmac('sha256', this.secret).update(`oai-resumption|${body}`).digest('base64url');
  }
}
