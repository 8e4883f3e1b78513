/**
 * The HTTP server around the app, with limits for slow clients: a client that trickles its
 * headers (slowloris), drags its body out, or keeps an idle connection open holds a socket and
 * some memory, and enough of them would starve everyone else. Past each limit the connection is
 * closed (Node answers 408 when it can); the limits come from the configuration (README).
 */
import http from 'node:http';
import type { Express } from 'express';
import type { HttpTimeouts } from '../../config/index.js';

export function createHttpServer(app: Express, timeouts: HttpTimeouts): http.Server {
  const server = http.createServer(
    {
      headersTimeout: timeouts.headersMs,
      requestTimeout: timeouts.requestMs,
      keepAliveTimeout: timeouts.keepAliveMs,
      // How often unfinished requests are checked against those two limits (Node's default, 30 s, would let a slow client hold on for that much longer).
      connectionsCheckingInterval: Math.max(250, Math.min(5000, Math.floor(timeouts.headersMs / 4))),
    },
    app,
  );
  // Without a 'timeout' listener, Node destroys a socket that saw no activity for this long.
  server.setTimeout(timeouts.idleMs);
  return server;
}
