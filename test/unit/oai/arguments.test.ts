/**
 * OAI-PMH request arguments, read as the protocol says (spec §3.1, §3.3, §3.6 and §4): for each
 * verb, the argument sets it accepts and those it must answer with badArgument (or badVerb),
 * before anything is looked up.
 */
import { expect } from 'chai';
import { decodeArguments, parsePeriod, parseRequest } from '../../../src/oai/arguments.js';
import { OaiError } from '../../../src/oai/errors.js';

/** The OAI-PMH error a call throws, as its code, or `ok` when it throws none. */
function outcome(call: () => unknown): string {
  try {
    call();
    return 'ok';
  } catch (err) {
    if (err instanceof OaiError) return err.code;
    throw err;
  }
}
const request = (query: string) => outcome(() => parseRequest(decodeArguments(query)));

const id = 'oai:thuvien.example.edu.vn:66f0a1b2c3d4e5f601234567';
const token = 'eyJ2ZXJiIjoiTGlzdFJlY29yZHMifQ.c2lnbmF0dXJl';

/** Per verb: argument sets the protocol allows (ok) and those it does not (the error code). */
const cases: Record<string, Record<string, string>> = {
  Identify: {
    '': 'ok',
    [`identifier=${id}`]: 'badArgument',
    'metadataPrefix=oai_dc': 'badArgument',
    [`resumptionToken=${token}`]: 'badArgument',
  },
  ListMetadataFormats: {
    '': 'ok',
    [`identifier=${id}`]: 'ok',
    'metadataPrefix=oai_dc': 'badArgument',
    [`resumptionToken=${token}`]: 'badArgument',
    'identifier=': 'badArgument',
    'identifier=có dấu cách': 'badArgument',
  },
  ListSets: {
    '': 'ok',
    [`resumptionToken=${token}`]: 'ok',
    [`resumptionToken=${token}&set=mon`]: 'badArgument',
    'metadataPrefix=oai_dc': 'badArgument',
    'resumptionToken=': 'badArgument',
  },
  GetRecord: {
    [`identifier=${id}&metadataPrefix=oai_dc`]: 'ok',
    [`identifier=${id}`]: 'badArgument',
    'metadataPrefix=oai_dc': 'badArgument',
    '': 'badArgument',
    [`identifier=${id}&metadataPrefix=oai_dc&set=mon`]: 'badArgument',
    [`identifier=${id}&metadataPrefix=oai dc`]: 'badArgument',
    [`identifier=${id}&metadataPrefix=oai_dc&metadataPrefix=oai_lom`]: 'badArgument',
  },
};
/** ListIdentifiers and ListRecords take the same arguments. */
const listCases: Record<string, string> = {
  'metadataPrefix=oai_dc': 'ok',
  'metadataPrefix=oai_dc&from=2025-01-01&until=2025-12-31': 'ok',
  'metadataPrefix=oai_dc&from=2025-01-01T00:00:00Z': 'ok',
  'metadataPrefix=oai_dc&set=level:thcs': 'ok',
  'metadataPrefix=oai_dc&set=mon:toan&from=2025-01-01': 'ok',
  [`resumptionToken=${token}`]: 'ok',
  // resumptionToken is exclusive; without it metadataPrefix is required.
  [`resumptionToken=${token}&metadataPrefix=oai_dc`]: 'badArgument',
  [`resumptionToken=${token}&from=2025-01-01`]: 'badArgument',
  '': 'badArgument',
  'from=2025-01-01': 'badArgument',
  'set=mon:toan': 'badArgument',
  'metadataPrefix=oai_dc&identifier=x': 'badArgument',
  'metadataPrefix=oai_dc&set=có dấu': 'badArgument',
  'metadataPrefix=oai_dc&set=mon::toan': 'badArgument',
  'metadataPrefix=oai_dc&from=': 'badArgument',
  'metadataPrefix=oai_dc&from=2025-01-01&from=2025-02-01': 'badArgument',
};
cases.ListIdentifiers = listCases;
cases.ListRecords = listCases;

