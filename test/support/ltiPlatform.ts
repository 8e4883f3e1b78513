/**
 * A small LTI 1.3 platform for tests and the benchmark: its own RSA key and JWKS, the OIDC
 * third-party-initiated login flow driven over real HTTP against the tool, signed id_tokens,
 * deep-linking requests, an OpenID configuration and registration endpoint (dynamic
 * registration), a token endpoint and line items (AGS). What the tool sends back (deep-linking
 * answers, client assertions) is verified against the tool's published JWKS.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import {
  createRemoteJWKSet,
  exportJWK,
  generateKeyPair,
  jwtVerify,
  SignJWT,
  type CryptoKey,
  type JWK,
  type JWTPayload,
} from 'jose';
import { CookieJar } from './toolkit.js';

const LTI = 'https://purl.imsglobal.org/spec/lti/claim';
export const ROLE = {
  instructor: 'http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor',
  learner: 'http://purl.imsglobal.org/vocab/lis/v2/membership#Learner',
  administrator: 'http://purl.imsglobal.org/vocab/lis/v2/membership#Administrator',
};

export interface LaunchOptions {
  sub?: string;
  name?: string;
  email?: string;
  roles?: string[];
  deploymentId?: string;
  messageType?: 'LtiResourceLinkRequest' | 'LtiDeepLinkingRequest';
  custom?: Record<string, string>;
  context?: { id: string; title: string; label?: string };
  /** AGS claim for a resource link with a line item. */
  lineItem?: boolean;
  /** Overrides of the id_token: a wrong audience, an old iat, a foreign key… */
  tamper?: { aud?: string; azp?: string; iatOffsetS?: number; expOffsetS?: number; signWith?: CryptoKey; kid?: string };
  /** The browser's Accept-Language on the post to the tool. */
  acceptLanguage?: string;
}

export interface LaunchResult {
  status: number;
  html: string;
  /** The form post as sent, to replay it. */
  form: { id_token: string; state: string };
  cookie: string;
  launchUrl: string;
  headers: Headers;
}

export interface ScoreReceived {
  lineItem: string;
  body: Record<string, unknown>;
}

