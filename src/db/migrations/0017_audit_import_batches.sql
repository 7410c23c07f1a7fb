-- An import records one audit entry per batch and commune ('household.import', issue #14) whose "after"
-- lists the households it wrote (householdIds) beside what each received: a household's history finds
-- those entries through this index (searchAudit: householdIds @> [id]), as it finds its own entries
-- through audit_log_household_idx. Partial: only batch entries carry the list.
CREATE INDEX IF NOT EXISTS "audit_log_import_households_idx" ON "audit_log" USING gin (("after" -> 'householdIds') jsonb_path_ops) WHERE "action" = 'household.import';
