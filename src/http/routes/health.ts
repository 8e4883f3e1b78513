/**
 * /healthz: the process answers. /readyz: it can serve, i.e. every readiness check passes (the
 * database answers a ping, and whatever else registers a check). Both are cheap and unauthenticated.
 */
import { Router } from 'express';

export interface ReadinessCheck {
  name: string;
  check: () => Promise<boolean> | boolean;
}

export function healthRouter(checks: readonly ReadinessCheck[]): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.set('Cache-Control', 'no-store').json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const results = await Promise.all(
      checks.map(async (c) => [c.name, await Promise.resolve(c.check()).catch(() => false)] as const),
    );
    const ready = results.every(([, ok]) => ok);
    res
      .status(ready ? 200 : 503)
      .set('Cache-Control', 'no-store')
      .json({
        status: ready ? 'ready' : 'not-ready',
        checks: Object.fromEntries(results.map(([name, ok]) => [name, ok ? 'ok' : 'failing'])),
      });
  });
  return router;
}
