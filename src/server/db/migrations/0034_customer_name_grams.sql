-- The customers' search index keeps the name's bigrams and the pinyin initials' grams apart
-- (issue 16). In one bigram array of "name || ' ' || initials" the initials' bigrams are letter
-- pairs, few and shared by many (676 of them): at 1,000,000 customers the four initials `ylyl`
-- (bigrams yl, ly) found 27,746 candidates for 371 matches, and an ASCII name part found the same
-- candidates again, 50 ms each. Now the initials' grams are marked with a leading '^' (so they
-- never equal a name's bigram, which is two characters), and the initials have their trigrams
-- as well: a query of three or more initials asks for its trigrams (17,576 possible), a query
-- of two for its bigram, a name part for the name's bigrams only. See customer-names.queries.ts.
CREATE OR REPLACE FUNCTION kehu_name_grams(name text, initials text) RETURNS text[]
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
AS $$
DECLARE
  s text := lower(name);
  n int := char_length(s);
  m int := char_length(initials);
  result text[] := '{}';
BEGIN
  FOR i IN 1 .. n - 1 LOOP
    result := result || substr(s, i, 2);
  END LOOP;
  FOR i IN 1 .. m - 1 LOOP
    result := result || ('^' || substr(initials, i, 2));
  END LOOP;
  FOR i IN 1 .. m - 2 LOOP
    result := result || ('^' || substr(initials, i, 3));
  END LOOP;
  RETURN result;
END
$$;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS customers_search_grams_idx ON customers
USING gin (kehu_name_grams(name, name_initials)) WHERE deleted_at IS NULL;
--> statement-breakpoint
DROP INDEX IF EXISTS customers_search_bigrams_idx;
