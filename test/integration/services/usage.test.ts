import { expect } from 'chai';
import { Types } from 'mongoose';
import { createLogger } from '../../../src/log.js';
import { appendBatch, batchId, UsageBatchModel, UsageStreamModel, type UsageEvent } from '../../../src/models/usage.js';
import { foldPosition, roundAt, takeFoldLease } from '../../../src/models/usageFold.js';
import { UsageYearModel, monthOf, usageYearId } from '../../../src/models/usageMonthly.js';
import { UsageService } from '../../../src/services/usage.js';
import { UsageFold, type FoldStep } from '../../../src/services/usageFold.js';
import { testContext } from '../../support/context.js';
import { province, resource, system } from '../../support/fixtures.js';
import { pollUntil } from '../../support/toolkit.js';
import { countUsageNow } from '../../support/usage.js';

const quiet = createLogger('silent');
const newFold = (options: Partial<ConstructorParameters<typeof UsageFold>[1]> = {}) =>
  new UsageFold(quiet, { cadenceMs: 3_600_000, ...options });

/** Resources and an organisation of its own (never in the database: counts need only their ids). */
function strangers(count: number) {
  const orgId = new Types.ObjectId().toHexString();
  return Array.from({ length: count }, () => ({ id: new Types.ObjectId().toHexString(), orgId }));
}

const thisMonth = () => monthOf(new Date()).split('-') as [string, string];

/** This month's counts of an organisation (a counter nothing added to is absent from the document). */
async function thisMonthOf(orgId: string) {
  const [year, month] = thisMonth();
  const counts = (await UsageYearModel.findById(usageYearId(orgId, year)).lean())?.months[month];
  return { views: 0, downloads: 0, launches: 0, ...counts };
}

/** `views` views of each resource and one download of every other one, from a fresh instance's stream. */
async function recordSome(items: { id: string; orgId: string }[], views: number): Promise<UsageService> {
  const usage = new UsageService(quiet);
  items.forEach((item, i) => {
    for (let v = 0; v < views; v++) void usage.record('view', item, null);
    if (i % 2 === 0) void usage.record('download', item, null);
  });
  await usage.flush();
  return usage;
}

/** What `recordSome(items, views)` recorded `times` times. */
async function expectCounted(items: { id: string; orgId: string }[], views: number, times = 1): Promise<void> {
  const { usage } = testContext().services;
  for (const [i, item] of items.entries())
    expect(await usage.statsOf(item.id), `resource ${i}`).to.deep.equal({
      views: views * times,
      downloads: i % 2 === 0 ? times : 0,
      launches: 0,
    });
  expect(await thisMonthOf(items[0]!.orgId)).to.deep.equal({
    views: views * times * items.length,
    downloads: Math.ceil(items.length / 2) * times,
    launches: 0,
  });
}

