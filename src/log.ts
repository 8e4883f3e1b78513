/**
 * Structured JSON logs (pino). Every line written while a request is being handled carries its
 * request id, wherever in the code it is written: the id travels in AsyncLocalStorage and pino's
 * mixin adds it to each line.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { pino, type Logger, type LevelWithSilent } from 'pino';

interface RequestScope {
  requestId: string;
}

const scope = new AsyncLocalStorage<RequestScope>();

export type { Logger };

export function createLogger(level: LevelWithSilent): Logger {
  return pino({
    level,
    base: { service: 'thu-vien-so' },
    timestamp: pino.stdTimeFunctions.isoTime,
    mixin: () => {
      const current = scope.getStore();
      return current ? { reqId: current.requestId } : {};
    },
    redact: {
      paths: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]', '*.password', '*.secret'],
      censor: '[redacted]',
    },
  });
}

export function runInRequestScope<T>(requestId: string, fn: () => T): T {
  return scope.run({ requestId }, fn);
}

export function currentRequestId(): string | undefined {
  return scope.getStore()?.requestId;
}
