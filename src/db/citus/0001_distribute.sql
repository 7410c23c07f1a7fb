-- Citus only: small tables become reference tables (a copy on every node); household-keyed tables are
-- distributed by household_id and co-located with households, so a household's rows live together.
-- migrate() runs this file only when the citus extension is installed (checked at run time); the guard
-- below also makes it a no-op when run by hand on a database without Citus. Idempotent: a database whose
-- households table is already hash-distributed is left alone. See docs/scaling.md.
--
-- Why the foreign keys are dropped and re-created: when a table becomes a reference table while plain
-- tables still reference it, Citus 13 turns those tables into coordinator-local tables ("citus local"),
-- which create_distributed_table then refuses to distribute (and a distributed table may not reference
-- a plain table either). So every foreign key between the planned tables is noted, dropped, the tables
-- are distributed, and the keys are added back, now as distributed → reference, reference → reference
-- or distributed → distributed on household_id between co-located tables, which Citus accepts.
-- Everything happens in migrate()'s transaction: it all applies, or nothing does.
DO $$
DECLARE
  t text;
  fk record;
  -- The plan: reference tables (each after the tables it references), then the tables co-located with
  -- households (test/db/migrations.test.ts reads these two lists).
  reference text[] := ARRAY[
      'admin_units', 'unit_lineage', 'unit_load_problems',
      'legal_lists', 'legal_list_entries',
      'villages', 'village_assignments',
      'review_rounds',
      'reference_data_loads',
      'users', 'user_scopes', 'sessions', 'api_tokens', 'sync_changes', 'sync_conflicts',
      'review_events', 'files',
      'rollups', 'entered_figures', 'targets',
      'finance_plan_lines', 'finance_plan_adjustments', 'finance_payments', 'finance_carry_overs',
      'works', 'work_photos', 'production_projects', 'output_records', 'map_layers',
      'jobs', 'audit_log'
  ];
  colocated text[] := ARRAY['members', 'household_history', 'assessments', 'review_results', 'production_project_households'];
  planned text[];
  fks text[][] := '{}';
  i int;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citus') THEN
    RAISE NOTICE 'citus is not installed: nothing to distribute';
    RETURN;
  END IF;
  IF EXISTS (SELECT 1 FROM pg_dist_partition WHERE logicalrelid = 'households'::regclass AND partmethod = 'h') THEN
    RAISE NOTICE 'households is already distributed: nothing to do';
    RETURN;
  END IF;

  -- Shard DDL of tables linked by foreign keys, in one transaction, must run over one connection per node.
  PERFORM set_config('citus.multi_shard_modify_mode', 'sequential', true);
  -- audit_log has triggers (append-only): Citus distributes such a table only when told to, and then
  -- creates the triggers on every placement, so the log stays append-only on the workers too.
  PERFORM set_config('citus.enable_unsafe_triggers', 'on', true);

  planned := reference || ARRAY['households'] || colocated;

  -- 1. Note and drop every foreign key between the planned tables (none of them is known to Citus yet).
  FOR fk IN
    SELECT c.conrelid::regclass::text AS tbl, c.conname::text AS name, pg_get_constraintdef(c.oid) AS def
    FROM pg_constraint c
    WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace
      AND c.conrelid::regclass::text = ANY (planned)
    ORDER BY 1, 2
  LOOP
    fks := fks || ARRAY[ARRAY[fk.tbl, fk.name, fk.def]];
    EXECUTE format('ALTER TABLE %I DROP CONSTRAINT %I', fk.tbl, fk.name);
  END LOOP;

  -- 2. Reference tables: a full copy on every node (a table already known to Citus, e.g. made a
  -- coordinator-local table by an earlier attempt of this script, is first turned back into a plain table).
  FOREACH t IN ARRAY reference LOOP
    IF EXISTS (SELECT 1 FROM pg_dist_partition WHERE logicalrelid = t::regclass) THEN
      PERFORM undistribute_table(t);
    END IF;
    EXECUTE format('SELECT create_reference_table(%L)', t);
  END LOOP;

  -- SQL functions used in queries on shards must exist on the workers too.
  PERFORM create_distributed_function('vn_fold(text)');

  -- 3. Household-keyed tables: hash-distributed by household_id, co-located with households.
  FOREACH t IN ARRAY ARRAY['households'] || colocated LOOP
    IF EXISTS (SELECT 1 FROM pg_dist_partition WHERE logicalrelid = t::regclass) THEN
      PERFORM undistribute_table(t);
    END IF;
    IF t = 'households' THEN
      PERFORM create_distributed_table(t, 'household_id');
    ELSE
      PERFORM create_distributed_table(t, 'household_id', colocate_with => 'households');
    END IF;
  END LOOP;

  -- A transaction that reads household tables across shards and then writes a reference table (a review
  -- round after reading its households, the audit log after a roll-up…) is refused by Citus when the
  -- read ran over several connections per node. Sequential mode (one connection per node, the shards of
  -- a node in turn) makes every such transaction valid, at the price of less parallelism within a node.
  -- It applies to the connections opened after this migration (restart the application once).
  EXECUTE format('ALTER DATABASE %I SET citus.multi_shard_modify_mode = %L', current_database(), 'sequential');

  -- 4. The foreign keys again, as they were.
  IF array_length(fks, 1) IS NOT NULL THEN
    FOR i IN 1 .. array_length(fks, 1) LOOP
      EXECUTE format('ALTER TABLE %I ADD CONSTRAINT %I %s', fks[i][1], fks[i][2], fks[i][3]);
    END LOOP;
  END IF;
END
$$;
