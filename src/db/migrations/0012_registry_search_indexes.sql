-- The registry's read path at a million households (issue 14, item 1).
-- Name search: the folded names (vn_fold, accents and case removed) are stored beside the names, as
-- generated columns, and indexed by trigrams, for `…_folded like '%' || vn_fold($name) || '%'`. Stored
-- rather than an index on the expression: a trigram match is always rechecked on the row, and vn_fold's
-- translate() over every candidate row was most of the time of a common name (≈ 20 µs a row). The columns
-- are not in src/db/schema (drizzle never writes them; the database fills them). The indexes are partial,
-- like the search (households not dissolved, members not left). PGlite loads pg_trgm from its contrib
-- bundle (engines/pglite-worker.ts).
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
ALTER TABLE "households" ADD COLUMN "head_name_folded" text GENERATED ALWAYS AS (vn_fold("head_name")) STORED;--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "full_name_folded" text GENERATED ALWAYS AS (vn_fold("full_name")) STORED;--> statement-breakpoint
CREATE INDEX "households_head_name_trgm_idx" ON "households" USING gin ("head_name_folded" gin_trgm_ops) WHERE "dissolved_at" IS NULL;--> statement-breakpoint
CREATE INDEX "members_full_name_trgm_idx" ON "members" USING gin ("full_name_folded" gin_trgm_ops) WHERE "left_at" IS NULL;--> statement-breakpoint
-- Village lists in their order (head's name, then id) straight from the index, and commune lists village by
-- village. National ID search already has members_national_id_idx (0000).
CREATE INDEX "households_village_head_idx" ON "households" ("village_id", "head_name" COLLATE "C", "household_id") WHERE "dissolved_at" IS NULL;
