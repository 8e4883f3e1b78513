/**
 * GET /metrics for Prometheus. Closed unless configured: a caller passes with
 * `Authorization: Bearer $METRICS_TOKEN`, or from an address in METRICS_ALLOW (req.ip, so behind a
 * proxy TRUST_PROXY must be right). Anyone else gets a bare 404, as if there were nothing here.
 */
import { timingSafeEqual, createHash } from 'node:crypto';
import { BlockList, isIPv4, isIPv6 } from 'node:net';
import { Router, type Request } from 'express';
import { registry } from '../../metrics/index.js';

export interface MetricsAccess {
  token: string | undefined;
  allow: readonly string[];
}

export function metricsRouter(access: MetricsAccess): Router {
  const allowed = allowList(access.allow);
  const tokenDigest = access.token ? digest(access.token) : undefined;
  const router = Router();
  router.get('/metrics', async (req, res, next) => {
    try {
      if (!hasToken(req, tokenDigest) && !fromAllowedAddress(req, allowed)) {
        res.status(404).type('text/plain').send('Not Found');
        return;
      }
      res.set({ 'Cache-Control': 'no-store', 'Content-Type': registry.contentType }).send(await registry.metrics());
    } catch (err) {
      next(err);
    }
  });
  return router;
}

const digest = (text: string) => createHash('sha256').update(text).digest();

function hasToken(req: Request, expected: Buffer | undefined): boolean {
  const header = req.get('authorization') ?? '';
  if (!expected || !header.startsWith('Bearer ')) return false;
  return timingSafeEqual(digest(header.slice('Bearer '.length)), expected);
}

function fromAllowedAddress(req: Request, allowed: BlockList): boolean {
  const ip = (req.ip ?? '').replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, '$1');
  if (isIPv4(ip)) return allowed.check(ip, 'ipv4');
  return isIPv6(ip) && allowed.check(ip, 'ipv6');
}

function allowList(entries: readonly string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [address = '', bits] = entry.split('/');
    const type = isIPv6(address) ? 'ipv6' : 'ipv4';
    if (bits === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(bits), type);
  }
  return list;
}
