/** An organisation's statistics (with everything below it), as the statistics page and its CSV show them. */
import type { ResourceStatus } from './resource.js';

/** Use of resources: views, downloads and LTI launches. */
export interface UsageCounts {
  views: number;
  downloads: number;
  launches: number;
}

export interface OrganisationStatistics {
  orgId: string;
  /** First and last month, `YYYY-MM`, in Vietnam's time. */
  from: string;
  to: string;
  resources: number;
  byStatus: Map<ResourceStatus, number>;
  byType: Map<string, number>;
  bySubject: Map<string, number>;
  byLevel: Map<string, number>;
  /** `YYYY-MM` → counts, every month of the range present. */
  byMonth: Map<string, UsageCounts>;
  /** Most used first (views + downloads + launches), over all time. */
  topResources: { id: string; title: string; usage: UsageCounts }[];
}
