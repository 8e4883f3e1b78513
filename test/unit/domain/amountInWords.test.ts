import { expect } from 'chai';
import { dongInWords, numberInWords } from '../../../src/domain/amountInWords.js';

describe('amounts in Vietnamese words (the totals of a withdrawal record)', () => {
  const cases: [number, string][] = [
    [0, 'không'],
    [1, 'một'],
    [10, 'mười'],
    [11, 'mười một'],
    [15, 'mười lăm'],
    [20, 'hai mươi'],
    [21, 'hai mươi mốt'],
    [25, 'hai mươi lăm'],
    [101, 'một trăm linh một'],
    [105, 'một trăm linh năm'],
    [110, 'một trăm mười'],
    [1_001, 'một nghìn không trăm linh một'],
    [11_000, 'mười một nghìn'],
    [125_000, 'một trăm hai mươi lăm nghìn'],
    [1_050_000, 'một triệu không trăm năm mươi nghìn'],
    [3_500_000, 'ba triệu năm trăm nghìn'],
    [1_000_000_001, 'một tỉ không trăm linh một'],
  ];
  for (const [amount, words] of cases)
    it(`${amount} → "${words}"`, () => expect(numberInWords(amount)).to.equal(words));

  it('an amount in đồng starts with a capital and ends with the unit', () => {
    expect(dongInWords(125_000)).to.equal('Một trăm hai mươi lăm nghìn đồng');
    expect(dongInWords(0)).to.equal('Không đồng');
  });

  it('refuses what is not a whole amount rather than reading it wrong', () => {
    expect(() => numberInWords(12.5)).to.throw(RangeError);
    expect(() => numberInWords(Number.NaN)).to.throw(RangeError);
  });
});
