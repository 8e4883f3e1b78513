/** The environment a production instance needs (NODE_ENV=production refuses to start without it), made up for a test. */
import { randomBytes } from 'node:crypto';
import { createSelfSignedCredentials } from '../../src/auth/saml/spCredentials.js';

export function productionEnv(baseUrl: string, mongodbUri: string, dbName: string): NodeJS.ProcessEnv {
  const sp = createSelfSignedCredentials('thuvien.test', 1);
  return {
    NODE_ENV: 'production',
    BASE_URL: baseUrl,
    MONGODB_URI: mongodbUri,
    DB_NAME: dbName,
    SESSION_SECRET: randomBytes(32).toString('hex'),
    TOKEN_SECRET: randomBytes(32).toString('hex'),
    LTI_KEY_SECRET: randomBytes(32).toString('hex'),
    SAML_SP_KEY: sp.key,
    SAML_SP_CERT: sp.cert,
  };
}
