import { expect } from 'chai';
import { checkIsbn, isbn10To13, normaliseIsbn } from '../../../src/domain/isbn.js';

describe('ISBN check digits (ISBN-10 and ISBN-13)', () => {
  it('reads what people type: hyphens, spaces, an ISBN label, a lower-case x', () => {
    expect(normaliseIsbn(' ISBN 978-604-0-00001-9 ')).to.equal('9786040000019');
    expect(normaliseIsbn('ISBN-10: 0-8044-2957-x')).to.equal('080442957X');
  });

  it('accepts valid ISBN-13 and ISBN-10, with the ISBN-13 of each', () => {
    expect(checkIsbn('978-0-306-40615-7')).to.deep.equal({ ok: true, value: '9780306406157', isbn13: '9780306406157' });
    expect(checkIsbn('0-306-40615-2')).to.deep.equal({ ok: true, value: '0306406152', isbn13: '9780306406157' });
    expect(checkIsbn('0-8044-2957-X')).to.include({ ok: true, value: '080442957X' });
    // A Vietnamese textbook: Nhà xuất bản Giáo dục Việt Nam, 978-604-0.
    expect(checkIsbn('978-604-0-25173-2')).to.include({ ok: true });
  });

  it('flags a wrong check digit and says which digit it should be', () => {
    expect(checkIsbn('978-0-306-40615-8')).to.deep.equal({
      ok: false,
      value: '9780306406158',
      reason: 'checkDigit',
      expected: '7',
    });
    expect(checkIsbn('0-306-40615-3')).to.deep.equal({
      ok: false,
      value: '0306406153',
      reason: 'checkDigit',
      expected: '2',
    });
    expect(checkIsbn('0-8044-2957-0')).to.include({ ok: false, reason: 'checkDigit', expected: 'X' });
  });

  it('refuses what is not an ISBN at all', () => {
    for (const bad of ['12345', '978030640615', '97803064061577', '1234567890123', 'abc-def', '030640615Y'])
      expect(checkIsbn(bad), bad).to.include({ ok: false, reason: 'format' });
  });

  it('converts ISBN-10 to ISBN-13', () => {
    expect(isbn10To13('0306406152')).to.equal('9780306406157');
    expect(isbn10To13('080442957X')).to.equal('9780804429573');
  });
});
