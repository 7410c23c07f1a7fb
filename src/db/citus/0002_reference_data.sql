-- Citus only: reference_data_loads (which official lists are loaded) is a small reference table.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citus') THEN
    RETURN;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_dist_partition WHERE logicalrelid = 'reference_data_loads'::regclass) THEN
    PERFORM create_reference_table('reference_data_loads');
  END IF;
END
$$;
