-- JIT compilation off for every session of Kehu's database (docs/decisions/0014). Kehu's
-- statements are short; PostgreSQL prices some of them (a search's estimate, planned over every
-- customer with a lookup of contacts per row) far above jit_above_cost, and a server built with
-- LLVM (Debian's) then loads it into each new backend on first use: 60–75 ms on the first such
-- statement of every connection, and 1.4 ms more on each later EXPLAIN. A role that may not alter
-- the database leaves the setting as it is, with a notice; the README tells how to set it then.
DO $$
BEGIN
  EXECUTE format('ALTER DATABASE %I SET jit = off', current_database());
EXCEPTION WHEN insufficient_privilege THEN
  RAISE NOTICE 'Kehu: could not turn JIT off for database % (not its owner): set jit = off for it (see README)', current_database();
END
$$;
