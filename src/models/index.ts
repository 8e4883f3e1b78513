/** Every model whose collection and indexes the app prepares at start-up. */
import type { AnyModel } from '../db/index.js';
import type { Purge } from '../db/expiry.js';
import { ChangeModel, CounterModel } from './change.js';
import { CollectionModel } from './collection.js';
import { CopyModel } from './copy.js';
import { CopyKeyModel } from './copyKey.js';
import { CirculationSettingsModel } from './circulationSettings.js';
import { HoldModel } from './hold.js';
import { LibraryCardModel } from './libraryCard.js';
import { NoticeModel } from './notice.js';
import { ReadingUseModel } from './readingUse.js';
import { CurrentLoanModel, LoanModel } from './loan.js';
import { FileHashModel, PendingUploadModel, SimulationModel, TextJobModel } from './file.js';
import { IdentityModel } from './identity.js';
import { importModels } from './importJob.js';
import { ImportMappingModel } from './importMapping.js';
import { LibrarySettingsModel } from './librarySettings.js';
import { RegisterEntryModel } from './registerEntry.js';
import { IntegrationEventModel } from './integrationEvent.js';
import { HarvestedItemModel, HarvestLeaseModel, HarvestRunModel, HarvestSourceModel } from './harvest.js';
import { LtiGrantModel, LtiUsedStateModel, LtiPlatformModel, ltiStoreModels } from './lti.js';
import { LtiRegistrationLinkModel } from './ltiRegistrationLink.js';
import { OrganisationModel } from './organisation.js';
import { PersonModel } from './person.js';
import { RateLimitModel } from './rateLimit.js';
import { ResourceModel, ResourceTextModel } from './resource.js';
import { SamlIdpModel } from './samlIdp.js';
import { SamlAssertionModel, SamlRequestModel, SamlSessionModel } from './samlState.js';
import { SessionModel } from './session.js';
import { ResourceStatsModel, UsageBatchModel, UsageStreamModel } from './usage.js';
import { UsageFoldModel, UsageRoundModel } from './usageFold.js';
import { UsageYearModel } from './usageMonthly.js';
import { ClassMembershipModel } from './classMembership.js';
import { StudentCodeClaimModel } from './studentCodeClaim.js';
import { CountedFiguresModel } from './countedFigures.js';
import { SchoolClassModel } from './schoolClass.js';
import { ClassImportDraftModel } from './classImportDraft.js';
import { StudentProfileModel } from './studentProfile.js';
import { InterLibraryRequestModel } from './interLibraryRequest.js';
import { stocktakingModels } from './stocktaking.js';
import { TitleKeyModel } from './titleKeys.js';

export const allModels: AnyModel[] = [
  SessionModel,
  ChangeModel,
  CounterModel,
  OrganisationModel,
  PersonModel,
  IdentityModel,
  ResourceModel,
  ResourceTextModel,
  HarvestSourceModel,
  HarvestRunModel,
  HarvestLeaseModel,
  HarvestedItemModel,
  UsageBatchModel,
  UsageStreamModel,
  UsageRoundModel,
  UsageFoldModel,
  ResourceStatsModel,
  UsageYearModel,
  CollectionModel,
  FileHashModel,
  SimulationModel,
  TextJobModel,
  PendingUploadModel,
  ...Object.values(ltiStoreModels),
  LtiPlatformModel,
  LtiGrantModel,
  LtiUsedStateModel,
  LtiRegistrationLinkModel,
  RateLimitModel,
  SamlIdpModel,
  SamlRequestModel,
  SamlAssertionModel,
  SamlSessionModel,
  CopyModel,
  CopyKeyModel,
  RegisterEntryModel,
  LibrarySettingsModel,
  IntegrationEventModel,
  ...importModels,
  ImportMappingModel,
  CirculationSettingsModel,
  LoanModel,
  CurrentLoanModel,
  HoldModel,
  LibraryCardModel,
  NoticeModel,
  ReadingUseModel,
  ClassMembershipModel,
  SchoolClassModel,
  ClassImportDraftModel,
  StudentProfileModel,
  InterLibraryRequestModel,
  ...stocktakingModels,
  StudentCodeClaimModel,
  CountedFiguresModel,
  TitleKeyModel,
];

/** Collections whose documents expire (instead of TTL indexes, which FerretDB lacks). */
export const expiringCollections: Purge[] = [
  { model: SessionModel, field: 'expiresAt' },
  { model: ChangeModel, field: 'expiresAt' },
  ...Object.values(ltiStoreModels).map((model) => ({ model, field: 'expiresAt' })),
  { model: LtiUsedStateModel, field: 'expiresAt' },
  { model: LtiRegistrationLinkModel, field: 'expiresAt' },
  { model: RateLimitModel, field: 'resetAt' },
  { model: TextJobModel, field: 'expiresAt' },
  { model: HarvestLeaseModel, field: 'expiresAt' },
  ...[SamlRequestModel, SamlAssertionModel, SamlSessionModel].map((model) => ({ model, field: 'expiresAt' })),
  { model: IntegrationEventModel, field: 'expiresAt' },
  { model: ClassImportDraftModel, field: 'expiresAt' },
];
