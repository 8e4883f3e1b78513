import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { loadConfig, ConfigError } from '../../config/index.js';
import { createSelfSignedCredentials } from '../../src/auth/saml/spCredentials.js';

describe('configuration', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'thuvien-config-'));
  });
  afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  const load = (env: NodeJS.ProcessEnv) => loadConfig({ DATA_DIR: dataDir, ...env });

  it('uses the defaults when nothing is set', () => {
    const config = load({});
    expect(config.env).to.equal('development');
    expect(config.port).to.equal(3000);
    expect(config.baseUrl).to.equal('http://localhost:3000');
    expect(config.database).to.deep.equal({ uri: undefined, name: 'thuvienso', timeoutMs: 30_000 });
    expect(config.uploadMaxBytes).to.equal(500 * 1024 * 1024);
    expect(config.seedDemoData).to.equal(true);
    expect(config.http).to.deep.equal({ headersMs: 20_000, requestMs: 1_800_000, keepAliveMs: 5000, idleMs: 120_000 });
  });

  it('lets environment variables override the defaults', () => {
    const config = load({
      PORT: '8080',
      BASE_URL: 'https://thuvien.example.edu.vn',
      MONGODB_URI: 'mongodb://db1,db2/?replicaSet=rs0',
      LOG_LEVEL: 'warn',
    });
    expect(config.port).to.equal(8080);
    expect(config.baseUrl).to.equal('https://thuvien.example.edu.vn');
    expect(config.database.uri).to.equal('mongodb://db1,db2/?replicaSet=rs0');
    expect(config.logLevel).to.equal('warn');
    expect(config.seedDemoData, 'no demo data on a real MongoDB unless asked').to.equal(false);
  });

  const rejects: Array<[string, NodeJS.ProcessEnv, RegExp]> = [
    ['PORT', { PORT: 'abc' }, /PORT must be a number/],
    ['PORT', { PORT: '70000' }, /PORT must be between 0 and 65535/],
    ['BASE_URL', { BASE_URL: 'ftp://x' }, /BASE_URL must be an absolute http\(s\) URL/],
    ['BASE_URL', { BASE_URL: 'https://x.vn/' }, /BASE_URL must not end with \//],
    ['MONGODB_URI', { MONGODB_URI: 'postgres://x' }, /MONGODB_URI must start with mongodb:\/\//],
    ['LOG_LEVEL', { LOG_LEVEL: 'loud' }, /LOG_LEVEL must be one of/],
    ['NODE_ENV', { NODE_ENV: 'staging' }, /NODE_ENV must be development, test or production/],
    ['SESSION_SECRET', { SESSION_SECRET: 'short' }, /SESSION_SECRET must be at least 32 characters/],
    ['HTTP_HEADERS_TIMEOUT_MS', { HTTP_HEADERS_TIMEOUT_MS: 'soon' }, /HTTP_HEADERS_TIMEOUT_MS must be a number/],
    ['HTTP_IDLE_TIMEOUT_MS', { HTTP_IDLE_TIMEOUT_MS: '10' }, /HTTP_IDLE_TIMEOUT_MS must be between 1000 and/],
    [
      'HTTP_HEADERS_TIMEOUT_MS',
      { HTTP_HEADERS_TIMEOUT_MS: '60000', HTTP_REQUEST_TIMEOUT_MS: '30000' },
      /HTTP_HEADERS_TIMEOUT_MS must not be longer than HTTP_REQUEST_TIMEOUT_MS/,
    ],
  ];
  for (const [variable, env, message] of rejects) {
    it(`stops with one line naming ${variable} for ${JSON.stringify(env)}`, () => {
      expect(() => load(env))
        .to.throw(ConfigError)
        .that.satisfies((err: ConfigError) => {
          expect(err.variable).to.equal(variable);
          expect(err.message).to.match(message);
          expect(err.message).to.match(/^Cấu hình không hợp lệ \/ Invalid configuration: /);
          expect(err.message).not.to.include('\n');
          return true;
        });
    });
  }

  it('refuses to start in production without its secrets and base URL', () => {
    expect(() => load({ NODE_ENV: 'production' })).to.throw(
      ConfigError,
      /SESSION_SECRET is required when NODE_ENV=production/,
    );
    const secrets = { SESSION_SECRET: 's'.repeat(32), TOKEN_SECRET: 't'.repeat(32), LTI_KEY_SECRET: 'l'.repeat(32) };
    expect(() => load({ NODE_ENV: 'production', ...secrets })).to.throw(ConfigError, /BASE_URL is required/);
    expect(() => load({ NODE_ENV: 'production', BASE_URL: 'https://thuvien.example.edu.vn', ...secrets })).to.throw(
      ConfigError,
      /SAML_SP_KEY is required/,
    );
    const sp = createSelfSignedCredentials('thuvien.example.edu.vn');
    const config = load({
      NODE_ENV: 'production',
      BASE_URL: 'https://thuvien.example.edu.vn',
      ...secrets,
      SAML_SP_KEY: sp.key,
      SAML_SP_CERT: sp.cert,
    });
    expect(config.secrets.sessionSecret).to.equal('s'.repeat(32));
    expect(fs.existsSync(path.join(dataDir, 'secrets.json')), 'production never writes secrets to disk').to.equal(
      false,
    );
  });

  it('generates development secrets once and keeps them under the data directory', () => {
    const first = load({});
    const second = load({});
    expect(first.secrets.sessionSecret).to.have.length.greaterThanOrEqual(32);
    expect(second.secrets).to.deep.equal(first.secrets);
    const file = path.join(dataDir, 'secrets.json');
    expect(fs.statSync(file).mode & 0o777).to.equal(0o600);
    expect(load({ SESSION_SECRET: 'x'.repeat(40) }).secrets.sessionSecret, 'the environment still wins').to.equal(
      'x'.repeat(40),
    );
  });
});
