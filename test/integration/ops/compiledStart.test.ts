/**
 * The production image's start, done here without Docker: what the Dockerfile copies
 * (scripts/stageRuntime.mjs) in a scratch folder, `npm ci --omit=dev` there, then the image's
 * command on MongoDB (the test database server). No TypeScript, no tsx: the compiled app only.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { projectRoot } from '../../../config/index.js';
import { testContext } from '../../support/context.js';
import { startServerProcess, type ServerProcess } from '../../support/processes.js';
import { freePort } from '../../support/toolkit.js';
import { productionEnv } from '../../support/productionEnv.js';

describe('the compiled app, installed without dev dependencies, as the image runs it', function () {
  this.timeout(600_000);
  let stage: string;
  let running: ServerProcess | undefined;

  before(function () {
    stage = fs.mkdtempSync(path.join(os.tmpdir(), 'thuvien-image-'));
    const run = (command: string, args: string[], cwd: string) => {
      const result = spawnSync(command, args, { cwd, encoding: 'utf8', timeout: 480_000 });
      if (result.status !== 0) throw new Error(`${command} ${args.join(' ')}: ${result.stderr || result.error}`);
    };
    run(process.execPath, [path.join(projectRoot, 'scripts', 'stageRuntime.mjs'), stage], projectRoot);
    run('npm', ['ci', '--omit=dev', '--no-audit', '--no-fund', '--loglevel=error'], stage);
  });
  after(async () => {
    if (running?.proc.exitCode === null) {
      running.proc.kill('SIGKILL');
      await running.exited;
    }
    fs.rmSync(stage, { recursive: true, force: true });
  });

  it('holds the compiled app and no development tools', () => {
    expect(fs.existsSync(path.join(stage, 'dist', 'src', 'server.js'))).to.equal(true);
    // (typescript itself comes along as i18next's peer dependency; the image has no sources to compile with it.)
    for (const tool of ['tsx', 'mocha', 'eslint', 'pino-pretty', 'playwright-core'])
      expect(fs.existsSync(path.join(stage, 'node_modules', tool)), tool).to.equal(false);
    expect(fs.existsSync(path.join(stage, 'src', 'server.ts'))).to.equal(false);
  });

  it("npm start's build step has nothing to do there", () => {
    const prestart = spawnSync(process.execPath, ['scripts/build.mjs', '--if-stale'], { cwd: stage, encoding: 'utf8' });
    expect(prestart.status, prestart.stderr).to.equal(0);
  });

  it('starts on MongoDB in production, serves pages, is ready, logs JSON and stops cleanly', async () => {
    const { config, db } = testContext();
    const uri = config.database.uri ?? db.embedded!.uri;
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    running = await startServerProcess(
      { ...productionEnv(base, uri, `image_${randomBytes(4).toString('hex')}`), PORT: String(port), LOG_LEVEL: 'info' },
      120_000,
      { args: ['dist/src/server.js'], cwd: stage },
    );
    expect((await fetch(`${base}/readyz`)).status).to.equal(200);
    expect((await fetch(`${base}/healthz`)).status).to.equal(200);
    const home = await fetch(`${base}/`);
    expect(home.status).to.equal(200);
    expect(await home.text()).to.include('Thư viện số');
    expect(running.logs.some((l) => /is running/.test(l.msg))).to.equal(true);
    running.proc.kill('SIGTERM');
    expect(await running.exited).to.equal(0);
  });
});
