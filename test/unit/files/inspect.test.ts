import { expect } from 'chai';
import { detectType } from '../../../src/services/files/inspect.js';

describe('upload type detection', () => {
  it('takes Vietnamese text as text wherever its first bytes are cut, even inside a character', async () => {
    const text = Buffer.alloc(100_000, 'Dòng sông quê em.\n');
    for (let length = 65_530; length < 65_560; length++) {
      const type = await detectType(text.subarray(0, length), 'bai-doc.txt', false);
      expect(type.mediaType, `cut after ${length} bytes`).to.equal('text/plain; charset=utf-8');
    }
  });

  it('still refuses bytes that are not UTF-8', async () => {
    const latin1 = Buffer.from('Dòng sông quê em. '.repeat(10), 'latin1');
    await detectType(latin1, 'bai-doc.txt', true).then(
      () => expect.fail('latin-1 bytes were taken as text'),
      (err: Error) => expect(err.message).to.match(/unknownType/),
    );
  });
});
