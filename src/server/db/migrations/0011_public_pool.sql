CREATE TABLE "customer_claims" (
	"customer_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "owned_since" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "customer_claims" ADD CONSTRAINT "customer_claims_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_claims" ADD CONSTRAINT "customer_claims_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "customer_claims_user_at_idx" ON "customer_claims" USING btree ("user_id","at");