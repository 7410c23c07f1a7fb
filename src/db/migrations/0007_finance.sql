CREATE TABLE "finance_carry_overs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"plan_line_id" uuid NOT NULL,
	"to_year" integer NOT NULL,
	"amount" bigint NOT NULL,
	"decision" text NOT NULL,
	"decision_date" date NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "finance_carry_overs_line" UNIQUE("plan_line_id"),
	CONSTRAINT "finance_carry_overs_amount_check" CHECK ("finance_carry_overs"."amount" > 0)
);
--> statement-breakpoint
CREATE TABLE "finance_payments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"plan_line_id" uuid NOT NULL,
	"paid_on" date NOT NULL,
	"amount" bigint NOT NULL,
	"decision" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "finance_payments_amount_check" CHECK ("finance_payments"."amount" > 0)
);
--> statement-breakpoint
CREATE TABLE "finance_plan_adjustments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"plan_line_id" uuid NOT NULL,
	"decision" text NOT NULL,
	"decision_date" date NOT NULL,
	"amount" bigint NOT NULL,
	"reason" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "finance_plan_adjustments_amount_check" CHECK ("finance_plan_adjustments"."amount" <> 0)
);
--> statement-breakpoint
CREATE TABLE "finance_plan_lines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"unit_code" text NOT NULL,
	"unit_valid_from" date NOT NULL,
	"year" integer NOT NULL,
	"programme" text NOT NULL,
	"project" text NOT NULL,
	"source" text NOT NULL,
	"amount" bigint NOT NULL,
	"decision" text NOT NULL,
	"decision_date" date,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "finance_plan_lines_key" UNIQUE("unit_code","unit_valid_from","year","project","source"),
	CONSTRAINT "finance_plan_lines_amount_check" CHECK ("finance_plan_lines"."amount" >= 0),
	CONSTRAINT "finance_plan_lines_source_check" CHECK ("finance_plan_lines"."source" in ('central_investment', 'central_recurrent', 'local_counterpart', 'integrated', 'policy_credit', 'people'))
);
--> statement-breakpoint
ALTER TABLE "finance_carry_overs" ADD CONSTRAINT "finance_carry_overs_plan_line_id_finance_plan_lines_id_fk" FOREIGN KEY ("plan_line_id") REFERENCES "public"."finance_plan_lines"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "finance_payments" ADD CONSTRAINT "finance_payments_plan_line_id_finance_plan_lines_id_fk" FOREIGN KEY ("plan_line_id") REFERENCES "public"."finance_plan_lines"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "finance_plan_adjustments" ADD CONSTRAINT "finance_plan_adjustments_plan_line_id_finance_plan_lines_id_fk" FOREIGN KEY ("plan_line_id") REFERENCES "public"."finance_plan_lines"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "finance_plan_lines" ADD CONSTRAINT "finance_plan_lines_unit_fk" FOREIGN KEY ("unit_code","unit_valid_from") REFERENCES "public"."admin_units"("code","valid_from") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "finance_payments_line_idx" ON "finance_payments" USING btree ("plan_line_id","paid_on");--> statement-breakpoint
CREATE INDEX "finance_plan_adjustments_line_idx" ON "finance_plan_adjustments" USING btree ("plan_line_id","decision_date");--> statement-breakpoint
CREATE INDEX "finance_plan_lines_year_idx" ON "finance_plan_lines" USING btree ("year");