/**
 * Graceful shutdown on SIGTERM/SIGINT: stop accepting connections, let in-flight requests finish
 * (up to the grace period), then run the closing steps in order (background jobs, database, the
 * embedded database). A second signal exits at once.
 */
import type { Server } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from './log.js';

export interface ClosingStep {
  name: string;
  run: () => Promise<void> | void;
}

export class Lifecycle {
  private readonly steps: ClosingStep[] = [];
  private stopping: Promise<void> | undefined;

  constructor(private readonly log: Logger) {}

  get shuttingDown(): boolean {
    return this.stopping !== undefined;
  }

  /** Steps run in the order they were added. */
  onShutdown(step: ClosingStep): void {
    this.steps.push(step);
  }

  /** While shutting down, keep-alive connections are told to close after their response. */
  closeConnectionsWhileStopping() {
    return (_req: Request, res: Response, next: NextFunction): void => {
      if (this.shuttingDown) res.setHeader('Connection', 'close');
      next();
    };
  }

  handleSignals(server: Server, graceMs: number): void {
    const onSignal = (signal: NodeJS.Signals) => {
      if (this.shuttingDown) {
        this.log.warn({ signal }, 'second signal: exiting now');
        process.exit(1);
      }
      this.log.info({ signal }, 'Đang dừng / shutting down');
      void this.stop(server, graceMs).then(
        () => process.exit(0),
        (err: unknown) => {
          this.log.error({ err }, 'shutdown failed');
          process.exit(1);
        },
      );
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  }

  stop(server: Server | undefined, graceMs: number): Promise<void> {
    this.stopping ??= this.runStop(server, graceMs);
    return this.stopping;
  }

  private async runStop(server: Server | undefined, graceMs: number): Promise<void> {
    if (server) {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Keep-alive connections become idle as their last response ends; close them as they do.
      const closeIdle = setInterval(() => server.closeIdleConnections(), 100);
      server.closeIdleConnections();
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), graceMs)));
      if ((await Promise.race([closed, timedOut])) === 'timeout') {
        this.log.warn({ graceMs }, 'requests still running after the grace period; closing their connections');
        server.closeAllConnections();
        await closed;
      }
      clearInterval(closeIdle);
      clearTimeout(timer);
    }
    for (const step of this.steps) {
      try {
        await step.run();
      } catch (err) {
        this.log.error({ err, step: step.name }, 'closing step failed');
      }
    }
    this.log.info('Đã dừng / stopped');
  }
}
