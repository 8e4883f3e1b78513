/**
 * Where ltijs's records are kept: the storage plugin of src/lti (the only importer of ltijs)
 * reads and writes them through these named queries (src/models/ltiStore.ts).
 */
export {
  allLtiRecords,
  deleteLtiRecord,
  findLtiRecord,
  insertLtiRecord,
  replaceLtiRecord,
  setLtiRecord,
  type LtiStoreKind,
  type LtiStoreRecord,
} from '../models/ltiStore.js';
