import { expect } from 'chai';
import { Types } from 'mongoose';
import { createLogger } from '../../../src/log.js';
import { UsageEventModel } from '../../../src/models/usage.js';
import { UsageYearModel, monthOf, usageYearId } from '../../../src/models/usageMonthly.js';
import { UsageService } from '../../../src/services/usage.js';
import { testContext } from '../../support/context.js';
import { province, resource, system } from '../../support/fixtures.js';

describe('usage: events written in batches behind the requests', () => {
  it('counts every event of a burst exactly once, in the events, the per-resource totals and the month', async () => {
    const { schoolA } = await province();
    const item = await resource(await system(), schoolA, { status: 'published' });
    const { usage } = testContext().services;
    const person = new Types.ObjectId().toHexString();
    const [year, month] = monthOf(new Date()).split('-') as [string, string];
    const monthBefore = (await UsageYearModel.findById(usageYearId(schoolA.id, year)).lean())?.months[month] ?? {
      views: 0,
      downloads: 0,
      launches: 0,
    };

    await Promise.all([
      ...Array.from({ length: 40 }, () => usage.record('view', item, person)),
      ...Array.from({ length: 7 }, () => usage.record('download', item, person)),
      ...Array.from({ length: 3 }, () =>
        usage.record('lti_launch', item, person, {
          platformId: 'p',
          courseId: 'c1',
          courseTitle: 'Lịch sử 8A',
          role: 'student',
        }),
      ),
    ]);

    expect(await usage.statsOf(item.id)).to.deep.equal({ views: 40, downloads: 7, launches: 3 });
    expect(await UsageEventModel.countDocuments({ resourceId: new Types.ObjectId(item.id) })).to.equal(50);
    const monthAfter = (await UsageYearModel.findById(usageYearId(schoolA.id, year)).lean())!.months[month]!;
    expect(monthAfter).to.deep.equal({
      views: monthBefore.views + 40,
      downloads: monthBefore.downloads + 7,
      launches: monthBefore.launches + 3,
    });
  });

  it('loses no count when two instances count a resource for the first time at the same moment', async () => {
    const { schoolA } = await province();
    const item = await resource(await system(), schoolA, { status: 'published' });
    const log = createLogger('silent');
    const instances = [0, 1, 2].map(() => new UsageService(testContext().services.searchEngine, log));
    await Promise.all(instances.flatMap((usage) => Array.from({ length: 5 }, () => usage.record('view', item, null))));
    expect(await instances[0]!.statsOf(item.id)).to.deep.equal({ views: 15, downloads: 0, launches: 0 });
  });

  it('holds events for a moment, and writes them all when flushed (as the services do when they stop)', async () => {
    const { schoolA } = await province();
    const item = await resource(await system(), schoolA, { status: 'published' });
    const usage = new UsageService(testContext().services.searchEngine, createLogger('silent'));
    void usage.record('download', item, null);
    expect(await UsageEventModel.countDocuments({ resourceId: new Types.ObjectId(item.id) })).to.equal(0);
    await usage.flush();
    expect(await UsageEventModel.countDocuments({ resourceId: new Types.ObjectId(item.id) })).to.equal(1);
  });
});
