/**
 * The HTTP server around the app, with limits for slow clients: a client that trickles its
 * headers (slowloris), drags its body out, or keeps an idle connection open holds a socket and
 * some memory, and enough of them would starve everyone else. Past each limit the connection is
 * closed with a 408; the limits come from the configuration (README). Requests Node cannot even
 * read (a request line or headers too long, bytes that are not HTTP) get the API's error shape too.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { Duplex } from 'node:stream';
import type { Express } from 'express';
import type { HttpTimeouts } from '../../config/index.js';

export function createHttpServer(app: Express, timeouts: HttpTimeouts): http.Server {
  const server = http.createServer(
    {
      headersTimeout: timeouts.headersMs,
      requestTimeout: timeouts.requestMs,
      keepAliveTimeout: timeouts.keepAliveMs,
      // How often unfinished requests are checked against those two limits (Node's default, 30 s, would let a slow
      // client hold on for that much longer).
      connectionsCheckingInterval: Math.max(250, Math.min(5000, Math.floor(timeouts.headersMs / 4))),
    },
    app,
  );
  // Without a 'timeout' listener, Node destroys a socket that saw no activity for this long.
  server.setTimeout(timeouts.idleMs);
  server.on('clientError', answerUnreadable);
  return server;
}

/** Node's own errors for requests it could not read, each with a code and words for both languages. */
const unreadable: Record<string, { status: number; code: string; message: string }> = {
  ERR_HTTP_REQUEST_TIMEOUT: {
    status: 408,
    code: 'request_timeout',
    message: 'Yêu cầu gửi quá chậm. / The request took too long to arrive.',
  },
  HPE_HEADER_OVERFLOW: {
    status: 431,
    code: 'headers_too_large',
    message: 'Địa chỉ hoặc tiêu đề của yêu cầu quá dài. / The request line or headers are too long.',
  },
};
const malformed = { status: 400, code: 'bad_request', message: 'Yêu cầu không hợp lệ. / The request is malformed.' };

/**
 * Answers in the API's error shape (JSON, both languages: the request's own language could not be read), then closes.
 */
function answerUnreadable(err: NodeJS.ErrnoException, socket: Duplex): void {
  if (err.code === 'ECONNRESET' || !socket.writable) return void socket.destroy();
  const { status, code, message } = unreadable[err.code ?? ''] ?? malformed;
  const body = JSON.stringify({ error: { code, message, requestId: randomUUID() } });
  socket.end(
    `HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
