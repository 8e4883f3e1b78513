import { expect } from 'chai';
import {
  chooseTitle,
  offeredTitles,
  sameTitle,
  titleKey,
  type TitleCandidate,
} from '../../../src/domain/titleMatch.js';

const day = (d: number) => new Date(Date.UTC(2025, 8, d));
const candidate = (
  id: string,
  orgId: string,
  title: string,
  created: number,
  scope: TitleCandidate['scope'] = 'public',
) => ({ id, orgId, title, createdAt: day(created), scope }) satisfies TitleCandidate;

describe('which title a record is, among those sharing its ISBN', () => {
  it('compares titles as people read them: Unicode form, case, tones, punctuation and spacing aside', () => {
    const nfd = 'Tiếng Việt 1'.normalize('NFD');
    expect(titleKey('  Dế Mèn  phiêu lưu ký : truyện dài / ')).to.equal('de men phieu luu ky truyen dai');
    expect(sameTitle(nfd, 'TIẾNG VIỆT 1')).to.equal(true);
    expect(sameTitle('Đất rừng phương Nam', 'dat rung phuong nam.')).to.equal(true);
    expect(sameTitle('Toán 6 - Tập 1', 'Toán 6, tập 1')).to.equal(true);
    expect(sameTitle('Toán 6', 'Toán 7')).to.equal(false);
    expect(sameTitle('Tắt đèn', 'Tắt đèn tập 2')).to.equal(false);
  });

  it('takes a title with the same title only, the school’s own first, then the oldest, then by id', () => {
    const mine = candidate('b1', 'school-b', 'Tắt đèn', 9);
    const oldest = candidate('a1', 'school-a', 'TẮT ĐÈN /', 2);
    const sameDay = candidate('a0', 'school-c', 'Tắt đèn', 2);
    const otherBook = candidate('a2', 'school-a', 'Tắt đèn, tập 2', 1);
    expect(chooseTitle([oldest, otherBook, mine], 'school-b', 'Tắt đèn')).to.equal(mine);
    expect(chooseTitle([otherBook, oldest, sameDay], 'school-b', 'Tắt đèn')?.id, 'oldest, ties by id').to.equal('a0');
    expect(chooseTitle([otherBook], 'school-b', 'Tắt đèn'), 'an ISBN alone does not decide').to.equal(null);
    expect(chooseTitle([], 'school-b', 'Tắt đèn')).to.equal(null);
  });

  it('never takes or offers another school’s title kept to itself, but a school’s own is its own', () => {
    const hidden = candidate('c1', 'school-c', 'Tắt đèn', 1, 'school');
    const shared = candidate('a1', 'school-a', 'Tắt đèn', 5, 'subtree');
    expect(chooseTitle([hidden, shared], 'school-b', 'Tắt đèn')).to.equal(shared);
    expect(chooseTitle([hidden], 'school-b', 'Tắt đèn')).to.equal(null);
    expect(chooseTitle([hidden, shared], 'school-c', 'Tắt đèn')).to.equal(hidden);
    expect(offeredTitles([shared, hidden], 'school-b')).to.deep.equal([shared]);
    expect(offeredTitles([shared, hidden], 'school-c').map((t) => t.id)).to.deep.equal(['c1', 'a1']);
  });

  it('offers every title sharing the ISBN whatever its title, in the same order every time', () => {
    const list = [
      candidate('x', 'school-a', 'Tắt đèn', 3),
      candidate('y', 'school-a', 'Tắt đèn, tập 2', 1),
      candidate('z', 'school-b', 'Một tựa khác', 7),
    ];
    const order = offeredTitles(list, 'school-b').map((t) => t.id);
    expect(order).to.deep.equal(['z', 'y', 'x']);
    expect(offeredTitles([...list].reverse(), 'school-b').map((t) => t.id)).to.deep.equal(order);
  });
});
