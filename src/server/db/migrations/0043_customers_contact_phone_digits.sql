ALTER TABLE "customers" ADD COLUMN "contact_phone_digits" text DEFAULT '' NOT NULL;--> statement-breakpoint
-- The phone digits of each customer's live contacts on the customer itself (issue 16): the search
-- box found a customer by four phone digits through the contacts' trigram index, each matching
-- contact's row and then its customer's by primary key — two heap pages per match, ~3,400 pages
-- at a million customers, out of the 128 MB of buffers of a stock PostgreSQL right after an
-- import (60–83 ms). From the customers' own trigram index it is one page per match.
--
-- Kept by statement triggers on contacts, so that every way of writing contacts (the contacts
-- API, imports, merges, lead conversion, anything later) keeps it. A new contact's digits are
-- appended to its customer's: an UPDATE that waits for a concurrent one re-reads the row it
-- updates, so concurrent appends are never lost. A changed or deleted contact has its customers'
-- digits computed again from their live contacts, after locking those customers (in id order),
-- so that the computing statement's snapshot sees every contact committed before it.
CREATE FUNCTION kehu_contact_digits_recompute(ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF cardinality(ids) = 0 THEN RETURN; END IF;
  PERFORM 1 FROM customers WHERE id = ANY (ids) ORDER BY id FOR NO KEY UPDATE;
  UPDATE customers c SET contact_phone_digits = d.digits
  FROM (
    SELECT u.id, coalesce((SELECT string_agg(k.phone_digits, ' ' ORDER BY k.created_at, k.id) FROM contacts k
                           WHERE k.customer_id = u.id AND k.deleted_at IS NULL AND k.phone_digits <> ''), '') AS digits
    FROM unnest(ids) u(id)
  ) d
  WHERE c.id = d.id AND c.contact_phone_digits IS DISTINCT FROM d.digits;
END $$;
--> statement-breakpoint
CREATE FUNCTION kehu_contacts_inserted_digits() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- A customer that has the digits already (an import writes them with the customer) is not updated.
  UPDATE customers c SET contact_phone_digits = ltrim(c.contact_phone_digits || ' ' || n.digits)
  FROM (SELECT customer_id, string_agg(phone_digits, ' ' ORDER BY created_at, id) AS digits
        FROM inserted_contacts WHERE deleted_at IS NULL AND phone_digits <> '' GROUP BY customer_id) n
  WHERE c.id = n.customer_id AND strpos(c.contact_phone_digits, n.digits) = 0;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION kehu_contacts_updated_digits() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM kehu_contact_digits_recompute(array(
    SELECT x.customer_id
    FROM old_contacts o JOIN new_contacts n USING (id), LATERAL (VALUES (o.customer_id), (n.customer_id)) x(customer_id)
    WHERE n.phone_digits IS DISTINCT FROM o.phone_digits OR n.deleted_at IS DISTINCT FROM o.deleted_at OR n.customer_id IS DISTINCT FROM o.customer_id
    GROUP BY x.customer_id));
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION kehu_contacts_deleted_digits() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM kehu_contact_digits_recompute(array(SELECT DISTINCT customer_id FROM deleted_contacts WHERE phone_digits <> ''));
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER contacts_inserted_digits AFTER INSERT ON contacts REFERENCING NEW TABLE AS inserted_contacts
  FOR EACH STATEMENT EXECUTE FUNCTION kehu_contacts_inserted_digits();
--> statement-breakpoint
CREATE TRIGGER contacts_updated_digits AFTER UPDATE ON contacts REFERENCING OLD TABLE AS old_contacts NEW TABLE AS new_contacts
  FOR EACH STATEMENT EXECUTE FUNCTION kehu_contacts_updated_digits();
--> statement-breakpoint
CREATE TRIGGER contacts_deleted_digits AFTER DELETE ON contacts REFERENCING OLD TABLE AS deleted_contacts
  FOR EACH STATEMENT EXECUTE FUNCTION kehu_contacts_deleted_digits();
--> statement-breakpoint
UPDATE customers c SET contact_phone_digits = d.digits
FROM (SELECT customer_id, string_agg(phone_digits, ' ' ORDER BY created_at, id) AS digits
      FROM contacts WHERE deleted_at IS NULL AND phone_digits <> '' GROUP BY customer_id) d
WHERE c.id = d.customer_id;
--> statement-breakpoint
CREATE INDEX customers_contact_phone_digits_trgm_idx ON customers USING gin (contact_phone_digits gin_trgm_ops) WHERE deleted_at IS NULL;