export class InvalidRequest extends Error {
  constructor(hint: string) {
    super(`invalid request: the message hint ${hint} was answered before`);
  }
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export class TestLtiPlatform {
  url = '';
  readonly clientId = `client-${randomBytes(4).toString('hex')}`;
  readonly deploymentId = `dep-${randomBytes(4).toString('hex')}`;
  kid = randomUUID();
  jwksFetches = 0;
  readonly scores: ScoreReceived[] = [];
  readonly deepLinkResponses: JWTPayload[] = [];
  registrations: Record<string, unknown>[] = [];
  /** Reads of our OpenID configuration: a tool that fetches without a registration link would show here. */
  configurationFetches = 0;
  private server: Server | undefined;
  private privateKey!: CryptoKey;
  private jwks: JWK[] = [];
  /** The tool under test, for verifying what it signs. */
  toolUrl = '';
  /** Message hints already answered: like Moodle's, a hint names one launch and is forgotten once answered. */
  private readonly answeredHints = new Set<string>();

  async start(toolUrl: string): Promise<this> {
    this.toolUrl = toolUrl;
    await this.rotateKey();
    const app = express();
    app.use(express.urlencoded({ extended: false }));
    app.use(express.json());
    app.get('/jwks', (_req, res) => {
      this.jwksFetches++;
      res.json({ keys: this.jwks });
    });
    app.get('/.well-known/openid-configuration', (_req, res) => {
      this.configurationFetches++;
      res.json(this.openidConfiguration());
    });
    app.post('/register', (req, res) => {
      this.registrations.push(req.body as Record<string, unknown>);
      res.json({
        ...(req.body as object),
        client_id: this.clientId,
        'https://purl.imsglobal.org/spec/lti-tool-configuration': { deployment_id: this.deploymentId },
      });
    });
    app.get('/auth', (req, res, next) => {
      // The browser flow: the platform answers the tool's login redirect with a self-posting form.
      this.authorise(req.query as Record<string, string>, {})
        .then(({ action, form }) => {
          res.type('html').send(
            `<!doctype html><form method="post" action="${escapeHtml(action)}">` +
              Object.entries(form)
                .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
                .join('') +
              '</form><script>document.forms[0].submit()</script>',
          );
        })
        .catch((err: unknown) =>
          err instanceof InvalidRequest
            ? res.status(400).type('html').send('<!doctype html><p id="invalid-request">Invalid request</p>')
            : next(err),
        );
    });
    app.post('/token', (req, res, next) => {
      const body = req.body as Record<string, string>;
      jwtVerify(body.client_assertion ?? '', createRemoteJWKSet(new URL(`${this.toolUrl}/lti/keys`)), {
        issuer: this.clientId,
        audience: `${this.url}/token`,
      })
        .then(() =>
          res.json({ access_token: `at-${randomUUID()}`, token_type: 'bearer', expires_in: 3600, scope: body.scope }),
        )
        .catch(next);
    });
    app.post(
      '/lineitems/:id/scores',
      express.json({ type: ['application/json', 'application/vnd.ims.lis.v1.score+json'] }),
      (req, res) => {
        if (!req.get('authorization')?.startsWith('Bearer at-')) return res.status(401).end();
        this.scores.push({ lineItem: req.params.id, body: req.body as Record<string, unknown> });
        res.status(200).json({});
      },
    );
    app.post('/deep-link-return', (req, res, next) => {
      jwtVerify(String((req.body as { JWT?: string }).JWT), createRemoteJWKSet(new URL(`${this.toolUrl}/lti/keys`)), {
        audience: this.url,
        issuer: this.clientId,
      })
        .then(({ payload }) => {
          this.deepLinkResponses.push(payload);
          res.type('html').send('<!doctype html><p id="received">received</p>');
        })
        .catch(next);
    });
    app.get('/course', (req, res) => {
      // A course page framing the tool and showing its icon, as Moodle does.
      res
        .type('html')
        .send(
          `<!doctype html><img id="tool-icon" src="${escapeHtml(`${this.toolUrl}/lti/icons/library.png`)}" alt=""><iframe id="tool" src="${escapeHtml(String(req.query.src))}" width="1000" height="800"></iframe>`,
        );
    });
    await new Promise<void>((resolve) => {
      this.server = app.listen(0, '127.0.0.1', resolve);
    });
    this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
    return this;
  }

  /** A new signing key, published beside the old ones, as an LMS rotating its keys does. */
  async rotateKey(): Promise<void> {
    const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
    this.kid = randomUUID();
    this.privateKey = privateKey;
    this.jwks = [...this.jwks, { ...(await exportJWK(publicKey)), kid: this.kid, alg: 'RS256', use: 'sig' }];
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server?.closeAllConnections();
      this.server?.close(() => resolve());
    });
  }

  openidConfiguration() {
    return {
      issuer: this.url,
      authorization_endpoint: `${this.url}/auth`,
      token_endpoint: `${this.url}/token`,
      jwks_uri: `${this.url}/jwks`,
      registration_endpoint: `${this.url}/register`,
      claims_supported: ['iss', 'sub', 'name', 'given_name', 'family_name', 'email'],
      'https://purl.imsglobal.org/spec/lti-platform-configuration': { product_family_code: 'testlms' },
    };
  }

  /** What the tool needs to register this platform by hand. */
  registration() {
    return {
      issuer: this.url,
      clientId: this.clientId,
      name: 'Test LMS',
      authUrl: `${this.url}/auth`,
      tokenUrl: `${this.url}/token`,
      jwksUrl: `${this.url}/jwks`,
      deploymentIds: [this.deploymentId],
    };
  }

  /** The admin pages' registration form for this platform, filled in for the organisation `orgId`. */
  registrationForm(orgId: string): Record<string, string> {
    const { deploymentIds, ...fields } = this.registration();
    return { ...fields, deploymentIds: deploymentIds.join('\n'), orgId };
  }

  /** A freshly signed id_token with the given claims. */
  async sign(claims: JWTPayload, tamper: LaunchOptions['tamper'] = {}): Promise<string> {
    const now = Math.floor(Date.now() / 1000) + (tamper.iatOffsetS ?? 0);
    return new SignJWT(tamper.azp ? { ...claims, azp: tamper.azp } : claims)
      .setProtectedHeader({ alg: 'RS256', kid: tamper.kid ?? this.kid, typ: 'JWT' })
      .setIssuer(this.url)
      .setAudience(tamper.aud ?? this.clientId)
      .setIssuedAt(now)
      .setExpirationTime(now + 300 + (tamper.expOffsetS ?? 0))
      .sign(tamper.signWith ?? this.privateKey);
  }

  /**
   * The platform's side of the authorisation request: an id_token answering the tool's state and
   * nonce. A message hint answered before is refused, as Moodle refuses it ("Invalid request").
   */
  async authorise(
    params: Record<string, string>,
    options: LaunchOptions,
  ): Promise<{ action: string; form: { id_token: string; state: string } }> {
    if (params.lti_message_hint) {
      if (this.answeredHints.has(params.lti_message_hint)) throw new InvalidRequest(params.lti_message_hint);
      this.answeredHints.add(params.lti_message_hint);
    }
    const hint = params.lti_message_hint ? (JSON.parse(params.lti_message_hint) as LaunchOptions) : {};
    const o = { ...hint, ...options };
    const messageType = o.messageType ?? 'LtiResourceLinkRequest';
    const claims: JWTPayload = {
      sub: params.login_hint,
      nonce: params.nonce,
      name: o.name ?? 'Nguyễn Văn Học',
      email: o.email,
      [`${LTI}/message_type`]: messageType,
      [`${LTI}/version`]: '1.3.0',
      [`${LTI}/deployment_id`]: o.deploymentId ?? this.deploymentId,
      [`${LTI}/target_link_uri`]: params.redirect_uri,
      [`${LTI}/roles`]: o.roles ?? [ROLE.learner],
      [`${LTI}/context`]: o.context ?? { id: 'course-1', title: 'Toán 6A' },
      [`${LTI}/tool_platform`]: { guid: 'test-lms', product_family_code: 'testlms' },
      ...(o.custom ? { [`${LTI}/custom`]: o.custom } : {}),
    };
    // As in an LMS, an activity (one item in one course) is one resource link, the same at every launch.
    if (messageType === 'LtiResourceLinkRequest')
      claims[`${LTI}/resource_link`] = {
        id: `link-${createHash('sha256')
          .update(JSON.stringify([claims[`${LTI}/context`], o.custom ?? null]))
          .digest('hex')
          .slice(0, 12)}`,
      };
    if (messageType === 'LtiDeepLinkingRequest') {
      claims['https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings'] = {
        deep_link_return_url: `${this.url}/deep-link-return`,
        accept_types: ['ltiResourceLink'],
        accept_presentation_document_targets: ['iframe', 'window'],
        accept_multiple: true,
        data: 'opaque-data',
      };
    }
    if (o.lineItem) {
      claims['https://purl.imsglobal.org/spec/lti-ags/claim/endpoint'] = {
        scope: [
          'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem',
          'https://purl.imsglobal.org/spec/lti-ags/scope/score',
        ],
        lineitems: `${this.url}/lineitems`,
        lineitem: `${this.url}/lineitems/li-1`,
      };
    }
    return {
      action: params.redirect_uri!,
      form: { id_token: await this.sign(claims, o.tamper), state: params.state! },
    };
  }

  /** The whole launch over HTTP, as a browser inside the platform would do it (cookies kept by hand). */
  async launch(toolUrl: string, options: LaunchOptions = {}): Promise<LaunchResult> {
    const login = new URL(`${toolUrl}/lti/login`);
    login.search = new URLSearchParams({
      iss: this.url,
      login_hint: options.sub ?? 'student-1',
      target_link_uri: `${toolUrl}/lti`,
      client_id: this.clientId,
      lti_deployment_id: options.deploymentId ?? this.deploymentId,
    }).toString();
    const started = await fetch(login, { redirect: 'manual' });
    const location = started.headers.get('location');
    if (started.status !== 302 || !location)
      throw new Error(`login did not redirect: ${started.status} ${await started.text()}`);
    const cookie = new CookieJar().keep(started).header();
    const params = Object.fromEntries(new URL(location).searchParams) as Record<string, string>;
    const { action, form } = await this.authorise(params, options);
    const headers: Record<string, string> = {
      cookie,
      ...(options.acceptLanguage ? { 'accept-language': options.acceptLanguage } : {}),
    };
    const answer = await fetch(action, {
      method: 'POST',
      body: new URLSearchParams(form),
      headers,
      redirect: 'manual',
    });
    return {
      status: answer.status,
      html: await answer.text(),
      form,
      cookie,
      launchUrl: action,
      headers: answer.headers,
    };
  }
}
