-- Search folding that agrees with the application's (issue #15, item 6). Text arriving through the API and the
-- imports is stored NFC without invisible characters (src/server/clean-input.ts, cleanText), but rows stored
-- before that (old Excel imports, names typed on phones that write NFD, names pasted with a zero-width space)
-- kept their form, and vn_fold (0003) neither decomposed them, nor dropped invisible characters, nor mapped
-- the look-alike letters the application folds: "Hoàng" in NFD or "Hoà<U+200B>ng" (a zero-width space inside) was not found by "Hoàng".
--
-- 1. vn_fold now computes searchFold of src/domain/geography/text.ts exactly (test/db/vn-fold.test.ts holds
--    them equal on Vietnamese text in NFC and NFD with invisible characters, apostrophes and look-alikes):
--    NFD, then every combining mark, invisible character and apostrophe removed (one regular expression:
--    the marks of the combining blocks, which hold every Vietnamese mark), then đ and the look-alikes of
--    text.ts's LOOK_ALIKES (small and capital: lower() is not trusted with other alphabets under every
--    collation) mapped to their Latin letters, then lower case. Spaces are kept: the search matches whole
--    words of the folded names (0015). Still IMMUTABLE and PARALLEL SAFE (normalize, regexp_replace,
--    translate and lower all are), so the generated columns of 0012 and the indexes over them keep it.
--    On Citus the function is distributed (src/db/citus/0001_distribute.sql), so this replacement reaches
--    the workers with it; a database distributed later takes this definition.
CREATE OR REPLACE FUNCTION vn_fold(t text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT lower(translate(
    regexp_replace(normalize(t, NFD),
      '[\u0300-\u036F\u1AB0-\u1AFF\u1DC0-\u1DFF\u20D0-\u20FF\uFE20-\uFE2F\u200B-\u200D\u2060\uFEFF\u00AD''’‘`]', '', 'g'),
    'đĐаАвВеЕёкКмМнНоОрРсСтТуУхХіІјЈѕЅԛԚԝԜðÐɗƊɖƉıοΟαΑνΝρΡτΤυΥιΙκΚ',
    'ddaabbeeekkmmhhooppccttyyxxiijjssqqwwddddddiooaavvppttuuiikk'))
$$;
--> statement-breakpoint
-- 2. The stored text of households and members made what the application stores (cleanText): invisible
--    characters removed, then NFC. Rows whose text is clean but whose fold changed (look-alikes, apostrophes)
--    are rewritten as they are, which recomputes their generated folded columns. version and updated_at stay:
--    the text reads the same, and a version bump would turn every pending field edit of these households into
--    a conflict. The names are personal data, so a change leaves a trace: one entry in the national audit
--    chain (written as src/db/queries/audit.ts writes one: its lock, the next number, the hash of the previous
--    entry's hash and the entry's canonical JSON) with the number of households and members changed — only
--    when there were some, so a new database's log starts empty as before.
DO $$
DECLARE
  households_cleaned bigint;
  members_cleaned bigint;
  actor text := 'hệ thống: chuyển đổi CSDL 0016 / system: migration 0016';
  why text := 'Chuẩn hoá chữ đã lưu của hộ và thành viên về NFC, bỏ ký tự ẩn (#15) / stored text of households and members made NFC without invisible characters (#15)';
  last_seq bigint;
  last_hash text;
  entry_at timestamptz := date_trunc('milliseconds', clock_timestamp());
  content text;
BEGIN
  IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citus') THEN
    -- Writes to distributed tables, then to a reference table (audit_log), in one transaction.
    PERFORM set_config('citus.multi_shard_modify_mode', 'sequential', true);
  END IF;

  UPDATE "households" SET
      "head_name" = normalize(translate("head_name", E'\u200B\u200C\u200D\u2060\uFEFF\u00AD', ''), NFC),
      "address" = normalize(translate("address", E'\u200B\u200C\u200D\u2060\uFEFF\u00AD', ''), NFC),
      "ethnicity" = normalize(translate("ethnicity", E'\u200B\u200C\u200D\u2060\uFEFF\u00AD', ''), NFC)
    WHERE "head_name" <> normalize(translate("head_name", E'\u200B\u200C\u200D\u2060\uFEFF\u00AD', ''), NFC)
      OR "address" <> normalize(translate("address", E'\u200B\u200C\u200D\u2060\uFEFF\u00AD', ''), NFC)
      OR "ethnicity" <> normalize(translate("ethnicity", E'\u200B\u200C\u200D\u2060\uFEFF\u00AD', ''), NFC);
  GET DIAGNOSTICS households_cleaned = ROW_COUNT;
  UPDATE "members" SET
      "full_name" = normalize(translate("full_name", E'\u200B\u200C\u200D\u2060\uFEFF\u00AD', ''), NFC),
      "ethnicity" = normalize(translate("ethnicity", E'\u200B\u200C\u200D\u2060\uFEFF\u00AD', ''), NFC),
      "relation_to_head" = normalize(translate("relation_to_head", E'\u200B\u200C\u200D\u2060\uFEFF\u00AD', ''), NFC),
      "national_id" = normalize(translate("national_id", E'\u200B\u200C\u200D\u2060\uFEFF\u00AD', ''), NFC),
      "phone" = normalize(translate("phone", E'\u200B\u200C\u200D\u2060\uFEFF\u00AD', ''), NFC),
      "education_level" = normalize(translate("education_level", E'\u200B\u200C\u200D\u2060\uFEFF\u00AD', ''), NFC),
      "employment" = normalize(translate("employment", E'\u200B\u200C\u200D\u2060\uFEFF\u00AD', ''), NFC),
      "left_reason" = normalize(translate("left_reason", E'\u200B\u200C\u200D\u2060\uFEFF\u00AD', ''), NFC)
    WHERE "full_name" <> normalize(translate("full_name", E'\u200B\u200C\u200D\u2060\uFEFF\u00AD', ''), NFC)
      OR "ethnicity" <> normalize(translate("ethnicity", E'\u200B\u200C\u200D\u2060\uFEFF\u00AD', ''), NFC)
      OR "relation_to_head" <> normalize(translate("relation_to_head", E'\u200B\u200C\u200D\u2060\uFEFF\u00AD', ''), NFC)
      OR "national_id" <> normalize(translate("national_id", E'\u200B\u200C\u200D\u2060\uFEFF\u00AD', ''), NFC)
      OR "phone" <> normalize(translate("phone", E'\u200B\u200C\u200D\u2060\uFEFF\u00AD', ''), NFC)
      OR "education_level" <> normalize(translate("education_level", E'\u200B\u200C\u200D\u2060\uFEFF\u00AD', ''), NFC)
      OR "employment" <> normalize(translate("employment", E'\u200B\u200C\u200D\u2060\uFEFF\u00AD', ''), NFC)
      OR "left_reason" <> normalize(translate("left_reason", E'\u200B\u200C\u200D\u2060\uFEFF\u00AD', ''), NFC);
  GET DIAGNOSTICS members_cleaned = ROW_COUNT;

  UPDATE "households" SET "head_name" = "head_name" WHERE "head_name_folded" IS DISTINCT FROM vn_fold("head_name");
  UPDATE "members" SET "full_name" = "full_name" WHERE "full_name_folded" IS DISTINCT FROM vn_fold("full_name");

  IF households_cleaned + members_cleaned > 0 THEN
    -- The lock of the national chain ('') as recordAudit takes it (AUDIT_LOCK_CLASS, hashtext(chain)).
    PERFORM pg_advisory_xact_lock(740211621, hashtext(''));
    SELECT seq, hash INTO last_seq, last_hash FROM audit_log WHERE chain = '' ORDER BY seq DESC LIMIT 1;
    IF NOT FOUND THEN
      last_seq := 0;
      last_hash := repeat('0', 64);
    END IF;
    -- auditHash's content for the national chain, keys in code-unit order, no spaces; the strings are the
    -- constants above (no character JSON would escape), the numbers integers.
    content := format(
      '{"action":"household.clean_text","actor":{"id":null,"name":"%s"},"after":{"households":%s,"members":%s},'
      '"at":"%s","before":null,"entity":{"id":null,"type":"household"},"householdId":null,"reason":"%s","seq":%s,'
      '"unitCode":null}',
      actor, households_cleaned, members_cleaned,
      to_char(entry_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), why, last_seq + 1);
    INSERT INTO audit_log (chain, seq, at, actor_id, actor_name, action, entity_type, entity_id, household_id,
        unit_code, "before", "after", reason, prev_hash, hash)
      VALUES ('', last_seq + 1, entry_at, NULL, actor, 'household.clean_text', 'household', NULL, NULL,
        NULL, NULL, jsonb_build_object('households', households_cleaned, 'members', members_cleaned), why,
        last_hash, encode(sha256(convert_to(last_hash || content, 'UTF8')), 'hex'));
  END IF;
END
$$;
