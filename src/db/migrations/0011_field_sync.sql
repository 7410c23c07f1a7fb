CREATE TABLE "sync_changes" (
	"change_id" uuid PRIMARY KEY NOT NULL,
	"username" text NOT NULL,
	"device_id" text NOT NULL,
	"household_id" uuid,
	"outcome" text NOT NULL,
	"result" jsonb NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sync_conflicts" (
	"conflict_id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"household_id" uuid NOT NULL,
	"change_id" uuid NOT NULL,
	"raised_by" text NOT NULL,
	"device_changed_at" text NOT NULL,
	"raised_at" timestamp with time zone DEFAULT now() NOT NULL,
	"fields" jsonb NOT NULL,
	"change" jsonb NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"resolved_by" text,
	"resolved_at" timestamp with time zone,
	"choices" jsonb
);
--> statement-breakpoint
CREATE INDEX "sync_changes_household_idx" ON "sync_changes" USING btree ("household_id");--> statement-breakpoint
CREATE INDEX "sync_conflicts_household_idx" ON "sync_conflicts" USING btree ("household_id","status");