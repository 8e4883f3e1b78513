/** The integrations health page's chart: bars in proportion, whole-number ticks, labels in the person's language. */
import { expect } from 'chai';
import type { ChannelActivity } from '../../../src/domain/integrationEvent.js';
import { translator } from '../../../src/i18n/index.js';
import { dailyChart, presentIntegrationHealth } from '../../../src/presenters/integrationHealth.js';

const days = Array.from({ length: 30 }, (_, i) => `2026-11-${String(i + 1).padStart(2, '0')}`);
const activity = (perDay: Record<string, [number, number]>): ChannelActivity => ({
  channel: 'p1',
  name: 'Moodle Sở <thử>',
  accepted: Object.values(perDay).reduce((n, [a]) => n + a, 0),
  refused: Object.values(perDay).reduce((n, [, r]) => n + r, 0),
  redirected: 0,
  perDay: days.map((day) => ({ day, accepted: perDay[day]?.[0] ?? 0, refused: perDay[day]?.[1] ?? 0 })),
  reasons: [{ reason: 'signature', count: 3 }],
});

describe('presenter: integrations health', () => {
  it('draws one bar per non-zero figure, heights in proportion, inside the chart', () => {
    const chart = dailyChart(activity({ '2026-11-03': [8, 2], '2026-11-20': [4, 0] }), translator('vi'));
    expect(chart.bars).to.have.length(3);
    const [eight, two, four] = chart.bars;
    expect(eight!.series).to.equal('accepted');
    expect(two!.series).to.equal('refused');
    expect(eight!.height / four!.height).to.be.closeTo(2, 0.05);
    expect(eight!.height / two!.height).to.be.closeTo(4, 0.1);
    for (const bar of chart.bars) {
      expect(bar.y + bar.height).to.be.closeTo(chart.baseline.y, 0.11);
      expect(bar.x).to.be.within(chart.baseline.x1, chart.baseline.x2);
    }
    expect(chart.yTicks.map((t) => Number(t.label)).every(Number.isInteger)).to.equal(true);
    expect(eight!.label).to.equal('03/11: 8 thành công');
    expect(chart.xLabels[0]!.label).to.equal('01/11');
  });

  it('keeps an empty month drawable (no division by zero) and describes it in English too', () => {
    const chart = dailyChart(activity({}), translator('en'));
    expect(chart.bars).to.deep.equal([]);
    expect(chart.description).to.equal('Chart of 30 days for Moodle Sở <thử>: 0 accepted, 0 refused.');
  });

  it('names reasons in the language of the page and keeps an unknown code as it is', () => {
    const health = {
      orgId: 'o',
      days,
      harvesters: [],
      platforms: [
        {
          ...activity({}),
          reasons: [
            { reason: 'signature', count: 3 },
            { reason: 'newKind', count: 1 },
          ],
        },
      ],
      latestLtiRefusals: [],
      portals: [],
      sources: [],
    };
    const vi = presentIntegrationHealth(health, 'vi').platforms[0]!.reasons;
    expect(vi.map((r) => r.label)).to.deep.equal(['Chữ ký không hợp lệ', 'newKind']);
    const en = presentIntegrationHealth(health, 'en').platforms[0]!.reasons;
    expect(en[0]!.label).to.equal('Bad signature');
  });
});
