import { expect } from 'chai';
import {
  isbnLookupKeys,
  lookupKeysOfRecord,
  lookupKeysOfTitle,
  nameLookupKey,
} from '../../../src/domain/titleLookup.js';

const school = '65a1b2c3d4e5f60718293a4b';

describe('title lookup keys', () => {
  it('key a title as titleMatch compares it: NFC or NFD, any case, tones, đ and punctuation alike', () => {
    const stored = nameLookupKey(school, 'Đất rừng phương Nam : truyện dài');
    expect(stored).to.equal(`title:${school}:dat rung phuong nam truyen dai`);
    for (const typed of [
      'Đất rừng phương Nam : truyện dài'.normalize('NFD'),
      'ĐẤT RỪNG PHƯƠNG NAM: TRUYỆN DÀI',
      '  dat rung phuong nam - truyen dai ',
    ])
      expect(nameLookupKey(school, typed), typed).to.equal(stored);
    expect(nameLookupKey('65a1b2c3d4e5f60718293a4c', 'Đất rừng phương Nam'), 'another school').not.to.equal(
      nameLookupKey(school, 'Đất rừng phương Nam'),
    );
  });

  it('key an ISBN by its ISBN-13, whichever length and spelling it was stored in; an invalid one has none', () => {
    expect(isbnLookupKeys(['0-306-40615-2', '9780306406157', '978-0-306-40615-7'])).to.deep.equal([
      'isbn:9780306406157',
    ]);
    expect(isbnLookupKeys(['0306406152'])).to.deep.equal(['isbn:9780306406157']);
    expect(isbnLookupKeys(['9786040251733', 'abc'])).to.deep.equal([]);
  });

  it('find a stored title by every key; a record by its ISBNs, or by its title when it has no valid ISBN', () => {
    expect(lookupKeysOfTitle(school, 'Toán 6', ['9786040251732'])).to.deep.equal([
      'isbn:9786040251732',
      `title:${school}:toan 6`,
    ]);
    expect(lookupKeysOfRecord(school, 'Toán 6', ['9786040251732'])).to.deep.equal(['isbn:9786040251732']);
    expect(lookupKeysOfRecord(school, 'Toán 6', ['9786040251733'])).to.deep.equal([`title:${school}:toan 6`]);
    expect(lookupKeysOfRecord(school, 'TOÁN 6', [])).to.deep.equal([`title:${school}:toan 6`]);
  });
});
