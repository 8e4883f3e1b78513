/**
 * The parts of ltijs 5.9 we use (its own typings on DefinitelyTyped are out of date). Only src/lti
 * imports ltijs.
 */
declare module 'ltijs' {
  import type { KeyObject } from 'node:crypto';
  import type { Express, NextFunction, Request, Response } from 'express';

  /** The key ltijs signs ltiks with and hands its database plugin for the records it wants encrypted. */
  export type LtiKey = string | KeyObject;

  export interface LtiDatabasePlugin {
    setup(): Promise<boolean>;
    Close(): Promise<boolean>;
    Get(
      encryptionKey: LtiKey | false,
      collection: string,
      query?: Record<string, unknown>,
    ): Promise<Record<string, unknown>[] | false>;
    Insert(
      encryptionKey: LtiKey | false,
      collection: string,
      item: Record<string, unknown>,
      index?: Record<string, unknown>,
    ): Promise<boolean>;
    Replace(
      encryptionKey: LtiKey | false,
      collection: string,
      query: Record<string, unknown>,
      item: Record<string, unknown>,
      index?: Record<string, unknown>,
    ): Promise<boolean>;
    Modify(
      encryptionKey: LtiKey | false,
      collection: string,
      query: Record<string, unknown>,
      modification: Record<string, unknown>,
    ): Promise<boolean>;
    Delete(collection: string, query: Record<string, unknown>): Promise<boolean>;
  }

  /** What ltijs keeps of a launch (its "idtoken") with the course part (its "contexttoken"). */
  export interface IdToken {
    iss: string;
    user: string;
    userInfo: { given_name?: string; family_name?: string; name?: string; email?: string };
    platformInfo?: Record<string, unknown>;
    clientId: string;
    platformId: string;
    deploymentId: string;
    platformContext: ContextToken;
  }

  export interface ContextToken {
    contextId: string;
    user: string;
    roles: string[];
    path: string;
    targetLinkUri?: string;
    context?: { id: string; label?: string; title?: string; type?: string[] };
    resource?: { id: string; title?: string; description?: string };
    custom?: Record<string, unknown>;
    launchPresentation?: { document_target?: string; return_url?: string; locale?: string };
    messageType: 'LtiResourceLinkRequest' | 'LtiDeepLinkingRequest';
    version: string;
    deepLinkingSettings?: {
      deep_link_return_url: string;
      accept_types: string[];
      accept_presentation_document_targets?: string[];
      accept_multiple?: boolean | string;
      data?: string;
    };
    endpoint?: { scope?: string[]; lineitems?: string; lineitem?: string };
  }

  export interface Platform {
    platformUrl(): Promise<string>;
    platformClientId(): Promise<string>;
    platformKid(): Promise<string>;
    platformActive(active?: boolean): Promise<boolean>;
    delete(): Promise<boolean>;
  }

  export interface PlatformRegistration {
    url: string;
    clientId: string;
    name: string;
    authenticationEndpoint: string;
    accesstokenEndpoint: string;
    authorizationServer?: string;
    authConfig: { method: 'JWK_SET' | 'JWK_KEY' | 'RSA_KEY'; key: string };
  }

  export interface ProviderOptions {
    appRoute?: string;
    loginRoute?: string;
    keysetRoute?: string;
    dynRegRoute?: string;
    cors?: boolean;
    ltiaas?: boolean;
    tokenMaxAge?: number | false;
    cookies?: { secure?: boolean; sameSite?: 'None' | 'Lax' | 'Strict' };
    serverAddon?: (app: Express) => void;
  }

  export type LaunchCallback = (token: IdToken, req: Request, res: Response, next: NextFunction) => unknown;
  export type RequestCallback = (req: Request, res: Response, next: NextFunction) => unknown;

  export interface Score {
    userId: string;
    scoreGiven: number;
    scoreMaximum: number;
    activityProgress: 'Initialized' | 'Started' | 'InProgress' | 'Submitted' | 'Completed';
    gradingProgress: 'FullyGraded' | 'Pending' | 'PendingManual' | 'Failed' | 'NotReady';
    timestamp?: string;
  }

  export class Provider {
    app: Express;
    DeepLinking: {
      createDeepLinkingMessage(
        token: IdToken,
        items: Record<string, unknown>[],
        options?: { message?: string; log?: string },
      ): Promise<string>;
    };
    Grade: { submitScore(token: IdToken, lineItemId: string, score: Score): Promise<unknown> };
    setup(encryptionKey: LtiKey, database: { plugin: LtiDatabasePlugin }, options: ProviderOptions): this;
    onConnect(cb: LaunchCallback): true;
    onDeepLinking(cb: LaunchCallback): true;
    onInvalidToken(cb: RequestCallback): true;
    onSessionTimeout(cb: RequestCallback): true;
    onUnregisteredPlatform(cb: RequestCallback): true;
    onInactivePlatform(cb: RequestCallback): true;
    registerPlatform(platform: PlatformRegistration): Promise<Platform>;
    getPlatform(url: string, clientId: string): Promise<Platform | false>;
  }

  /** The module's export: one Provider, already made (we make our own from its class). */
  const ltijs: { Provider: Provider };
  export default ltijs;
}
