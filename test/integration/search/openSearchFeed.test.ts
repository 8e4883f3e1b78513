/**
 * An OpenSearch index kept in step with the database across app instances and crashes: a new
 * index is loaded at first start; an instance that died is replaced by one that catches up from
 * the change feed position stored with the index; `npm run search:reindex` rebuilds it beside
 * the live one and moves the alias.
 */
import { expect } from 'chai';
import { createLogger } from '../../../src/log.js';
import { ResourceModel } from '../../../src/models/resource.js';
import type { OpenSearchEngine } from '../../../src/search/opensearch/openSearchEngine.js';
import {
  createServices,
  startSearch,
  startServices,
  stopServices,
  type Services,
} from '../../../src/services/index.js';
import { rebuildSearchIndex } from '../../../src/services/searchRebuild.js';
import { anonymous } from '../../../src/policies/actor.js';
import { testContext } from '../../support/context.js';
import { person, province, resource } from '../../support/fixtures.js';
import { searchNode, uniqueAlias } from '../../support/searchNode.js';

describe('OpenSearch index: loaded once, caught up after a crash, rebuilt beside the live one', function () {
  this.timeout(180_000);
  const alias = uniqueAlias('feed');
  let url: string;
  const log = createLogger('silent');

  async function instance(): Promise<Services> {
    const { config } = testContext();
    const services = createServices({ ...config, search: { openSearchUrl: url, index: alias } }, log, {
      pollMs: 60_000,
    });
    await startServices(services);
    await startSearch(services);
    return services;
  }
  const titles = async (services: Services, q: string) => {
    await services.searchEngine.refresh();
    const page = await services.search.search(anonymous, { q, filters: {}, sort: 'relevance', limit: 50 });
    return page.hits.map((h) => h.card.title);
  };

  before(async () => {
    url = (await searchNode()).url;
  });

  it('loads a new index, then a restarted instance catches up from the stored position', async () => {
    const { schoolA } = await province();
    const teacher = await person([{ org: schoolA, role: 'teacher' }]);
    const word = `tienghoa${Date.now()}`;
    await resource(teacher.actor, schoolA, { metadata: { title: `Trước khi khởi động ${word}` } });

    const first = await instance();
    expect(await titles(first, word)).to.deep.equal([`Trước khi khởi động ${word}`]);
    const stored = await (first.searchEngine as OpenSearchEngine).position();
    expect(stored).to.be.greaterThan(0);
    // The instance dies (no stop): what is written meanwhile, by other instances, is only in the database and the feed.
    const later = await resource(teacher.actor, schoolA, { metadata: { title: `Trong lúc vắng ${word}` } });

    const second = await instance();
    expect((await titles(second, word)).sort()).to.deep.equal(
      [`Trong lúc vắng ${word}`, `Trước khi khởi động ${word}`].sort(),
    );
    expect(await (second.searchEngine as OpenSearchEngine).position(), 'the position moved on').to.be.greaterThan(
      stored,
    );
    expect((await second.search.cards([later.id])).get(later.id)?.status).to.equal('published');
    await stopServices(second);
  });

  it('rebuilds the index beside the live one and moves the alias, losing nothing', async () => {
    const services = await instance();
    const engine = services.searchEngine as OpenSearchEngine;
    let shown = 0;
    const result = await rebuildSearchIndex(engine, url, log, {
      start: () => undefined,
      advance: (n) => (shown += n),
      stop: () => undefined,
    });
    await engine.refresh();
    const live = await ResourceModel.countDocuments({ status: { $ne: 'deleted' } });
    expect(result.documents, 'every resource but the deleted ones').to.equal(live);
    expect(shown, 'the progress bar saw every one').to.equal(result.documents);
    expect(await engine.count()).to.equal(live);
    const { body } = await engine.client.indices.getAlias({ name: alias });
    expect(Object.keys(body)).to.deep.equal([result.index]);
    await stopServices(services);
  });
});
