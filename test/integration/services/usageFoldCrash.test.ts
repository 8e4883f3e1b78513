/**
 * kill -9 of a process in the middle of folding usage: the counts come out exact once another
 * folder (here, this process's) carries on, and folding again changes nothing.
 */
import { spawn } from 'node:child_process';
import readline from 'node:readline';
import { expect } from 'chai';
import { Types } from 'mongoose';
import { projectRoot } from '../../../config/index.js';
import { createLogger } from '../../../src/log.js';
import { ResourceStatsModel } from '../../../src/models/usage.js';
import { foldPosition, roundAt } from '../../../src/models/usageFold.js';
import { UsageService } from '../../../src/services/usage.js';
import { UsageFold } from '../../../src/services/usageFold.js';
import { testContext } from '../../support/context.js';
import { countUsageNow } from '../../support/usage.js';

const RESOURCES = 300;

function startFolder(): { steps: AsyncIterableIterator<string>; kill: () => Promise<void> } {
  const { db, config } = testContext();
  const uri = db.embedded?.uri ?? config.database.uri!;
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'test/support/foldingProcess.ts', uri, config.database.name],
    { cwd: projectRoot, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const steps = readline.createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  return {
    steps,
    kill: async () => {
      child.kill('SIGKILL');
      await exited;
    },
  };
}

describe('usage fold: kill -9 of the folding process mid-round', function () {
  this.timeout(120_000);

  it('loses no event and counts none twice', async () => {
    await countUsageNow(); // what earlier tests recorded: the round killed counts only these resources
    const orgId = new Types.ObjectId().toHexString();
    const items = Array.from({ length: RESOURCES }, () => ({ id: new Types.ObjectId().toHexString(), orgId }));
    const usage = new UsageService(createLogger('silent'));
    for (const item of items) for (let v = 0; v < 3; v++) void usage.record('view', item, null);
    await usage.flush();
    const before = await foldPosition();

    const folder = startFolder();
    let written = 0;
    for await (const step of folder.steps) if (step === 'resources' && ++written === RESOURCES / 3) break;
    await folder.kill();

    const killedIn = await roundAt(before.round + 1);
    expect(killedIn, 'the killed process had claimed a round').to.not.equal(null);
    const counted = await ResourceStatsModel.countDocuments({ _id: { $in: items.map((i) => i.id) }, views: 3 });
    expect(counted, 'killed in the middle: some resources counted, not all').to.be.within(RESOURCES / 3, RESOURCES - 1);
    expect((await foldPosition()).round, 'the round was not finished').to.equal(before.round);

    await new UsageFold(createLogger('silent'), { cadenceMs: 60_000 }).fold();
    await new UsageFold(createLogger('silent'), { cadenceMs: 60_000 }).fold();
    for (const item of items) expect((await usage.statsOf(item.id)).views, item.id).to.equal(3);
  });
});
