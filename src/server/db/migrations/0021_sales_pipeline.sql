CREATE TABLE "contract_installments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"contract_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"due_on" date NOT NULL,
	"amount_fen" bigint NOT NULL,
	"received_fen" bigint DEFAULT 0 NOT NULL,
	"notes" text,
	"overdue_reminded_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "contract_payment_allocations" (
	"payment_id" uuid NOT NULL,
	"installment_id" uuid NOT NULL,
	"amount_fen" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "contract_payments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"contract_id" uuid NOT NULL,
	"paid_on" date NOT NULL,
	"amount_fen" bigint NOT NULL,
	"method" text NOT NULL,
	"reference" text,
	"notes" text,
	"recorded_by" uuid,
	"recorded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "opportunities" (
	"id" uuid PRIMARY KEY NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"deleted_at" timestamp with time zone,
	"customer_id" uuid NOT NULL,
	"contact_id" uuid,
	"name" text NOT NULL,
	"amount_fen" bigint DEFAULT 0 NOT NULL,
	"amount_from_items" boolean DEFAULT false NOT NULL,
	"currency" text DEFAULT 'CNY' NOT NULL,
	"stage_id" uuid NOT NULL,
	"probability" integer NOT NULL,
	"expected_close_date" date,
	"owner_id" uuid NOT NULL,
	"department_id" uuid,
	"source_channel" text,
	"campaign_id" uuid,
	"lead_id" uuid,
	"competitors" text,
	"next_step" text,
	"description" text,
	"close_reason" text,
	"closed_at" timestamp with time zone,
	"stage_changed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "opportunity_items" (
	"id" uuid PRIMARY KEY NOT NULL,
	"position" integer NOT NULL,
	"product_id" uuid,
	"sku" text,
	"name" text NOT NULL,
	"unit" text,
	"quantity" numeric(14, 3) NOT NULL,
	"unit_price_fen" bigint NOT NULL,
	"discount_bp" integer DEFAULT 0 NOT NULL,
	"tax_rate_bp" integer DEFAULT 0 NOT NULL,
	"subtotal_fen" bigint NOT NULL,
	"discount_fen" bigint NOT NULL,
	"net_fen" bigint NOT NULL,
	"tax_fen" bigint NOT NULL,
	"total_fen" bigint NOT NULL,
	"opportunity_id" uuid NOT NULL
);
--> statement-breakpoint
CREATE TABLE "opportunity_stage_changes" (
	"id" uuid PRIMARY KEY NOT NULL,
	"opportunity_id" uuid NOT NULL,
	"from_stage_id" uuid,
	"to_stage_id" uuid NOT NULL,
	"changed_at" timestamp with time zone NOT NULL,
	"changed_by" uuid,
	"amount_fen" bigint NOT NULL,
	"probability" integer NOT NULL,
	"reason" text
);
--> statement-breakpoint
CREATE TABLE "order_items" (
	"id" uuid PRIMARY KEY NOT NULL,
	"position" integer NOT NULL,
	"product_id" uuid,
	"sku" text,
	"name" text NOT NULL,
	"unit" text,
	"quantity" numeric(14, 3) NOT NULL,
	"unit_price_fen" bigint NOT NULL,
	"discount_bp" integer DEFAULT 0 NOT NULL,
	"tax_rate_bp" integer DEFAULT 0 NOT NULL,
	"subtotal_fen" bigint NOT NULL,
	"discount_fen" bigint NOT NULL,
	"net_fen" bigint NOT NULL,
	"tax_fen" bigint NOT NULL,
	"total_fen" bigint NOT NULL,
	"order_id" uuid NOT NULL
);
--> statement-breakpoint
CREATE TABLE "order_payments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"order_id" uuid NOT NULL,
	"paid_on" date NOT NULL,
	"amount_fen" bigint NOT NULL,
	"method" text NOT NULL,
	"reference" text,
	"notes" text,
	"recorded_by" uuid,
	"recorded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "order_status_changes" (
	"id" uuid PRIMARY KEY NOT NULL,
	"order_id" uuid NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"changed_at" timestamp with time zone NOT NULL,
	"changed_by" uuid,
	"note" text
);
--> statement-breakpoint
CREATE TABLE "orders" (
	"id" uuid PRIMARY KEY NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"deleted_at" timestamp with time zone,
	"currency" text DEFAULT 'CNY' NOT NULL,
	"subtotal_fen" bigint DEFAULT 0 NOT NULL,
	"discount_fen" bigint DEFAULT 0 NOT NULL,
	"net_fen" bigint DEFAULT 0 NOT NULL,
	"tax_fen" bigint DEFAULT 0 NOT NULL,
	"total_fen" bigint DEFAULT 0 NOT NULL,
	"number" text NOT NULL,
	"customer_id" uuid NOT NULL,
	"contact_id" uuid,
	"opportunity_id" uuid,
	"quote_id" uuid,
	"status" text DEFAULT 'created' NOT NULL,
	"order_date" date NOT NULL,
	"paid_fen" bigint DEFAULT 0 NOT NULL,
	"shipping_address" text,
	"receiver_name" text,
	"receiver_phone" text,
	"carrier" text,
	"tracking_number" text,
	"notes" text,
	"cancel_reason" text,
	"confirmed_at" timestamp with time zone,
	"paid_at" timestamp with time zone,
	"shipped_at" timestamp with time zone,
	"delivered_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	"owner_id" uuid NOT NULL,
	"department_id" uuid
);
--> statement-breakpoint
CREATE TABLE "pipeline_stages" (
	"id" uuid PRIMARY KEY NOT NULL,
	"key" text NOT NULL,
	"name_zh" text NOT NULL,
	"name_en" text NOT NULL,
	"kind" text DEFAULT 'open' NOT NULL,
	"probability" integer NOT NULL,
	"sort_order" integer NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "products" (
	"id" uuid PRIMARY KEY NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"deleted_at" timestamp with time zone,
	"sku" text NOT NULL,
	"name" text NOT NULL,
	"category" text,
	"unit" text DEFAULT '件' NOT NULL,
	"list_price_fen" bigint NOT NULL,
	"currency" text DEFAULT 'CNY' NOT NULL,
	"tax_rate_bp" integer DEFAULT 1300 NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"description" text
);
--> statement-breakpoint
CREATE TABLE "quote_items" (
	"id" uuid PRIMARY KEY NOT NULL,
	"position" integer NOT NULL,
	"product_id" uuid,
	"sku" text,
	"name" text NOT NULL,
	"unit" text,
	"quantity" numeric(14, 3) NOT NULL,
	"unit_price_fen" bigint NOT NULL,
	"discount_bp" integer DEFAULT 0 NOT NULL,
	"tax_rate_bp" integer DEFAULT 0 NOT NULL,
	"subtotal_fen" bigint NOT NULL,
	"discount_fen" bigint NOT NULL,
	"net_fen" bigint NOT NULL,
	"tax_fen" bigint NOT NULL,
	"total_fen" bigint NOT NULL,
	"quote_id" uuid NOT NULL
);
--> statement-breakpoint
CREATE TABLE "quotes" (
	"id" uuid PRIMARY KEY NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"deleted_at" timestamp with time zone,
	"currency" text DEFAULT 'CNY' NOT NULL,
	"subtotal_fen" bigint DEFAULT 0 NOT NULL,
	"discount_fen" bigint DEFAULT 0 NOT NULL,
	"net_fen" bigint DEFAULT 0 NOT NULL,
	"tax_fen" bigint DEFAULT 0 NOT NULL,
	"total_fen" bigint DEFAULT 0 NOT NULL,
	"number" text NOT NULL,
	"opportunity_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"contact_id" uuid,
	"title" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"quote_date" date NOT NULL,
	"valid_until" date NOT NULL,
	"terms" text,
	"notes" text,
	"owner_id" uuid NOT NULL,
	"department_id" uuid,
	"sent_at" timestamp with time zone,
	"decided_at" timestamp with time zone,
	"attachment_id" uuid
);
--> statement-breakpoint
CREATE TABLE "contracts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"deleted_at" timestamp with time zone,
	"number" text NOT NULL,
	"title" text NOT NULL,
	"customer_id" uuid NOT NULL,
	"contact_id" uuid,
	"opportunity_id" uuid,
	"order_id" uuid,
	"amount_fen" bigint NOT NULL,
	"currency" text DEFAULT 'CNY' NOT NULL,
	"received_fen" bigint DEFAULT 0 NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"signed_on" date,
	"starts_on" date,
	"ends_on" date,
	"terms" text,
	"notes" text,
	"terminated_at" timestamp with time zone,
	"termination_reason" text,
	"renewal_reminded_at" timestamp with time zone,
	"owner_id" uuid NOT NULL,
	"department_id" uuid
);
--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "lifetime_value_fen" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "paid_order_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "first_paid_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "contract_installments" ADD CONSTRAINT "contract_installments_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contract_payment_allocations" ADD CONSTRAINT "contract_payment_allocations_payment_id_contract_payments_id_fk" FOREIGN KEY ("payment_id") REFERENCES "public"."contract_payments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contract_payment_allocations" ADD CONSTRAINT "contract_payment_allocations_installment_id_contract_installments_id_fk" FOREIGN KEY ("installment_id") REFERENCES "public"."contract_installments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contract_payments" ADD CONSTRAINT "contract_payments_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contract_payments" ADD CONSTRAINT "contract_payments_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opportunities" ADD CONSTRAINT "opportunities_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opportunities" ADD CONSTRAINT "opportunities_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opportunities" ADD CONSTRAINT "opportunities_stage_id_pipeline_stages_id_fk" FOREIGN KEY ("stage_id") REFERENCES "public"."pipeline_stages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opportunities" ADD CONSTRAINT "opportunities_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opportunities" ADD CONSTRAINT "opportunities_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opportunity_items" ADD CONSTRAINT "opportunity_items_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opportunity_items" ADD CONSTRAINT "opportunity_items_opportunity_id_opportunities_id_fk" FOREIGN KEY ("opportunity_id") REFERENCES "public"."opportunities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opportunity_stage_changes" ADD CONSTRAINT "opportunity_stage_changes_opportunity_id_opportunities_id_fk" FOREIGN KEY ("opportunity_id") REFERENCES "public"."opportunities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opportunity_stage_changes" ADD CONSTRAINT "opportunity_stage_changes_from_stage_id_pipeline_stages_id_fk" FOREIGN KEY ("from_stage_id") REFERENCES "public"."pipeline_stages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opportunity_stage_changes" ADD CONSTRAINT "opportunity_stage_changes_to_stage_id_pipeline_stages_id_fk" FOREIGN KEY ("to_stage_id") REFERENCES "public"."pipeline_stages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opportunity_stage_changes" ADD CONSTRAINT "opportunity_stage_changes_changed_by_users_id_fk" FOREIGN KEY ("changed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_items" ADD CONSTRAINT "order_items_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_items" ADD CONSTRAINT "order_items_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_payments" ADD CONSTRAINT "order_payments_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_payments" ADD CONSTRAINT "order_payments_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_status_changes" ADD CONSTRAINT "order_status_changes_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_status_changes" ADD CONSTRAINT "order_status_changes_changed_by_users_id_fk" FOREIGN KEY ("changed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_opportunity_id_opportunities_id_fk" FOREIGN KEY ("opportunity_id") REFERENCES "public"."opportunities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_quote_id_quotes_id_fk" FOREIGN KEY ("quote_id") REFERENCES "public"."quotes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quote_items" ADD CONSTRAINT "quote_items_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quote_items" ADD CONSTRAINT "quote_items_quote_id_quotes_id_fk" FOREIGN KEY ("quote_id") REFERENCES "public"."quotes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quotes" ADD CONSTRAINT "quotes_opportunity_id_opportunities_id_fk" FOREIGN KEY ("opportunity_id") REFERENCES "public"."opportunities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quotes" ADD CONSTRAINT "quotes_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quotes" ADD CONSTRAINT "quotes_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quotes" ADD CONSTRAINT "quotes_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quotes" ADD CONSTRAINT "quotes_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_opportunity_id_opportunities_id_fk" FOREIGN KEY ("opportunity_id") REFERENCES "public"."opportunities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "contract_installments_contract_idx" ON "contract_installments" USING btree ("contract_id","position");--> statement-breakpoint
CREATE INDEX "contract_installments_unpaid_idx" ON "contract_installments" USING btree ("due_on") WHERE "contract_installments"."received_fen" < "contract_installments"."amount_fen" and "contract_installments"."overdue_reminded_at" is null;--> statement-breakpoint
CREATE INDEX "contract_payment_allocations_payment_idx" ON "contract_payment_allocations" USING btree ("payment_id");--> statement-breakpoint
CREATE INDEX "contract_payment_allocations_installment_idx" ON "contract_payment_allocations" USING btree ("installment_id");--> statement-breakpoint
CREATE INDEX "contract_payments_contract_idx" ON "contract_payments" USING btree ("contract_id","paid_on");--> statement-breakpoint
CREATE INDEX "opportunities_owner_stage_idx" ON "opportunities" USING btree ("owner_id","stage_id","updated_at","id") WHERE "opportunities"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "opportunities_department_stage_idx" ON "opportunities" USING btree ("department_id","stage_id","updated_at","id") WHERE "opportunities"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "opportunities_department_close_idx" ON "opportunities" USING btree ("department_id","expected_close_date") WHERE "opportunities"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "opportunities_owner_close_idx" ON "opportunities" USING btree ("owner_id","expected_close_date") WHERE "opportunities"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "opportunities_created_idx" ON "opportunities" USING btree ("created_at","id") WHERE "opportunities"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "opportunities_customer_idx" ON "opportunities" USING btree ("customer_id") WHERE "opportunities"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "opportunity_items_opportunity_idx" ON "opportunity_items" USING btree ("opportunity_id","position");--> statement-breakpoint
CREATE INDEX "opportunity_items_product_idx" ON "opportunity_items" USING btree ("product_id");--> statement-breakpoint
CREATE INDEX "opportunity_stage_changes_opportunity_idx" ON "opportunity_stage_changes" USING btree ("opportunity_id","changed_at");--> statement-breakpoint
CREATE INDEX "order_items_order_idx" ON "order_items" USING btree ("order_id","position");--> statement-breakpoint
CREATE INDEX "order_items_product_idx" ON "order_items" USING btree ("product_id");--> statement-breakpoint
CREATE INDEX "order_payments_order_idx" ON "order_payments" USING btree ("order_id","paid_on");--> statement-breakpoint
CREATE INDEX "order_status_changes_order_idx" ON "order_status_changes" USING btree ("order_id","changed_at");--> statement-breakpoint
CREATE UNIQUE INDEX "orders_number_uq" ON "orders" USING btree ("number");--> statement-breakpoint
CREATE INDEX "orders_owner_idx" ON "orders" USING btree ("owner_id","created_at","id") WHERE "orders"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "orders_department_idx" ON "orders" USING btree ("department_id","created_at","id") WHERE "orders"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "orders_created_idx" ON "orders" USING btree ("created_at","id") WHERE "orders"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "orders_customer_idx" ON "orders" USING btree ("customer_id","created_at") WHERE "orders"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "orders_opportunity_idx" ON "orders" USING btree ("opportunity_id") WHERE "orders"."deleted_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "pipeline_stages_key_uq" ON "pipeline_stages" USING btree ("key");--> statement-breakpoint
CREATE UNIQUE INDEX "products_sku_uq" ON "products" USING btree (lower("sku")) WHERE "products"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "products_name_idx" ON "products" USING btree ("name","id") WHERE "products"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "quote_items_quote_idx" ON "quote_items" USING btree ("quote_id","position");--> statement-breakpoint
CREATE INDEX "quote_items_product_idx" ON "quote_items" USING btree ("product_id");--> statement-breakpoint
CREATE UNIQUE INDEX "quotes_number_uq" ON "quotes" USING btree ("number");--> statement-breakpoint
CREATE INDEX "quotes_opportunity_idx" ON "quotes" USING btree ("opportunity_id","created_at") WHERE "quotes"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "quotes_owner_idx" ON "quotes" USING btree ("owner_id","created_at","id") WHERE "quotes"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "quotes_department_idx" ON "quotes" USING btree ("department_id","created_at","id") WHERE "quotes"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "quotes_created_idx" ON "quotes" USING btree ("created_at","id") WHERE "quotes"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "quotes_valid_until_idx" ON "quotes" USING btree ("valid_until") WHERE "quotes"."deleted_at" is null and "quotes"."status" = 'sent';--> statement-breakpoint
CREATE UNIQUE INDEX "contracts_number_uq" ON "contracts" USING btree ("number");--> statement-breakpoint
CREATE INDEX "contracts_owner_idx" ON "contracts" USING btree ("owner_id","created_at","id") WHERE "contracts"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "contracts_department_idx" ON "contracts" USING btree ("department_id","created_at","id") WHERE "contracts"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "contracts_created_idx" ON "contracts" USING btree ("created_at","id") WHERE "contracts"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "contracts_customer_idx" ON "contracts" USING btree ("customer_id") WHERE "contracts"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "contracts_ends_idx" ON "contracts" USING btree ("ends_on") WHERE "contracts"."deleted_at" is null and "contracts"."status" = 'active' and "contracts"."renewal_reminded_at" is null;--> statement-breakpoint
ALTER TABLE "products" ADD CONSTRAINT "products_amounts" CHECK ("list_price_fen" >= 0 AND "tax_rate_bp" BETWEEN 0 AND 10000);--> statement-breakpoint
ALTER TABLE "pipeline_stages" ADD CONSTRAINT "pipeline_stages_probability" CHECK ("probability" BETWEEN 0 AND 100);--> statement-breakpoint
-- Exactly one won and one lost stage: the seed below creates them, nothing creates another.
CREATE UNIQUE INDEX "pipeline_stages_closed_kind_uq" ON "pipeline_stages" ("kind") WHERE "kind" <> 'open';--> statement-breakpoint
ALTER TABLE "opportunities" ADD CONSTRAINT "opportunities_amounts" CHECK ("amount_fen" >= 0 AND "probability" BETWEEN 0 AND 100);--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_amounts" CHECK ("total_fen" >= 0 AND "paid_fen" >= 0);--> statement-breakpoint
ALTER TABLE "order_payments" ADD CONSTRAINT "order_payments_amount" CHECK ("amount_fen" > 0);--> statement-breakpoint
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_amounts" CHECK ("amount_fen" >= 0 AND "received_fen" >= 0);--> statement-breakpoint
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_period" CHECK ("starts_on" IS NULL OR "ends_on" IS NULL OR "starts_on" <= "ends_on");--> statement-breakpoint
ALTER TABLE "contract_installments" ADD CONSTRAINT "contract_installments_amounts" CHECK ("amount_fen" > 0 AND "received_fen" BETWEEN 0 AND "amount_fen");--> statement-breakpoint
ALTER TABLE "contract_payments" ADD CONSTRAINT "contract_payments_amount" CHECK ("amount_fen" > 0);--> statement-breakpoint
ALTER TABLE "contract_payment_allocations" ADD CONSTRAINT "contract_payment_allocations_amount" CHECK ("amount_fen" > 0);--> statement-breakpoint
ALTER TABLE "opportunity_items" ADD CONSTRAINT "opportunity_items_line" CHECK ("quantity" > 0 AND "unit_price_fen" >= 0 AND "discount_bp" BETWEEN 0 AND 10000 AND "tax_rate_bp" BETWEEN 0 AND 10000);--> statement-breakpoint
ALTER TABLE "quote_items" ADD CONSTRAINT "quote_items_line" CHECK ("quantity" > 0 AND "unit_price_fen" >= 0 AND "discount_bp" BETWEEN 0 AND 10000 AND "tax_rate_bp" BETWEEN 0 AND 10000);--> statement-breakpoint
ALTER TABLE "order_items" ADD CONSTRAINT "order_items_line" CHECK ("quantity" > 0 AND "unit_price_fen" >= 0 AND "discount_bp" BETWEEN 0 AND 10000 AND "tax_rate_bp" BETWEEN 0 AND 10000);--> statement-breakpoint
-- The default pipeline (admins rename, reorder, re-weight and add open stages).
INSERT INTO "pipeline_stages" ("id", "key", "name_zh", "name_en", "kind", "probability", "sort_order") VALUES
  (gen_random_uuid(), 'initial_contact', '初步接触', 'Initial contact', 'open', 10, 10),
  (gen_random_uuid(), 'needs_analysis', '需求分析', 'Needs analysis', 'open', 30, 20),
  (gen_random_uuid(), 'proposal', '方案报价', 'Proposal / quote', 'open', 60, 30),
  (gen_random_uuid(), 'negotiation', '商务谈判', 'Negotiation', 'open', 80, 40),
  (gen_random_uuid(), 'won', '赢单', 'Won', 'won', 100, 90),
  (gen_random_uuid(), 'lost', '输单', 'Lost', 'lost', 0, 100)
ON CONFLICT ("key") DO NOTHING;--> statement-breakpoint
-- Issue 6 adds products, opportunities, quotes, orders and contracts to the permission
-- catalogue: installs created before get them on their built-in roles (fresh installs from
-- BUILTIN_ROLES in roles.rules.ts).
--> statement-breakpoint
UPDATE roles SET permissions = (SELECT jsonb_agg(DISTINCT p ORDER BY p) FROM jsonb_array_elements_text(permissions || '["contract:create","contract:delete","contract:export","contract:read","contract:update","opportunity:assign","opportunity:create","opportunity:delete","opportunity:export","opportunity:read","opportunity:update","order:create","order:delete","order:export","order:read","order:update","product:create","product:delete","product:export","product:read","product:update","quote:create","quote:delete","quote:read","quote:update"]'::jsonb) AS p), updated_at = now(), version = version + 1 WHERE key = 'admin';
--> statement-breakpoint
UPDATE roles SET permissions = (SELECT jsonb_agg(DISTINCT p ORDER BY p) FROM jsonb_array_elements_text(permissions || '["contract:create","contract:delete","contract:export","contract:read","contract:update","opportunity:assign","opportunity:create","opportunity:delete","opportunity:export","opportunity:read","opportunity:update","order:create","order:delete","order:export","order:read","order:update","product:create","product:delete","product:export","product:read","product:update","quote:create","quote:delete","quote:read","quote:update"]'::jsonb) AS p), updated_at = now(), version = version + 1 WHERE key = 'manager';
--> statement-breakpoint
UPDATE roles SET permissions = (SELECT jsonb_agg(DISTINCT p ORDER BY p) FROM jsonb_array_elements_text(permissions || '["contract:create","contract:read","contract:update","opportunity:create","opportunity:read","opportunity:update","order:create","order:read","order:update","product:read","quote:create","quote:delete","quote:read","quote:update"]'::jsonb) AS p), updated_at = now(), version = version + 1 WHERE key = 'sales';
--> statement-breakpoint
UPDATE roles SET permissions = (SELECT jsonb_agg(DISTINCT p ORDER BY p) FROM jsonb_array_elements_text(permissions || '["contract:read","order:read","product:read"]'::jsonb) AS p), updated_at = now(), version = version + 1 WHERE key = 'service';
--> statement-breakpoint
UPDATE roles SET permissions = (SELECT jsonb_agg(DISTINCT p ORDER BY p) FROM jsonb_array_elements_text(permissions || '["opportunity:read","product:read"]'::jsonb) AS p), updated_at = now(), version = version + 1 WHERE key = 'marketing';