describe('OAI-PMH arguments', () => {
  for (const [verb, sets] of Object.entries(cases)) {
    it(`${verb}: accepts exactly the argument sets the protocol gives it`, () => {
      const wrong = Object.entries(sets)
        .map(([args, expected]) => [args, expected, request(`verb=${verb}${args ? `&${args}` : ''}`)])
        .filter(([, expected, got]) => expected !== got)
        .map(([args, expected, got]) => `${verb}?${args}: expected ${expected}, got ${got}`);
      expect(wrong).to.deep.equal([]);
    });
  }

  it('answers badVerb for a missing, repeated, unknown or miscased verb', () => {
    for (const query of [
      '',
      'metadataPrefix=oai_dc',
      'verb=Identify&verb=Identify',
      'verb=Harvest',
      'verb=identify',
      'verb=',
    ])
      expect(request(query), query).to.equal('badVerb');
  });

  it('gives the verb its arguments, decoded', () => {
    const parsed = parseRequest(
      decodeArguments(`verb=GetRecord&identifier=${encodeURIComponent(id)}&metadataPrefix=oai_dc`),
    );
    expect(parsed).to.deep.equal({ verb: 'GetRecord', args: { identifier: id, metadataPrefix: 'oai_dc' } });
  });

  it('reads a query string or a form body: percent-decoding, + as a space, NFC, repeated names kept', () => {
    const args = decodeArguments('set=m%C3%B4n%3Atoa%CC%81n&q=a+b&&x=1&x=2&flag');
    expect(args.get('set'), 'decomposed Vietnamese is composed (NFC)').to.deep.equal(['môn:toán']);
    expect(args.get('q')).to.deep.equal(['a b']);
    expect(args.get('x')).to.deep.equal(['1', '2']);
    expect(args.get('flag')).to.deep.equal(['']);
    expect(decodeArguments(Buffer.from('verb=Identify')).get('verb')).to.deep.equal(['Identify']);
  });

  it('answers badArgument for broken percent-encoding or a body that is not UTF-8', () => {
    expect(outcome(() => decodeArguments('verb=Identify&x=%zz'))).to.equal('badArgument');
    expect(outcome(() => decodeArguments('verb=Identify&x=%C3'))).to.equal('badArgument');
    expect(outcome(() => decodeArguments(Buffer.from([0x76, 0x65, 0x72, 0x62, 0x3d, 0xff])))).to.equal('badArgument');
  });

  describe('from and until (UTCdatetime, §3.3.1)', () => {
    const day = (d: string) => Date.parse(`${d}T00:00:00Z`);

    it('takes days and seconds as inclusive bounds: until covers its whole day or second', () => {
      expect(parsePeriod('2025-01-01', '2025-01-31')).to.deep.equal({
        from: day('2025-01-01'),
        until: day('2025-02-01') - 1,
      });
      expect(parsePeriod('2025-01-01T10:00:00Z', '2025-01-01T10:00:00Z')).to.deep.equal({
        from: Date.parse('2025-01-01T10:00:00Z'),
        until: Date.parse('2025-01-01T10:00:00Z') + 999,
      });
      expect(parsePeriod(undefined, undefined)).to.deep.equal({ from: null, until: null });
      expect(parsePeriod('2024-02-29', undefined).from, 'a leap day').to.equal(day('2024-02-29'));
    });

    it('answers badArgument for mixed granularities, from after until, dates that do not exist, other forms', () => {
      const bad: [string | undefined, string | undefined][] = [
        ['2025-01-01', '2025-01-31T00:00:00Z'],
        ['2025-02-01', '2025-01-01'],
        ['2025-01-01T10:00:01Z', '2025-01-01T10:00:00Z'],
        ['2025-02-29', undefined],
        ['2025-13-01', undefined],
        [undefined, '2025-01-01T24:00:00Z'],
        ['2025-1-1', undefined],
        ['2025-01-01T10:00:00', undefined],
        ['2025-01-01T10:00:00+07:00', undefined],
        ['2025-01-01T10:00:00.5Z', undefined],
        ['2025', undefined],
        ['hôm qua', undefined],
      ];
      for (const [from, until] of bad)
        expect(
          outcome(() => parsePeriod(from, until)),
          `${from} ${until}`,
        ).to.equal('badArgument');
    });
  });
});
