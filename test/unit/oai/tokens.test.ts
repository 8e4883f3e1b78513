/**
 * OAI-PMH resumption tokens (spec §3.5): stateless, signed and expiring. Whatever a harvester
 * sends back that we did not issue, for this verb, before its expiry, is badResumptionToken.
 */
import { expect } from 'chai';
import { OaiError } from '../../../src/oai/errors.js';
import { TokenSigner, type TokenPayload } from '../../../src/oai/tokens.js';

const NOW = Date.UTC(2025, 8, 5, 10, 0, 0);
const signer = new TokenSigner('a-test-secret-of-thirty-two-characters');

const payload = (overrides: Partial<TokenPayload> = {}): TokenPayload => ({
  verb: 'ListRecords',
  prefix: 'oai_dc',
  set: 'level:thcs',
  from: Date.UTC(2025, 0, 1),
  until: null,
  after: [Date.UTC(2025, 3, 1, 8, 30), '66f0a1b2c3d4e5f601234567'],
  cursor: 100,
  size: 2345,
  expires: NOW + 3600_000,
  ...overrides,
});

/** The OAI-PMH error a call throws, as `code` or `code: detail`. */
function oaiErrorOf(call: () => unknown): string {
  try {
    call();
  } catch (err) {
    if (err instanceof OaiError) return err.detail ? `${err.code}: ${err.detail}` : err.code;
    throw err;
  }
  return 'no error';
}

describe('OAI-PMH resumption tokens', () => {
  it('gives back exactly what was signed, for the verb it was issued for', () => {
    const token = signer.sign(payload());
    expect(signer.verify(token, 'ListRecords', NOW)).to.deep.equal(payload());
    const identifiers = signer.sign(payload({ verb: 'ListIdentifiers', set: null, after: null, cursor: 0 }));
    expect(signer.verify(identifiers, 'ListIdentifiers', NOW)).to.include({ verb: 'ListIdentifiers', cursor: 0 });
  });

  it('is made of URL-safe characters only, so a harvester can send it back in a query string unchanged', () => {
    const token = signer.sign(payload({ set: 'mon:toán-học', prefix: 'oai_lom' }));
    expect(token).to.match(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(signer.verify(token, 'ListRecords', NOW).set).to.equal('mon:toán-học');
  });

  it('is refused for another verb than the one it was issued for', () => {
    expect(oaiErrorOf(() => signer.verify(signer.sign(payload()), 'ListIdentifiers', NOW))).to.equal(
      'badResumptionToken',
    );
  });

  it('holds until its expiry and is refused as expired after it', () => {
    const token = signer.sign(payload({ expires: NOW }));
    expect(signer.verify(token, 'ListRecords', NOW).expires, 'valid up to the expiry itself').to.equal(NOW);
    expect(oaiErrorOf(() => signer.verify(token, 'ListRecords', NOW + 1))).to.equal('badResumptionToken: expired');
  });

  it('is refused when any character of it is changed, or it was signed under another secret', () => {
    const token = signer.sign(payload());
    const [body, mac] = token.split('.') as [string, string];
    const flip = (s: string, i: number) => s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1);
    const altered = [
      `${flip(body, 0)}.${mac}`,
      `${flip(body, body.length - 1)}.${mac}`,
      `${body}.${flip(mac, 3)}`,
      `${body}.${mac.slice(0, -1)}`,
      `${body}.${mac}A`,
    ];
    for (const t of altered)
      expect(
        oaiErrorOf(() => signer.verify(t, 'ListRecords', NOW)),
        t,
      ).to.equal('badResumptionToken');
    const foreign = new TokenSigner('another-secret-of-thirty-two-characters').sign(payload());
    expect(oaiErrorOf(() => signer.verify(foreign, 'ListRecords', NOW))).to.equal('badResumptionToken');
  });

  it('refuses what is not a token of ours at all: empty, one part, three parts, too long, not base64', () => {
    const token = signer.sign(payload());
    for (const t of ['', '.', 'abc', `${token}.x`, `${token}${'A'.repeat(2000)}`, 'không phải.mã'])
      expect(
        oaiErrorOf(() => signer.verify(t, 'ListRecords', NOW)),
        JSON.stringify(t),
      ).to.equal('badResumptionToken');
  });

  it('refuses a correctly signed payload that is not a list position (checked after the signature)', () => {
    const malformed = [
      { ...payload(), cursor: -1 },
      { ...payload(), extra: 'field' },
      { ...payload(), verb: 'GetRecord' },
      { ...payload(), after: ['yesterday', 'id'] },
    ] as unknown as TokenPayload[];
    for (const p of malformed)
      expect(
        oaiErrorOf(() => signer.verify(signer.sign(p), p.verb, NOW)),
        JSON.stringify(p),
      ).to.equal('badResumptionToken');
  });
});
