-- 客户价值分层 (RFM, issue 17): each customer's class (无交易 until it buys: a constant default,
-- so adding the column rewrites nothing), the last paid order's time beside the paid figures, the
-- class history and the runs. A trigger marks the customers whose paid figures change, and the
-- customer-value module classes them again within minutes.
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
ALTER TABLE "customers" ADD COLUMN "rfm_class" text DEFAULT 'none' NOT NULL;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "rfm_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "rfm_dirty_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "customer_rfm_history" ADD CONSTRAINT "customer_rfm_history_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "customer_rfm_history_customer_idx" ON "customer_rfm_history" USING btree ("customer_id","changed_at");--> statement-breakpoint
CREATE INDEX "customers_rfm_idx" ON "customers" USING btree ("rfm_class","id") WHERE "customers"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "customers_rfm_dirty_idx" ON "customers" USING btree ("rfm_dirty_at") WHERE "customers"."rfm_dirty_at" is not null;--> statement-breakpoint
UPDATE customers c SET last_paid_at = o.last_paid_at, rfm_dirty_at = now()
  FROM (SELECT customer_id, max(coalesce(paid_at, updated_at)) AS last_paid_at FROM orders
        WHERE deleted_at IS NULL AND status IN ('paid', 'shipped', 'delivered', 'completed') GROUP BY customer_id) o
  WHERE c.id = o.customer_id;--> statement-breakpoint
CREATE FUNCTION kehu_customers_rfm_dirty() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.rfm_dirty_at := now();
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER customers_rfm_dirty BEFORE UPDATE OF lifetime_value_fen, paid_order_count, last_paid_at ON "customers" FOR EACH ROW
  WHEN (NEW.lifetime_value_fen IS DISTINCT FROM OLD.lifetime_value_fen OR NEW.paid_order_count IS DISTINCT FROM OLD.paid_order_count OR NEW.last_paid_at IS DISTINCT FROM OLD.last_paid_at)
  EXECUTE FUNCTION kehu_customers_rfm_dirty();
