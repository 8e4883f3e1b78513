/** `npm run seed`: loads the demo data into an empty database, then stops. */
import { loadConfig } from '../../config/index.js';
import { createLogger } from '../log.js';
import { databaseOptions, openDatabase } from '../db/index.js';
import { allModels } from '../models/index.js';
import { createServices, startServices, stopServices } from '../services/index.js';
import { seedDemoDataOnFirstStart } from './index.js';

const config = loadConfig();
const log = createLogger(config.logLevel, config.logFormat);
const db = await openDatabase(databaseOptions(config), log);
try {
  await db.prepare(allModels);
  const services = createServices(config, log);
  await startServices(services);
  const accounts = await seedDemoDataOnFirstStart(services, log);
  if (!accounts)
    log.warn('Cơ sở dữ liệu đã có dữ liệu, không nạp dữ liệu mẫu / The database is not empty; no demo data loaded');
  await stopServices(services);
} finally {
  await db.close();
}
