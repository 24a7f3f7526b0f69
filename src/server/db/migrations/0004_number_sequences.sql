CREATE TABLE "number_sequences" (
	"scope" text PRIMARY KEY NOT NULL,
	"last_value" integer NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
