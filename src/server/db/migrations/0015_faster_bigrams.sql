-- kehu_bigrams (0014) as a PL/pgSQL loop: the same arrays, in half the time. PostgreSQL runs it
-- for every customer and contact written (the bigram indexes are on it), and a SQL function with
-- a set-returning subquery starts an executor per call: it was about half the database time of
-- an import (10,000 customers: 2.1–2.7 s with the index, 1.4 s without). The index contents are
-- unchanged, so no rebuild is needed.
CREATE OR REPLACE FUNCTION kehu_bigrams(input text) RETURNS text[]
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
AS $$
DECLARE
  s text := lower(input);
  n int := char_length(s);
  result text[] := '{}';
BEGIN
  FOR i IN 1 .. n - 1 LOOP
    result := result || substr(s, i, 2);
  END LOOP;
  RETURN result;
END
$$;
