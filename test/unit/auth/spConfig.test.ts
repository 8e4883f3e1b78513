import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { ConfigError, loadConfig } from '../../../config/index.js';
import { createSelfSignedCredentials, loadOrCreateSpCredentials } from '../../../src/auth/saml/spCredentials.js';

describe('SAML service provider key and certificate', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'saml-sp-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const production = {
    NODE_ENV: 'production',
    BASE_URL: 'https://thuvien.example.edu.vn',
    SESSION_SECRET: 's'.repeat(32),
    TOKEN_SECRET: 't'.repeat(32),
    LTI_KEY_SECRET: 'l'.repeat(32),
  };
  const [pair, other] = [
    createSelfSignedCredentials('thuvien.example.edu.vn'),
    createSelfSignedCredentials('other.example'),
  ];

  it('is required in production, as PEM text or as file paths', () => {
    expect(() => loadConfig({ DATA_DIR: dir, ...production })).to.throw(ConfigError, /SAML_SP_KEY is required/);
    expect(
      loadConfig({ DATA_DIR: dir, ...production, SAML_SP_KEY: pair.key, SAML_SP_CERT: pair.cert }).samlSp,
    ).to.deep.equal(pair);
    fs.writeFileSync(path.join(dir, 'sp.key'), pair.key);
    fs.writeFileSync(path.join(dir, 'sp.crt'), pair.cert);
    expect(
      loadConfig({
        DATA_DIR: dir,
        ...production,
        SAML_SP_KEY: path.join(dir, 'sp.key'),
        SAML_SP_CERT: path.join(dir, 'sp.crt'),
      }).samlSp,
    ).to.deep.equal(pair);
  });

  it('refuses a key that does not belong to the certificate, and an unreadable file', () => {
    expect(() =>
      loadConfig({ DATA_DIR: dir, ...production, SAML_SP_KEY: other.key, SAML_SP_CERT: pair.cert }),
    ).to.throw(ConfigError, /does not belong to the certificate/);
    expect(() =>
      loadConfig({ DATA_DIR: dir, ...production, SAML_SP_KEY: path.join(dir, 'missing.key'), SAML_SP_CERT: pair.cert }),
    ).to.throw(ConfigError, /SAML_SP_KEY must be PEM text/);
  });

  it('is generated once under DATA_DIR outside production, and kept across restarts', () => {
    const first = loadOrCreateSpCredentials(null, dir, 'localhost');
    expect(first.cert).to.match(/^-----BEGIN CERTIFICATE-----/);
    expect(loadOrCreateSpCredentials(null, dir, 'localhost')).to.deep.equal(first);
    expect(fs.statSync(path.join(dir, 'saml-sp.json')).mode & 0o077, 'readable by the owner only').to.equal(0);
    expect(loadOrCreateSpCredentials(pair, dir, 'localhost'), 'configured values win').to.deep.equal(pair);
  });
});
