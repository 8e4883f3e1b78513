import { expect } from 'chai';
import { ChangeFeed, type ChangeSubscriber, type ChangeTopic } from '../../../src/services/changeFeed.js';
import { MemoryEngine } from '../../../src/search/memory/memoryEngine.js';
import { SearchFeeder } from '../../../src/services/searchFeeder.js';
import { testContext } from '../../support/context.js';
import { person, province, resource } from '../../support/fixtures.js';

/** What a second app instance sees: its own feed follower and its own copy of the catalogue. */
class Recorder implements ChangeSubscriber {
  applied: string[] = [];
  reloads = 0;
  async apply(keys: string[]) {
    this.applied.push(...keys);
  }
  async reloadAll() {
    this.reloads++;
  }
}

/** Another instance following `topic`, and where the feed stood when it started. */
async function follower(topic: ChangeTopic) {
  const other = new ChangeFeed(testContext().log, 60_000);
  const recorder = new Recorder();
  other.subscribe(topic, recorder);
  await other.markStart();
  return { other, recorder, before: await other.latest() };
}

describe('change feed: instances stay in step', () => {
  it('delivers every change published by one instance to another, once and in order', async () => {
    const { log } = testContext();
    const { other, recorder } = await follower('organisation');

    const publisher = new ChangeFeed(log, 60_000);
    for (const key of ['a', 'b', 'c']) await publisher.publish('organisation', key);
    await other.poll();
    expect(recorder.applied).to.deep.equal(['a', 'b', 'c']);
    await other.poll();
    expect(recorder.applied, 'nothing is delivered twice').to.deep.equal(['a', 'b', 'c']);
  });

  it('records changes published while an entry is being written together, and delivers each of them', async () => {
    const { log } = testContext();
    const { other, recorder, before } = await follower('organisation');

    const publisher = new ChangeFeed(log, 60_000);
    const keys = ['d', 'e', 'f', 'g', 'h'];
    await Promise.all(keys.map((key) => publisher.publish('organisation', key)));
    // The first goes alone; the four published while it was written share the next entry.
    expect((await other.latest()) - before).to.equal(2);
    await other.poll();
    expect(recorder.applied).to.deep.equal(keys);
  });

  it("writes a copy's entry behind the call, with the copies changed meanwhile; a stop writes what waits", async () => {
    const { log } = testContext();
    const { other, recorder, before } = await follower('copy');

    const publisher = new ChangeFeed(log, 60_000);
    const seenHere = new Recorder();
    publisher.subscribe('copy', seenHere);
    await publisher.publish('copy', 'c1');
    expect(seenHere.applied, 'the publishing instance has applied it').to.deep.equal(['c1']);
    await publisher.publish('copy', 'c2');
    await publisher.publish('copy', 'c3');
    await publisher.recorded();
    expect((await other.latest()) - before, 'the three in one entry').to.equal(1);
    await publisher.publish('copy', 'c4');
    await publisher.stop();
    expect((await other.latest()) - before).to.equal(2);
    await other.poll();
    expect(recorder.applied).to.deep.equal(['c1', 'c2', 'c3', 'c4']);
  });

  it("brings a second instance's catalogue index up to date with a resource published elsewhere", async () => {
    const { log, services } = testContext();
    const secondEngine = new MemoryEngine();
    const secondCatalogue = new SearchFeeder(secondEngine, log);
    const secondFeed = new ChangeFeed(log, 60_000);
    secondFeed.subscribe('resource', secondCatalogue);
    await secondFeed.markStart();
    await secondCatalogue.loadAll();
    const titleIn = async (engine: MemoryEngine | typeof services.searchEngine, id: string) =>
      (await engine.cards([id])).get(id)?.title;

    const { schoolA } = await province();
    const teacher = await person([{ org: schoolA, role: 'teacher' }]);
    const title = `Sinh học 10 – Quang hợp ${Date.now()}`;
    const r = await resource(teacher.actor, schoolA, { metadata: { title } });
    expect(await titleIn(services.searchEngine, r.id), 'the publishing instance sees it at once').to.equal(title);
    expect(await titleIn(secondEngine, r.id), 'the other instance has not polled yet').to.equal(undefined);

    await secondFeed.poll();
    expect((await secondEngine.cards([r.id])).get(r.id)?.status).to.equal('published');
    expect(await titleIn(secondEngine, r.id)).to.equal(title);
  });
});
