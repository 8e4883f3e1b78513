/** `npm run db:build`: builds the embedded database once (CI calls it before the tests). */
import { createLogger } from '../log.js';
import { ensureBinary } from './embedded/binary.js';

const log = createLogger('info');
ensureBinary(log).then(
  (path) => log.info({ path }, 'FerretDB binary ready'),
  (err: Error) => {
    log.fatal(err.message);
    process.exitCode = 1;
  },
);
