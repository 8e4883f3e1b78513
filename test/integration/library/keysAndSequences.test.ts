import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { newCopyId } from '../../../src/models/copy.js';
import { claimKeys, copyKey, keyById, releaseKeys } from '../../../src/models/copyKey.js';
import { lastNumber, raiseSequence, takeNumbers } from '../../../src/models/sequence.js';

const unique = () => randomBytes(4).toString('hex');

/** The database primitives accession numbering rests on, on the real database (embedded FerretDB or MongoDB). */
describe('accession keys and running numbers on the database', () => {
  it('claims keys in one unordered insert and names exactly the ones already taken', async () => {
    const orgId = newCopyId();
    const first = newCopyId();
    const second = newCopyId();
    expect(
      await claimKeys([copyKey('accession', orgId, 'SGK-00001', first), copyKey('barcode', orgId, 'SGK-00001', first)]),
    ).to.deep.equal([]);
    const taken = await claimKeys([
      copyKey('accession', orgId, 'SGK-00002', second),
      copyKey('accession', orgId, 'sgk 1', second),
      copyKey('barcode', orgId, 'SGK-00002', second),
    ]);
    expect(taken).to.deep.equal([copyKey('accession', orgId, 'SGK-1', second).id]);
    expect((await keyById(copyKey('accession', orgId, 'SGK-00002', second).id))?.copyId).to.equal(second);
    // Another school may use the same number.
    expect(await claimKeys([copyKey('accession', newCopyId(), 'SGK-00001', second)])).to.deep.equal([]);
  });

  it('releases a key only for the copy that holds it', async () => {
    const orgId = newCopyId();
    const holder = newCopyId();
    const key = copyKey('barcode', orgId, `B-${unique()}`, holder);
    await claimKeys([key]);
    await releaseKeys([{ id: key.id, copyId: newCopyId() }]);
    expect(await keyById(key.id)).not.to.equal(null);
    await releaseKeys([{ id: key.id, copyId: holder }]);
    expect(await keyById(key.id)).to.equal(null);
  });

  it('hands out running numbers without repeats or gaps to concurrent takers, and moves on past numbers typed by hand', async () => {
    const id = `test|${unique()}`;
    const firsts = await Promise.all(Array.from({ length: 12 }, (_, i) => takeNumbers(id, (i % 3) + 1)));
    const taken = firsts
      .flatMap((first, i) => Array.from({ length: (i % 3) + 1 }, (_, k) => first + k))
      .sort((a, b) => a - b);
    expect(taken).to.deep.equal(Array.from({ length: 24 }, (_, i) => i + 1));
    await raiseSequence(id, 100);
    await raiseSequence(id, 50);
    expect(await lastNumber(id)).to.equal(100);
    expect(await takeNumbers(id, 1)).to.equal(101);
  });
});
