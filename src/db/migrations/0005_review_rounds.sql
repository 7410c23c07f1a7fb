CREATE TABLE "files" (
	"file_id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"mime_type" text NOT NULL,
	"size" bigint NOT NULL,
	"sha256" text NOT NULL,
	"content" "bytea" NOT NULL,
	"uploaded_by" uuid,
	"uploaded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "review_events" (
	"round_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"type" text NOT NULL,
	"payload" jsonb NOT NULL,
	"actor_id" uuid,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "review_events_round_id_seq_pk" PRIMARY KEY("round_id","seq")
);
--> statement-breakpoint
CREATE TABLE "review_results" (
	"household_id" uuid NOT NULL,
	"round_id" uuid NOT NULL,
	"village_id" uuid NOT NULL,
	"previous_class" text,
	"final_class" text,
	"transition" text NOT NULL,
	"deficits" text[] DEFAULT '{}'::text[] NOT NULL,
	"is_ethnic_minority" boolean NOT NULL,
	"person_of_merit" boolean NOT NULL,
	"social_protection" boolean NOT NULL,
	"no_labour_capacity" boolean NOT NULL,
	"recognised_on" date NOT NULL,
	CONSTRAINT "review_results_household_id_round_id_pk" PRIMARY KEY("household_id","round_id")
);
--> statement-breakpoint
ALTER TABLE "review_rounds" ADD COLUMN "start_date" date;--> statement-breakpoint
ALTER TABLE "review_rounds" ADD COLUMN "procedure_version" text;--> statement-breakpoint
ALTER TABLE "review_rounds" ADD COLUMN "status" text DEFAULT 'open' NOT NULL;--> statement-breakpoint
ALTER TABLE "review_rounds" ADD COLUMN "decision_number" text;--> statement-breakpoint
ALTER TABLE "review_rounds" ADD COLUMN "decision_date" date;--> statement-breakpoint
ALTER TABLE "review_rounds" ADD COLUMN "event_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "review_events" ADD CONSTRAINT "review_events_round_id_review_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."review_rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_results" ADD CONSTRAINT "review_results_round_id_review_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."review_rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "review_results_round_idx" ON "review_results" USING btree ("round_id");