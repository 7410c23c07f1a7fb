-- Citus only: small tables become reference tables (a copy on every node); household-keyed tables are
-- distributed by household_id and co-located with households, so a household's rows live together.
-- migrate() runs this file only when the citus extension is installed (checked at run time); the guard
-- below also makes it a no-op when run by hand on a database without Citus. Idempotent: tables
-- already known to Citus are skipped. See docs/scaling.md. No Citus cluster runs this yet, so new tables
-- are added to this file; after the first Citus deployment, add numbered files instead.
DO $$
DECLARE
  t text;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citus') THEN
    RAISE NOTICE 'citus is not installed: nothing to distribute';
    RETURN;
  END IF;

  -- Tables linked by foreign keys, distributed in one transaction, need shard DDL run sequentially.
  PERFORM set_config('citus.multi_shard_modify_mode', 'sequential', true);

  -- Reference tables, each after the tables it references.
  FOREACH t IN ARRAY ARRAY[
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
    'audit_log'
  ] LOOP
    IF NOT EXISTS (SELECT 1 FROM pg_dist_partition WHERE logicalrelid = t::regclass) THEN
      EXECUTE format('SELECT create_reference_table(%L)', t);
    END IF;
  END LOOP;

  -- SQL functions used in queries on shards must exist on the workers too.
  PERFORM create_distributed_function('vn_fold(text)');

  -- Household-keyed tables: households first, the others co-located with it.
  IF NOT EXISTS (SELECT 1 FROM pg_dist_partition WHERE logicalrelid = 'households'::regclass) THEN
    PERFORM create_distributed_table('households', 'household_id');
  END IF;
  FOREACH t IN ARRAY ARRAY['members', 'household_history', 'assessments', 'review_results', 'production_project_households'] LOOP
    IF NOT EXISTS (SELECT 1 FROM pg_dist_partition WHERE logicalrelid = t::regclass) THEN
      EXECUTE format('SELECT create_distributed_table(%L, %L, colocate_with => %L)', t, 'household_id', 'households');
    END IF;
  END LOOP;
END
$$;
