import { expect } from 'chai';
import { ChangeFeed, type ChangeSubscriber } from '../../../src/services/changeFeed.js';
import { CatalogueReadModel } from '../../../src/services/catalogueReadModel.js';
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

describe('change feed: instances stay in step', () => {
  it('delivers every change published by one instance to another, once and in order', async () => {
    const { log } = testContext();
    const other = new ChangeFeed(log, 60_000);
    const recorder = new Recorder();
    other.subscribe('organisation', recorder);
    await other.markStart();

    const publisher = new ChangeFeed(log, 60_000);
    for (const key of ['a', 'b', 'c']) await publisher.publish('organisation', key);
    await other.poll();
    expect(recorder.applied).to.deep.equal(['a', 'b', 'c']);
    await other.poll();
    expect(recorder.applied, 'nothing is delivered twice').to.deep.equal(['a', 'b', 'c']);
  });

  it("brings a second instance's catalogue index up to date with a resource published elsewhere", async () => {
    const { log, services } = testContext();
    const secondCatalogue = new CatalogueReadModel(log);
    const secondFeed = new ChangeFeed(log, 60_000);
    secondFeed.subscribe('resource', secondCatalogue);
    await secondFeed.markStart();
    await secondCatalogue.reloadAll();

    const { schoolA } = await province();
    const teacher = await person([{ org: schoolA, role: 'teacher' }]);
    const title = `Sinh học 10 – Quang hợp ${Date.now()}`;
    const r = await resource(teacher.actor, schoolA, { metadata: { title } });
    expect(services.catalogue.index.get(r.id)?.metadata.title, 'the publishing instance sees it at once').to.equal(
      title,
    );
    expect(secondCatalogue.index.get(r.id), 'the other instance has not polled yet').to.equal(undefined);

    await secondFeed.poll();
    expect(secondCatalogue.index.get(r.id)?.status).to.equal('published');
    expect(secondCatalogue.index.get(r.id)?.metadata.title).to.equal(title);
  });
});
