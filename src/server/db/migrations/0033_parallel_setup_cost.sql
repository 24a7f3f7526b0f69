-- Parallel query only where it pays (issue 16). With the default parallel_setup_cost (1000) the
-- planner sends small index-driven searches to two parallel workers whenever it overestimates
-- their rows (a bigram condition is guessed at 0.5 % of the table: 10,000 of 2,000,000 contacts),
-- and starting the workers took 35–50 ms at 1,000,000 customers for scans that read nothing
-- (0.4 ms each): 16 of the search and list statements measured there. At 100,000 setup cost a
-- parallel plan is chosen only for scans of about a million rows or more (reports), where it
-- still halves the time. Set on the database, so every connection gets it, through a pooler
-- too; an owner-less role keeps the server's default (and the note says why).
DO $$
BEGIN
  EXECUTE format('ALTER DATABASE %I SET parallel_setup_cost = 100000', current_database());
EXCEPTION WHEN insufficient_privilege THEN
  RAISE NOTICE 'kehu: not the owner of database %, parallel_setup_cost left as it is', current_database();
END
$$;
