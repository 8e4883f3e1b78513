/** The library's pages (the printed collection): every one of them is for a signed-in person. */
import { Router } from 'express';
import type { Services } from '../../../services/index.js';
import { requireSignIn } from '../../../web/session.js';
import { copyPages } from './copies.js';
import { deskPages } from './desk.js';
import { myLoanPages } from './myLoans.js';
import { holdingsPages } from './holdings.js';
import { labelPages } from './labels.js';
import { registerPages } from './registers.js';
import { importColumnPages } from './importColumns.js';
import { importPages } from './imports.js';
import { schoolPages } from './school.js';
import { settingsPages } from './settings.js';
import { statisticsPages } from './statistics.js';
import { titlePages } from './titles.js';
import { classPages } from './classes.js';
import { overduePages } from './overdues.js';
import { interLibraryPages } from './interLibrary.js';
import { stocktakingPages } from './stocktaking.js';
import { interLibraryDeskPages } from './interLibraryDesk.js';
import { circulationSettingsPages } from './circulationSettings.js';
import { patronRecordPages } from './patronRecord.js';
import { classListPages } from './classList.js';

export function libraryPages(services: Services): Router {
  const router = Router();
  router.use('/library', requireSignIn);
  router.use(
    titlePages(services),
    holdingsPages(services),
    copyPages(services),
    schoolPages(services),
    settingsPages(services),
    labelPages(services),
    importPages(services),
    importColumnPages(services),
    deskPages(services),
    myLoanPages(services),
    classPages(services),
    overduePages(services),
    registerPages(services),
    interLibraryPages(services),
    stocktakingPages(services),
    statisticsPages(services),
    interLibraryDeskPages(services),
    circulationSettingsPages(services),
    patronRecordPages(services),
    classListPages(services),
  );
  return router;
}
