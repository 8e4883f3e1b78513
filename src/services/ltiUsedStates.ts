/**
 * States of LTI logins that an id_token post has answered, kept until the login would have
 * expired anyway: a second post of the same state is refused (src/lti/loginGuard.ts).
 * `markStateUsed` is false when the state was used before.
 */
export { markLtiStateUsedFirst as markStateUsed, ltiStateUsed as stateUsed } from '../models/lti.js';
