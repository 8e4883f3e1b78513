/** The operations settings: log format, and who may read /metrics. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { loadConfig, ConfigError } from '../../config/index.js';
import { refusalKind, refused } from '../../src/auth/saml/serviceProvider.js';
import { DomainError } from '../../src/domain/errors.js';

describe('operations settings', () => {
  let dataDir: string;
  beforeEach(() => (dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'thuvien-config-'))));
  afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  const load = (env: NodeJS.ProcessEnv) => loadConfig({ DATA_DIR: dataDir, ...env });

  it('logs readable lines in development and JSON elsewhere, unless told', () => {
    expect(load({}).logFormat).to.equal('pretty');
    expect(load({ NODE_ENV: 'test' }).logFormat).to.equal('json');
    expect(load({ LOG_FORMAT: 'json' }).logFormat).to.equal('json');
    expect(() => load({ LOG_FORMAT: 'xml' })).to.throw(ConfigError, 'LOG_FORMAT must be pretty or json');
  });

  it('keeps /metrics closed by default and reads the token and the allow-list', () => {
    expect(load({}).metrics).to.deep.equal({ token: undefined, allow: [] });
    const open = load({ METRICS_TOKEN: 'a'.repeat(24), METRICS_ALLOW: '10.0.0.0/8, 127.0.0.1,::1, fd00::/8' });
    expect(open.metrics).to.deep.equal({
      token: 'a'.repeat(24),
      allow: ['10.0.0.0/8', '127.0.0.1', '::1', 'fd00::/8'],
    });
  });

  it('refuses a short token and anything in the allow-list that is not an address or network', () => {
    expect(() => load({ METRICS_TOKEN: 'short' })).to.throw(
      ConfigError,
      'METRICS_TOKEN must be at least 24 characters',
    );
    for (const bad of ['10.0.0', '10.0.0.0/33', 'example.org', '::1/129', '10.0.0.0/8/1', '1.2.3.4,'])
      expect(() => load({ METRICS_ALLOW: bad }), bad).to.throw(ConfigError, 'METRICS_ALLOW must be');
  });
});

describe('SAML refusal kinds for /metrics', () => {
  it('names a bounded kind, never the issuer or the assertion id in the reason', () => {
    expect(refusalKind(refused('unknown issuer https://idp.example/x'))).to.equal('unknownIssuer');
    expect(refusalKind(refused('wrong Destination https://evil/acs'))).to.equal('wrongAudience');
    expect(refusalKind(refused('wrong Recipient https://evil/acs'))).to.equal('wrongAudience');
    expect(refusalKind(refused('assertion _abc123 replayed'))).to.equal('replayed');
    expect(refusalKind(refused('assertion without ID'))).to.equal('malformed');
    expect(refusalKind(refused('Invalid signature'))).to.equal('badSignature');
    expect(refusalKind(refused('SAML assertion expired: clocks skewed too much'))).to.equal('expired');
    expect(refusalKind(refused('SAML assertion audience mismatch. Expected: x'))).to.equal('wrongAudience');
    expect(refusalKind(refused('InResponseTo is not valid'))).to.equal('unknownRequest');
    expect(refusalKind(refused('Bad status code: Responder'))).to.equal('invalidConditions');
    expect(refusalKind(new DomainError('forbidden', 'auth.disabled'))).to.equal('accountDisabled');
    expect(refusalKind(new Error('database down'))).to.equal('error');
  });
});
