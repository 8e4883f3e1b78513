/** Runs the real server (`src/server.ts`) as a separate process, as `npm start` does. */
import { spawn, type ChildProcess } from 'node:child_process';
import readline from 'node:readline';
import { projectRoot } from '../../config/index.js';

export interface LogLine {
  level: number;
  msg: string;
  [key: string]: unknown;
}

export interface ServerProcess {
  proc: ChildProcess;
  url: string;
  logs: LogLine[];
  stderr: () => string;
  exited: Promise<number | null>;
  waitForLog(match: (line: LogLine) => boolean, timeoutMs?: number): Promise<LogLine>;
}

/** `command`: another way to start it (the compiled build, in another folder); by default the TypeScript here. */
export async function startServerProcess(
  env: NodeJS.ProcessEnv,
  timeoutMs = 120_000,
  command: { args: string[]; cwd: string } = { args: ['--import', 'tsx', 'src/server.ts'], cwd: projectRoot },
): Promise<ServerProcess> {
  const proc = spawn(process.execPath, command.args, {
    cwd: command.cwd,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      HOST: '127.0.0.1',
      OUTBOUND_ALLOW: '127.0.0.1,::1,localhost',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: LogLine[] = [];
  const listeners = new Set<(line: LogLine) => void>();
  let stderr = '';
  proc.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  readline.createInterface({ input: proc.stdout! }).on('line', (text) => {
    try {
      const line = JSON.parse(text) as LogLine;
      logs.push(line);
      for (const l of listeners) l(line);
    } catch {
      /* not a log line */
    }
  });
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  const waitForLog = (match: (line: LogLine) => boolean, ms = timeoutMs) =>
    new Promise<LogLine>((resolve, reject) => {
      const found = logs.find(match);
      if (found) return resolve(found);
      const timer = setTimeout(() => {
        listeners.delete(listener);
        reject(new Error(`no matching log line within ${ms} ms; stderr: ${stderr.slice(-2000)}`));
      }, ms);
      const listener = (line: LogLine) => {
        if (!match(line)) return;
        clearTimeout(timer);
        listeners.delete(listener);
        resolve(line);
      };
      listeners.add(listener);
      void exited.then((code) => {
        if (!listeners.has(listener)) return;
        clearTimeout(timer);
        listeners.delete(listener);
        reject(new Error(`server exited (${code}) before the expected log line; stderr: ${stderr.slice(-2000)}`));
      });
    });
  const running = await waitForLog((l) => typeof l.url === 'string' && /is running/.test(l.msg));
  // It listens first and loads its search index after: tests start from a ready server.
  await waitForLog((l) => /sẵn sàng \/ ready/.test(String(l.msg)));
  return { proc, url: running.url as string, logs, stderr: () => stderr, exited, waitForLog };
}
