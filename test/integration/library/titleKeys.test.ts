/**
 * Printed titles found through their lookup keys (src/models/titleKeys.ts): kept with every write
 * of a title, and built by migration 002 for the titles stored before.
 */
import { expect } from 'chai';
import { connectedDb } from '../../../src/db/index.js';
import { isbnLookupKey, lookupKeysOfTitle, nameLookupKey } from '../../../src/domain/titleLookup.js';
import { printedTitlesByAnyKey } from '../../../src/models/catalogueMatches.js';
import { titleLookupKeys } from '../../../src/models/migrations/m002TitleLookupKeys.js';
import { TitleKeyModel } from '../../../src/models/titleKeys.js';
import { testContext } from '../../support/context.js';
import { person, printEdition, printedTitle, province, uniqueIsbn } from '../../support/fixtures.js';
import { unique } from '../../support/toolkit.js';

const found = async (key: string) => (await printedTitlesByAnyKey([key])).map((t) => t.id);

describe('printed titles by lookup key', () => {
  it('finds an edited title by its new ISBN and title only, and a deleted one by none', async () => {
    const { resources } = testContext().services;
    const { schoolA } = await province();
    const librarian = await person([{ org: schoolA, role: 'librarian' }]);
    const [before, after] = [uniqueIsbn(), uniqueIsbn()];
    const [oldName, newName] = [`Số đỏ ${unique('w')}`, `Giông tố ${unique('w')}`];
    const title = await printedTitle(librarian.actor, schoolA, {
      metadata: { title: oldName },
      print: { isbns: [{ value: before, qualifier: null, invalid: false }] },
    });
    expect(await found(isbnLookupKey(before))).to.deep.equal([title.id]);
    expect(await found(nameLookupKey(schoolA.id, oldName.normalize('NFD').toUpperCase()))).to.deep.equal([title.id]);

    const edited = await resources.update(librarian.actor, title.id, title.version, {
      metadata: { ...title.metadata, title: newName },
      scope: title.scope,
      print: printEdition({ isbns: [{ value: after, qualifier: null, invalid: false }] }),
    });
    expect(await found(isbnLookupKey(after)), 'the new ISBN').to.deep.equal([title.id]);
    expect(await found(nameLookupKey(schoolA.id, newName)), 'the new title').to.deep.equal([title.id]);
    expect(await found(isbnLookupKey(before)), 'the old ISBN').to.deep.equal([]);
    expect(await found(nameLookupKey(schoolA.id, oldName)), 'the old title').to.deep.equal([]);

    await resources.remove(librarian.actor, title.id, edited.version);
    expect(await found(isbnLookupKey(after)), 'deleted').to.deep.equal([]);
  });

  it('migration 002 keys the titles stored before keys existed, each once however often it runs', async () => {
    const { schoolA, schoolB } = await province();
    const titles = await Promise.all(
      [schoolA, schoolB].map(async (org) =>
        printedTitle((await person([{ org, role: 'librarian' }])).actor, org, {
          metadata: { title: `Tắt đèn ${unique('w')}` },
          print: { isbns: [{ value: '9786040251732', qualifier: null, invalid: false }] },
        }),
      ),
    );
    const keys = titles.flatMap((t) => lookupKeysOfTitle(t.orgId, t.metadata.title, ['9786040251732']));
    // As a release before keys left them: the titles alone.
    await TitleKeyModel.updateOne(
      { _id: isbnLookupKey('9786040251732') },
      { $pull: { titleIds: { $in: titles.map((t) => t.id) } } },
    );
    await TitleKeyModel.deleteMany({ _id: { $in: keys.filter((k) => k.startsWith('title:')) } });
    expect(await found(nameLookupKey(schoolA.id, titles[0]!.metadata.title))).to.deep.equal([]);

    await titleLookupKeys.run(connectedDb());
    await titleLookupKeys.run(connectedDb());
    expect(await found(isbnLookupKey('9786040251732'))).to.include.members(titles.map((t) => t.id));
    const stored = (await TitleKeyModel.findById(isbnLookupKey('9786040251732')).lean())!.titleIds.map(String);
    for (const t of titles)
      expect(
        stored.filter((id) => id === t.id),
        'each title once',
      ).to.have.length(1);
    for (const t of titles) expect(await found(nameLookupKey(t.orgId, t.metadata.title))).to.deep.equal([t.id]);
  });
});
