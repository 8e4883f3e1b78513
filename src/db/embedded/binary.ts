/**
 * The embedded database program: FerretDB v1.24.2 wrapped by our small Go main
 * (src/db/ferretdb). Built once with the Go toolchain into .cache/ferretdb/, keyed by a hash of
 * its sources, so a change to the wrapper or its pinned modules rebuilds it and nothing else does.
 */
import { createHash } from 'node:crypto';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../../config/index.js';
import type { Logger } from '../../log.js';

export const FERRETDB_VERSION = 'v1.24.2';
const sourceDir = path.join(projectRoot, 'src', 'db', 'ferretdb');
const cacheDir = path.join(projectRoot, '.cache', 'ferretdb');
const sourceFiles = ['main.go', 'go.mod', 'go.sum'];

export function binaryPath(): string {
  const hash = createHash('sha256');
  for (const file of sourceFiles) hash.update(fs.readFileSync(path.join(sourceDir, file)));
  return path.join(cacheDir, `thuvien-ferretdb-${FERRETDB_VERSION}-${hash.digest('hex').slice(0, 12)}`);
}

export class BuildError extends Error {
  override name = 'BuildError';
}

/** Returns the path of a ready binary, building it first if the cache lacks it. */
export async function ensureBinary(log: Logger): Promise<string> {
  const target = binaryPath();
  if (fs.existsSync(target)) return target;

  log.info(
    { target },
    'Đang dựng cơ sở dữ liệu nhúng FerretDB (chỉ lần đầu, khoảng 2 phút) / Building the embedded FerretDB ' +
      'database (first time only, about 2 minutes)',
  );
  const started = Date.now();
  fs.mkdirSync(cacheDir, { recursive: true });
  // Concurrent builds each write their own file and rename it into place: the last one wins, both are good.
  const partial = `${target}.${process.pid}.partial`;
  await runGo(['build', '-trimpath', '-o', partial, '.'], log);
  fs.renameSync(partial, target);
  log.info({ seconds: Math.round((Date.now() - started) / 1000) }, 'Đã dựng FerretDB / FerretDB built');
  return target;
}

function runGo(args: string[], log: Logger): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('go', args, {
      cwd: sourceDir,
      env: { ...process.env, GOFLAGS: '-mod=readonly', CGO_ENABLED: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', (err: NodeJS.ErrnoException) => {
      reject(
        new BuildError(
          err.code === 'ENOENT'
            ? 'Không tìm thấy Go để dựng cơ sở dữ liệu nhúng: cài Go 1.26+ hoặc đặt MONGODB_URI / ' +
                'Go was not found to build the embedded database: install Go 1.26+ or set MONGODB_URI'
            : `go ${args.join(' ')}: ${err.message}`,
        ),
      );
    });
    child.on('close', (code) => {
      if (code === 0) return resolve();
      log.error({ output: output.slice(-4000) }, 'go build failed');
      const lastLines = output.trim().split('\n').slice(-3).join(' | ');
      reject(
        new BuildError(`Dựng FerretDB thất bại / Building FerretDB failed (go exited with ${code}): ${lastLines}`),
      );
    });
  });
}
