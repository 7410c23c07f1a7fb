// Which reference data set (official unit lists, legal lists) is loaded, by the checksum of its files.
import { pgTable, text, timestamp } from 'drizzle-orm/pg-core';

export const referenceDataLoads = pgTable('reference_data_loads', {
  /** e.g. 'admin_units', 'legal_lists' */
  name: text('name').primaryKey(),
  /** sha256 of the source files: a different checksum means the vendored data changed and is reloaded. */
  checksum: text('checksum').notNull(),
  loadedAt: timestamp('loaded_at', { withTimezone: true }).notNull().defaultNow(),
});
