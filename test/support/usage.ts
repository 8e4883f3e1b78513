/** Usage counts in tests: what has been recorded, written, folded and followed now rather than on the cadence. */
import type { Services } from '../../src/services/index.js';
import { testContext } from './context.js';

export async function countUsageNow(services: Services = testContext().services): Promise<void> {
  await services.usage.flush();
  await services.usageFold.fold();
  await services.catalogue.views.follow();
}
