-- 客户价值分层 (RFM, issue 17): each customer's class in a narrow table of its own (no row: 无交易),
-- the last paid order's time beside the paid figures, the class history and the runs. A trigger
-- marks the customers whose paid figures change, and the customer-value module classes them again
-- within minutes; the buyers already there are marked now, for the first run.
CREATE TABLE "customer_rfm" (
	"customer_id" uuid PRIMARY KEY NOT NULL,
	"rfm_class" text NOT NULL,
	"rfm_at" timestamp with time zone NOT NULL,
	"recency_days" integer,
	"frequency" integer NOT NULL,
	"monetary_fen" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "customer_rfm_history" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"customer_id" uuid NOT NULL,
	"rfm_class" text NOT NULL,
	"previous_class" text,
	"changed_at" timestamp with time zone NOT NULL,
	"recency_days" integer,
	"frequency" integer NOT NULL,
	"monetary_fen" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "customer_rfm_marks" (
	"customer_id" uuid PRIMARY KEY NOT NULL,
	"marked_at" timestamp with time zone DEFAULT clock_timestamp() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rfm_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone,
	"window_months" integer NOT NULL,
	"recency_days" numeric,
	"frequency" numeric,
	"monetary_fen" numeric,
	"customers" integer DEFAULT 0 NOT NULL,
	"changed" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "last_paid_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "customer_rfm" ADD CONSTRAINT "customer_rfm_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_rfm_history" ADD CONSTRAINT "customer_rfm_history_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_rfm_marks" ADD CONSTRAINT "customer_rfm_marks_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "customer_rfm_class_idx" ON "customer_rfm" USING btree ("rfm_class","customer_id");--> statement-breakpoint
CREATE INDEX "customer_rfm_history_customer_idx" ON "customer_rfm_history" USING btree ("customer_id","changed_at");--> statement-breakpoint
UPDATE customers c SET last_paid_at = o.last_paid_at
  FROM (SELECT customer_id, max(coalesce(paid_at, updated_at)) AS last_paid_at FROM orders
        WHERE deleted_at IS NULL AND status IN ('paid', 'shipped', 'delivered', 'completed') GROUP BY customer_id) o
  WHERE c.id = o.customer_id;--> statement-breakpoint
INSERT INTO customer_rfm_marks (customer_id) SELECT id FROM customers WHERE paid_order_count > 0 AND deleted_at IS NULL;--> statement-breakpoint
CREATE FUNCTION kehu_customers_rfm_mark() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO customer_rfm_marks (customer_id, marked_at) VALUES (NEW.id, clock_timestamp())
    ON CONFLICT (customer_id) DO UPDATE SET marked_at = excluded.marked_at;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER customers_rfm_mark AFTER UPDATE OF lifetime_value_fen, paid_order_count, last_paid_at ON "customers" FOR EACH ROW
  WHEN (NEW.lifetime_value_fen IS DISTINCT FROM OLD.lifetime_value_fen OR NEW.paid_order_count IS DISTINCT FROM OLD.paid_order_count OR NEW.last_paid_at IS DISTINCT FROM OLD.last_paid_at)
  EXECUTE FUNCTION kehu_customers_rfm_mark();
