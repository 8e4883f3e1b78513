/**
 * "Most viewed" (the home page, search sorted by views, the statistics' candidates) reads the
 * views folded from the usage events: on the instance that folds, and on every other instance
 * once it follows the fold.
 */
import { expect } from 'chai';
import { createLogger } from '../../../src/log.js';
import { anonymous } from '../../../src/policies/actor.js';
import { MemoryOaiList } from '../../../src/services/oaiMemoryList.js';
import { SearchFeeder } from '../../../src/services/searchFeeder.js';
import { SearchService } from '../../../src/services/search.js';
import { MemoryEngine } from '../../../src/search/memory/memoryEngine.js';
import { KEEP_ROUNDS } from '../../../src/services/usageFold.js';
import { testContext } from '../../support/context.js';
import { province, resource, system } from '../../support/fixtures.js';
import { unique } from '../../support/toolkit.js';
import { countUsageNow } from '../../support/usage.js';

/** Another instance's search: an engine of its own, fed from the same database. */
async function anotherInstance(): Promise<SearchFeeder> {
  const other = new SearchFeeder(new MemoryEngine(), createLogger('silent'), new MemoryOaiList());
  await other.loadAll();
  return other;
}

async function view(item: { id: string; orgId: string }, times: number): Promise<void> {
  const { usage } = testContext().services;
  for (let i = 0; i < times; i++) void usage.record('view', item, null);
  await countUsageNow();
}

describe('usage: the views shown and sorted by are the folded ones, on every instance', () => {
  it('orders search by views once they are folded, here and on another instance after it follows', async () => {
    const { schoolA } = await province();
    const word = unique('xem');
    const [rarely, often] = [
      await resource(await system(), schoolA, { metadata: { title: `Ít xem ${word}` } }),
      await resource(await system(), schoolA, { metadata: { title: `Hay xem ${word}` } }),
    ];
    const other = await anotherInstance();
    const byViews = async (engine = testContext().services.searchEngine) =>
      (
        await new SearchService(engine, testContext().services.tree).search(anonymous, {
          q: word,
          filters: {},
          sort: 'views',
          offset: 0,
          limit: 10,
        })
      ).hits.map((h) => [h.card.id, h.card.views]);

    void testContext().services.usage.record('view', often, null);
    await testContext().services.usage.flush();
    expect(await byViews(), 'recorded, not folded yet').to.deep.equal([
      [often.id, 0],
      [rarely.id, 0],
    ]);
    await view(rarely, 1);
    await view(often, 2);
    expect(await byViews()).to.deep.equal([
      [often.id, 3],
      [rarely.id, 1],
    ]);

    expect(await byViews(other.engine), 'the other instance before it follows').to.deep.equal([
      [often.id, 0],
      [rarely.id, 0],
    ]);
    await other.views.follow();
    expect(await byViews(other.engine)).to.deep.equal([
      [often.id, 3],
      [rarely.id, 1],
    ]);

    await view(rarely, 5);
    await other.views.follow();
    expect(await byViews(other.engine)).to.deep.equal([
      [rarely.id, 6],
      [often.id, 3],
    ]);
  });

  it('loads every view again on an instance that fell further behind than the rounds kept', async () => {
    const { schoolA } = await province();
    const item = await resource(await system(), schoolA);
    const other = await anotherInstance();
    for (let round = 0; round <= KEEP_ROUNDS; round++) await view(item, 1);
    await other.views.follow();
    expect((await other.engine.cards([item.id])).get(item.id)?.views).to.equal(KEEP_ROUNDS + 1);
  });
});