describe('usage: events appended in batches, counts folded from them', () => {
  it('counts every event of a burst exactly once, in the per-resource totals and the month, once folded', async () => {
    const { schoolA } = await province();
    const item = await resource(await system(), schoolA, { status: 'published' });
    const { usage } = testContext().services;
    const person = new Types.ObjectId().toHexString();
    const [year, month] = thisMonth();
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
    expect(await usage.statsOf(item.id), 'written, not folded yet').to.deep.equal({
      views: 0,
      downloads: 0,
      launches: 0,
    });
    const batches = await UsageBatchModel.find({ stream: usage.stream }).lean();
    const events = batches.flatMap((b) => b.events).filter((e) => e.resourceId.toHexString() === item.id);
    expect(events).to.have.length(50);
    expect(events.find((e) => e.kind === 'lti_launch')?.lti?.courseTitle).to.equal('Lịch sử 8A');

    await countUsageNow();
    expect(await usage.statsOf(item.id)).to.deep.equal({ views: 40, downloads: 7, launches: 3 });
    const card = (await testContext().services.searchEngine.cards([item.id])).get(item.id);
    expect(card?.views, 'the index follows').to.equal(40);
    const monthAfter = (await UsageYearModel.findById(usageYearId(schoolA.id, year)).lean())!.months[month]!;
    expect(monthAfter).to.deep.equal({
      views: monthBefore.views + 40,
      downloads: monthBefore.downloads + 7,
      launches: monthBefore.launches + 3,
    });
    await countUsageNow();
    expect(await usage.statsOf(item.id), 'folding again counts nothing twice').to.deep.equal({
      views: 40,
      downloads: 7,
      launches: 3,
    });
  });

  it('counts the streams of several instances recording the same resources at once', async () => {
    const items = strangers(3);
    await Promise.all([0, 1, 2].map(() => recordSome(items, 5)));
    await newFold().fold();
    for (const item of items) expect((await testContext().services.usage.statsOf(item.id)).views).to.equal(15);
  });

  it('holds events for a moment, and writes them all when flushed (as the services do when they stop)', async () => {
    const usage = new UsageService(quiet);
    const [item] = strangers(1);
    void usage.record('download', item!, null);
    expect(await UsageBatchModel.countDocuments({ stream: usage.stream })).to.equal(0);
    await usage.flush();
    const written = await UsageBatchModel.findById(batchId(usage.stream, 1)).lean();
    expect(written?.events.map((e) => e.kind)).to.deep.equal(['download']);
    expect((await UsageStreamModel.findById(usage.stream).lean())?.from).to.equal(1);
  });

  it('writes a batch once even when an attempt that seemed to fail had landed (same number, same _id)', async () => {
    const stream = new Types.ObjectId().toHexString();
    const [item] = strangers(1);
    const event: UsageEvent = {
      kind: 'view',
      resourceId: new Types.ObjectId(item!.id),
      orgId: new Types.ObjectId(item!.orgId),
      personId: null,
      at: new Date(),
      lti: null,
    };
    await UsageStreamModel.create({ _id: stream, from: 1, touchedAt: new Date(), closedAfter: null });
    await appendBatch(stream, 1, [event]);
    await appendBatch(stream, 1, [event]);
    await newFold().fold();
    expect((await testContext().services.usage.statsOf(item!.id)).views).to.equal(1);
  });

  it('loses nothing and counts nothing twice when a fold stops after any of its steps', async () => {
    const steps: FoldStep[] = ['claimed', 'resources', 'orgYears', 'done'];
    for (const failAt of steps) {
      const items = strangers(6);
      await recordSome(items, 2);
      let seen = 0;
      const crashing = newFold({
        chunk: 2,
        afterStep: (step) => {
          // the second chunk of resources: half counted, half not
          if (step === failAt && (step !== 'resources' || ++seen === 2)) throw new Error(`crash after ${step}`);
        },
      });
      const before = await foldPosition();
      await crashing.fold().then(
        () => expect.fail(`no crash after ${failAt}`),
        (err: Error) => expect(err.message).to.equal(`crash after ${failAt}`),
      );
      const claimed = await roundAt(before.round + 1);
      expect(claimed, `round claimed before the crash after ${failAt}`).to.not.equal(null);
      expect((await foldPosition()).round, `position after a crash after ${failAt}`).to.equal(
        failAt === 'done' ? before.round + 1 : before.round,
      );

      await newFold().fold(); // another instance, or this one restarted
      await expectCounted(items, 2);
      await newFold().fold();
      await expectCounted(items, 2);
    }
  });

  it('adds a round to hundreds of counters that exist already (FerretDB v1 stalls on a bulk write updating ~100)', async () => {
    const items = strangers(150);
    await recordSome(items, 1);
    await newFold().fold();
    await recordSome(items, 1);
    await newFold().fold();
    await expectCounted(items, 1, 2);
  });

  it('counts each event once when two instances fold at the same moment', async () => {
    const [some, others] = [strangers(20), strangers(20)];
    await Promise.all([recordSome(some, 3), recordSome(others, 3)]);
    await Promise.all([newFold({ chunk: 5 }).fold(), newFold({ chunk: 7 }).fold(), newFold().fold()]);
    await expectCounted(some, 3);
    await expectCounted(others, 3);
  });

  it('lets one instance fold at a time (a lease), and another take over when its holder stops or dies', async () => {
    const { services } = testContext();
    const second = newFold({ cadenceMs: 100 });
    const items = strangers(2);
    await recordSome(items, 1);
    // The test services' own folder holds the lease from its start: the second folds nothing.
    second.start(async () => {}, 60_000);
    await second.stop();
    expect((await services.usage.statsOf(items[0]!.id)).views).to.equal(0);

    await services.usageFold.stop(); // releases the lease
    second.start(async () => {}, 60_000);
    await second.stop();
    await expectCounted(items, 1);

    const more = strangers(2);
    await recordSome(more, 1);
    expect(await takeFoldLease('an instance that will crash', 400)).to.equal(true);
    const third = newFold({ cadenceMs: 100 });
    third.start(async () => {}, 60_000);
    try {
      await pollUntil(async () => (await services.usage.statsOf(more[0]!.id)).views === 1, {
        timeoutMs: 10_000,
        message: 'the lease of a crashed holder ran out and another instance folded',
      });
    } finally {
      await third.stop();
      services.usageFold.start(() => services.catalogue.views.follow(), 5_000);
    }
    await expectCounted(more, 1);
  });

  it('retires a stream its writer closed once it is folded, and counts the stream again from where it resumes', async () => {
    const items = strangers(2);
    const usage = await recordSome(items, 1);
    await usage.stop();
    expect((await UsageStreamModel.findById(usage.stream).lean())?.closedAfter).to.equal(1);
    await newFold().fold();
    await newFold().fold(); // the round after the one that counted it finds it closed and silent
    expect(await UsageStreamModel.findById(usage.stream).lean(), 'retired').to.equal(null);

    void usage.record('view', items[0]!, null);
    await usage.flush();
    expect((await UsageStreamModel.findById(usage.stream).lean())?.from, 'registered again at batch 2').to.equal(2);
    await newFold().fold();
    expect((await testContext().services.usage.statsOf(items[0]!.id)).views).to.equal(2);
  });
});
