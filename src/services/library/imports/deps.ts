/** What imports and exports use of the other services. */
import type { FileStorage } from '../../../domain/storage.js';
import type { Logger } from '../../../log.js';
import type { OrganisationDirectory } from '../../organisationDirectory.js';
import type { ResourceService } from '../../resources.js';
import type { CopyService } from '../copies.js';
import type { HoldingsReadModel } from '../holdings.js';
import type { RegisterService } from '../registers.js';
import type { LibrarySettingsService } from '../settings.js';

export interface ImportDeps {
  tree: OrganisationDirectory;
  resources: ResourceService;
  copies: CopyService;
  holdings: HoldingsReadModel;
  registers: RegisterService;
  settings: LibrarySettingsService;
  storage: FileStorage;
  log: Logger;
}
