/**
 * `npm start` and the container image start node the same way, with flags this node accepts: the
 * soak measures memory through the start script, so the image must not run another command.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { projectRoot } from '../../config/index.js';

const read = (file: string) => fs.readFileSync(path.join(projectRoot, file), 'utf8');

function npmStartFlags(): string[] {
  const start = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts.start!;
  const command = /exec node (.*) dist\/src\/server\.js$/.exec(start);
  expect(command, `the start script execs node: ${start}`).to.not.equal(null);
  return command![1]!.split(' ');
}

function imageFlags(): string[] {
  const cmd = /^CMD (\[.*\])$/m.exec(read('Dockerfile'));
  expect(cmd, 'the image has a CMD').to.not.equal(null);
  const [node, ...rest] = JSON.parse(cmd![1]!) as string[];
  expect(node).to.equal('node');
  expect(rest.at(-1)).to.equal('dist/src/server.js');
  return rest.slice(0, -1);
}

describe('the start command', () => {
  it('is the same for npm start and the image, with the heap held at twice its live set', () => {
    expect(imageFlags()).to.deep.equal(npmStartFlags());
    expect(npmStartFlags()).to.include('--heap-growing-percent=100');
    expect(read('Dockerfile')).to.match(/MALLOC_ARENA_MAX=2/);
  });

  it('uses node flags this node accepts (a flag a newer V8 dropped would stop the app starting)', () => {
    const run = spawnSync(process.execPath, [...npmStartFlags(), '-e', '0'], { encoding: 'utf8' });
    expect(run.stderr).to.equal('');
    expect(run.status).to.equal(0);
  });
});
