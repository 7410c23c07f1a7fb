ALTER TABLE "review_rounds" DROP CONSTRAINT "review_rounds_kind_check";--> statement-breakpoint
ALTER TABLE "review_results" ADD COLUMN "moved_in" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "review_results" ADD COLUMN "accounted" jsonb;--> statement-breakpoint
CREATE INDEX "review_results_household_recognised_idx" ON "review_results" USING btree ("household_id","recognised_on");--> statement-breakpoint
ALTER TABLE "review_rounds" ADD CONSTRAINT "review_rounds_kind_check" CHECK (("review_rounds"."kind" in ('periodic', 'opening') and "review_rounds"."month" is null) or ("review_rounds"."kind" = 'regular' and "review_rounds"."month" between 1 and 12));