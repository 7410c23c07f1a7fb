-- Name search by whole words (issue 14, item 1): at a million households the trigram search of 0012 spent
-- most of its time intersecting the posting lists of common syllables' trigrams ("van", "thi", "ngu"…).
-- The words of the folded names are indexed as well ('simple' text search: no stemming, no stop words;
-- the folded names hold only lower-case ASCII letters, digits and spaces), so a search for "Hoàng Văn Đức"
-- intersects three word lists, the rarest driving. The trigram indexes stay for what is not a whole word
-- ("Hoàng Văn Đ", "oàng"), searched only when no name has all the typed words (registry.ts).
-- Expression indexes over the stored folded columns; partial, like the search.
CREATE INDEX IF NOT EXISTS "households_head_name_words_idx" ON "households" USING gin (to_tsvector('simple'::regconfig, "head_name_folded")) WHERE "dissolved_at" IS NULL;--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "members_full_name_words_idx" ON "members" USING gin (to_tsvector('simple'::regconfig, "full_name_folded")) WHERE "left_at" IS NULL;
