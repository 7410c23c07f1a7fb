// Map layers for the dashboard's choropleths: boundary shapes keyed by official unit code, loaded from
// GeoJSON or TopoJSON (converted to GeoJSON at load), each with the licence and attribution it travels with.
import { sql } from 'drizzle-orm';
import { check, date, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const mapLayers = pgTable(
  'map_layers',
  {
    /** A short name chosen at load, e.g. 'thai-nguyen-communes-2025'. */
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    /** The level of the units the shapes outline. */
    level: text('level', { enum: ['province', 'district', 'commune'] }).notNull(),
    /** The date the shapes are valid on (unit codes are read at that date). */
    validOn: date('valid_on', { mode: 'string' }).notNull(),
    /** A GeoJSON FeatureCollection whose features carry properties.code = the unit code. */
    geojson: jsonb('geojson').notNull(),
    licence: text('licence').notNull(),
    attribution: text('attribution').notNull(),
    loadedBy: uuid('loaded_by'),
    loadedAt: timestamp('loaded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check('map_layers_level_check', sql`${t.level} in ('province', 'district', 'commune')`)],
);
