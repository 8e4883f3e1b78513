/** Where /metrics reads the services' current state: queue lengths, index size and lag. */
import { watchIndexLag, watchIndexSize, watchQueue } from '../metrics/index.js';
import { countTextJobs } from '../models/file.js';
import type { Services } from './index.js';

export function watchServiceGauges(services: Services): void {
  watchQueue('text-extraction', countTextJobs);
  watchQueue('usage-batches', () => services.usage.waiting);
  // Batches this instance wrote that the usage fold has not counted yet (as of this instance's last look).
  watchQueue('usage-fold', () => services.catalogue.views.unfolded(services.usage.stream, services.usage.lastBatch));
  watchQueue('integration-events', () => services.integrationEvents.waiting);
  watchIndexSize('catalogue', () => services.searchEngine.count());
  watchIndexLag('catalogue', () => services.changes.behind());
}
