/**
 * A real SAML identity provider for tests: Debian's SimpleSAMLphp served by PHP's built-in server
 * on loopback, configured from the templates in test/fixtures/simplesamlphp copied into a
 * temporary directory (SIMPLESAMLPHP_CONFIG_DIR; nothing under /etc is touched).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { projectRoot } from '../../config/index.js';
import { freePort, pollUntil } from './toolkit.js';
import { certBody, createSelfSignedCredentials, type SpCredentials } from '../../src/auth/saml/spCredentials.js';

export const SIMPLESAMLPHP_WWW = '/usr/share/simplesamlphp/www';

/** A test user's attributes, as SimpleSAMLphp's exampleauth:UserPass takes them (each a list). */
export type IdpUser = Record<string, string[]>;

const BINDINGS = {
  redirect: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect',
  post: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST',
};

export interface SpDescription {
  entityId: string;
  acsUrl: string;
  sloUrl: string;
  cert: string;
}

export class SimpleSamlPhp {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'thuvien-simplesamlphp-'));
  readonly credentials: SpCredentials = createSelfSignedCredentials('test-idp.example.edu.vn');
  private proc: ChildProcess | undefined;
  private output = '';
  private settings: Record<string, unknown> = {};
  baseUrl = '';

  get metadataUrl() {
    return `${this.baseUrl}/saml2/idp/metadata.php`;
  }

  get entityId() {
    return this.metadataUrl;
  }

  async start(
    sp: SpDescription,
    users: Record<string, { password: string; attributes: IdpUser }>,
    options: { encryptAssertions: boolean },
  ): Promise<this> {
    const port = await freePort();
    this.baseUrl = `http://127.0.0.1:${port}`;
    fs.cpSync(path.join(projectRoot, 'test/fixtures/simplesamlphp'), this.dir, { recursive: true });
    for (const sub of ['cert', 'log', 'data', 'tmp', 'sessions'])
      fs.mkdirSync(path.join(this.dir, sub), { recursive: true });
    fs.writeFileSync(path.join(this.dir, 'cert/idp.key'), this.credentials.key);
    fs.writeFileSync(path.join(this.dir, 'cert/idp.crt'), this.credentials.cert);
    this.settings = {
      baseUrl: this.baseUrl,
      dir: this.dir,
      secretSalt: randomBytes(16).toString('hex'),
      encryptAssertions: options.encryptAssertions,
      sloBinding: BINDINGS.redirect,
      sp: { ...sp, certData: certBody(sp.cert) },
    };
    this.writeSettings();
    this.setUsers(users);
    this.proc = spawn('php', ['-S', `127.0.0.1:${port}`, '-t', SIMPLESAMLPHP_WWW], {
      env: { PATH: process.env.PATH, SIMPLESAMLPHP_CONFIG_DIR: this.dir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.proc.stdout!.on('data', (d: Buffer) => (this.output += d.toString()));
    this.proc.stderr!.on('data', (d: Buffer) => (this.output = (this.output + d.toString()).slice(-20_000)));
    const answers = () =>
      fetch(this.metadataUrl).then(
        (res) => res.ok,
        () => false, // not listening yet
      );
    await pollUntil(answers, { timeoutMs: 20_000, message: () => `SimpleSAMLphp did not start: ${this.output}` });
    return this;
  }

  /** Which binding the IdP uses to send logout messages to us. */
  useLogoutBinding(binding: keyof typeof BINDINGS): void {
    this.settings.sloBinding = BINDINGS[binding];
    this.writeSettings();
  }

  private writeSettings(): void {
    fs.writeFileSync(path.join(this.dir, 'settings.json'), JSON.stringify(this.settings));
  }

  /** Replaces the IdP's users; PHP reads the file on every request, so the next login sees the change. */
  setUsers(users: Record<string, { password: string; attributes: IdpUser }>): void {
    const entries = Object.fromEntries(
      Object.entries(users).map(([name, u]) => [`${name}:${u.password}`, u.attributes]),
    );
    fs.writeFileSync(path.join(this.dir, 'users.json'), JSON.stringify(entries));
  }

  log(): string {
    const file = path.join(this.dir, 'log/simplesamlphp.log');
    return `${this.output}\n${fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : ''}`;
  }

  async stop(): Promise<void> {
    if (this.proc && this.proc.exitCode === null) {
      const exited = new Promise((resolve) => this.proc!.once('exit', resolve));
      this.proc.kill('SIGTERM');
      await exited;
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
