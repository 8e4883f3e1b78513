import type { Db } from 'mongodb';

export interface Migration {
  /** Unique and ordered: `001-stamp-schema-version`. Never renamed once released. */
  id: string;
  description: string;
  run(db: Db): Promise<void>;
}
