CREATE TABLE "admin_units" (
	"code" text NOT NULL,
	"valid_from" date NOT NULL,
	"valid_to" date,
	"name" text NOT NULL,
	"level" text NOT NULL,
	"kind" text NOT NULL,
	"area" text,
	"parent_code" text,
	"parent_valid_from" date,
	CONSTRAINT "admin_units_code_valid_from_pk" PRIMARY KEY("code","valid_from"),
	CONSTRAINT "admin_units_level_check" CHECK ("admin_units"."level" in ('province', 'district', 'commune')),
	CONSTRAINT "admin_units_area_check" CHECK ("admin_units"."area" is null or "admin_units"."area" in ('urban', 'rural', 'special')),
	CONSTRAINT "admin_units_validity_check" CHECK ("admin_units"."valid_to" is null or "admin_units"."valid_to" >= "admin_units"."valid_from"),
	CONSTRAINT "admin_units_parent_check" CHECK (("admin_units"."parent_code" is null) = ("admin_units"."parent_valid_from" is null) and ("admin_units"."level" = 'province') = ("admin_units"."parent_code" is null))
);
--> statement-breakpoint
CREATE TABLE "unit_lineage" (
	"from_code" text NOT NULL,
	"from_valid_from" date NOT NULL,
	"to_code" text NOT NULL,
	"to_valid_from" date NOT NULL,
	"kind" text NOT NULL,
	"effective" date NOT NULL,
	"legal_basis" text,
	"legal_basis_verified" boolean DEFAULT false NOT NULL,
	"all_population" boolean DEFAULT false NOT NULL,
	"share" numeric,
	"note" text,
	CONSTRAINT "unit_lineage_from_code_from_valid_from_to_code_to_valid_from_pk" PRIMARY KEY("from_code","from_valid_from","to_code","to_valid_from"),
	CONSTRAINT "unit_lineage_kind_check" CHECK ("unit_lineage"."kind" in ('whole', 'part', 'unchanged')),
	CONSTRAINT "unit_lineage_share_check" CHECK ("unit_lineage"."share" is null or ("unit_lineage"."share" > 0 and "unit_lineage"."share" <= 1))
);
--> statement-breakpoint
CREATE TABLE "unit_load_problems" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"source" text NOT NULL,
	"line" integer NOT NULL,
	"severity" text NOT NULL,
	"message_vi" text NOT NULL,
	"message_en" text NOT NULL,
	"raw" text NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "unit_load_problems_severity_check" CHECK ("unit_load_problems"."severity" in ('error', 'warning'))
);
--> statement-breakpoint
CREATE TABLE "village_assignments" (
	"village_id" uuid NOT NULL,
	"commune_code" text NOT NULL,
	"commune_valid_from" date NOT NULL,
	"effective" date NOT NULL,
	"method" text NOT NULL,
	"decided_by" text,
	"note" text,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "village_assignments_village_id_effective_pk" PRIMARY KEY("village_id","effective"),
	CONSTRAINT "village_assignments_method_check" CHECK ("village_assignments"."method" in ('whole', 'explicit'))
);
--> statement-breakpoint
CREATE TABLE "villages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"commune_code" text NOT NULL,
	"commune_valid_from" date NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"retired_at" date,
	"successor_village_id" uuid,
	"retirement_note" text,
	CONSTRAINT "villages_kind_check" CHECK ("villages"."kind" in ('thon', 'ban', 'to_dan_pho', 'other'))
);
--> statement-breakpoint
CREATE TABLE "legal_list_entries" (
	"list_kind" text NOT NULL,
	"unit_code" text NOT NULL,
	"unit_valid_from" date NOT NULL,
	"period_from" date NOT NULL,
	"period_to" date,
	"citation" text NOT NULL,
	"verified" boolean DEFAULT false NOT NULL,
	"note" text,
	CONSTRAINT "legal_list_entries_list_kind_unit_code_unit_valid_from_period_from_pk" PRIMARY KEY("list_kind","unit_code","unit_valid_from","period_from")
);
--> statement-breakpoint
CREATE TABLE "legal_lists" (
	"kind" text PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"period_from" date NOT NULL,
	"period_to" date,
	"citation" text NOT NULL,
	"verified" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "review_rounds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"commune_code" text NOT NULL,
	"commune_valid_from" date NOT NULL,
	"kind" text NOT NULL,
	"year" integer NOT NULL,
	"month" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "review_rounds_commune_period_key" UNIQUE NULLS NOT DISTINCT("commune_code","commune_valid_from","kind","year","month"),
	CONSTRAINT "review_rounds_kind_check" CHECK (("review_rounds"."kind" = 'periodic' and "review_rounds"."month" is null) or ("review_rounds"."kind" = 'regular' and "review_rounds"."month" between 1 and 12))
);
--> statement-breakpoint
CREATE TABLE "assessments" (
	"household_id" uuid NOT NULL,
	"assessment_id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"review_round_id" uuid,
	"standard_id" text NOT NULL,
	"survey_date" date NOT NULL,
	"area" text NOT NULL,
	"income_per_capita" bigint,
	"score_a" integer,
	"answers" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"deficits" text[] DEFAULT '{}'::text[] NOT NULL,
	"deficit_count" integer NOT NULL,
	"class" text NOT NULL,
	"explanation" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"recorded_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"superseded_by" uuid,
	"superseded_at" timestamp with time zone,
	CONSTRAINT "assessments_household_id_assessment_id_pk" PRIMARY KEY("household_id","assessment_id"),
	CONSTRAINT "assessments_area_check" CHECK ("assessments"."area" in ('urban', 'rural', 'special')),
	CONSTRAINT "assessments_deficit_count_check" CHECK ("assessments"."deficit_count" >= 0),
	CONSTRAINT "assessments_superseded_check" CHECK ("assessments"."superseded_by" is null or "assessments"."superseded_at" is not null)
);
--> statement-breakpoint
CREATE TABLE "household_history" (
	"household_id" uuid NOT NULL,
	"change_no" integer NOT NULL,
	"from_village_id" uuid,
	"to_village_id" uuid NOT NULL,
	"effective" date NOT NULL,
	"reason" text,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "household_history_household_id_change_no_pk" PRIMARY KEY("household_id","change_no")
);
--> statement-breakpoint
CREATE TABLE "households" (
	"household_id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"village_id" uuid NOT NULL,
	"address" text,
	"head_name" text NOT NULL,
	"ethnicity" text,
	"is_ethnic_minority" boolean DEFAULT false NOT NULL,
	"person_of_merit" boolean DEFAULT false NOT NULL,
	"social_protection" boolean DEFAULT false NOT NULL,
	"no_labour_capacity" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "members" (
	"household_id" uuid NOT NULL,
	"member_no" integer NOT NULL,
	"full_name" text NOT NULL,
	"date_of_birth" date,
	"sex" text,
	"ethnicity" text,
	"relation_to_head" text,
	"national_id" text,
	"phone" text,
	"education_level" text,
	"health_insurance" boolean,
	"employment" text,
	"labour_contract" boolean,
	"facts" jsonb DEFAULT '{}'::jsonb NOT NULL,
	CONSTRAINT "members_household_id_member_no_pk" PRIMARY KEY("household_id","member_no"),
	CONSTRAINT "members_sex_check" CHECK ("members"."sex" is null or "members"."sex" in ('male', 'female')),
	CONSTRAINT "members_member_no_check" CHECK ("members"."member_no" > 0)
);
--> statement-breakpoint
ALTER TABLE "admin_units" ADD CONSTRAINT "admin_units_parent_fk" FOREIGN KEY ("parent_code","parent_valid_from") REFERENCES "public"."admin_units"("code","valid_from") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unit_lineage" ADD CONSTRAINT "unit_lineage_from_fk" FOREIGN KEY ("from_code","from_valid_from") REFERENCES "public"."admin_units"("code","valid_from") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unit_lineage" ADD CONSTRAINT "unit_lineage_to_fk" FOREIGN KEY ("to_code","to_valid_from") REFERENCES "public"."admin_units"("code","valid_from") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "village_assignments" ADD CONSTRAINT "village_assignments_village_id_villages_id_fk" FOREIGN KEY ("village_id") REFERENCES "public"."villages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "village_assignments" ADD CONSTRAINT "village_assignments_commune_fk" FOREIGN KEY ("commune_code","commune_valid_from") REFERENCES "public"."admin_units"("code","valid_from") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "villages" ADD CONSTRAINT "villages_successor_village_id_villages_id_fk" FOREIGN KEY ("successor_village_id") REFERENCES "public"."villages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "villages" ADD CONSTRAINT "villages_commune_fk" FOREIGN KEY ("commune_code","commune_valid_from") REFERENCES "public"."admin_units"("code","valid_from") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "legal_list_entries" ADD CONSTRAINT "legal_list_entries_list_kind_legal_lists_kind_fk" FOREIGN KEY ("list_kind") REFERENCES "public"."legal_lists"("kind") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "legal_list_entries" ADD CONSTRAINT "legal_list_entries_unit_fk" FOREIGN KEY ("unit_code","unit_valid_from") REFERENCES "public"."admin_units"("code","valid_from") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_rounds" ADD CONSTRAINT "review_rounds_commune_fk" FOREIGN KEY ("commune_code","commune_valid_from") REFERENCES "public"."admin_units"("code","valid_from") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessments" ADD CONSTRAINT "assessments_household_id_households_household_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("household_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessments" ADD CONSTRAINT "assessments_review_round_id_review_rounds_id_fk" FOREIGN KEY ("review_round_id") REFERENCES "public"."review_rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessments" ADD CONSTRAINT "assessments_superseded_by_fk" FOREIGN KEY ("household_id","superseded_by") REFERENCES "public"."assessments"("household_id","assessment_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "household_history" ADD CONSTRAINT "household_history_household_id_households_household_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("household_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "household_history" ADD CONSTRAINT "household_history_from_village_id_villages_id_fk" FOREIGN KEY ("from_village_id") REFERENCES "public"."villages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "household_history" ADD CONSTRAINT "household_history_to_village_id_villages_id_fk" FOREIGN KEY ("to_village_id") REFERENCES "public"."villages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "households" ADD CONSTRAINT "households_village_id_villages_id_fk" FOREIGN KEY ("village_id") REFERENCES "public"."villages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "members" ADD CONSTRAINT "members_household_id_households_household_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("household_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "admin_units_parent_idx" ON "admin_units" USING btree ("parent_code","parent_valid_from");--> statement-breakpoint
CREATE INDEX "unit_lineage_to_idx" ON "unit_lineage" USING btree ("to_code","to_valid_from");--> statement-breakpoint
CREATE INDEX "unit_load_problems_source_idx" ON "unit_load_problems" USING btree ("source","line");--> statement-breakpoint
CREATE INDEX "village_assignments_commune_idx" ON "village_assignments" USING btree ("commune_code","commune_valid_from");--> statement-breakpoint
CREATE INDEX "villages_commune_idx" ON "villages" USING btree ("commune_code","commune_valid_from");--> statement-breakpoint
CREATE UNIQUE INDEX "assessments_current_key" ON "assessments" USING btree ("household_id",coalesce("review_round_id", '00000000-0000-0000-0000-000000000000'::uuid),"standard_id") WHERE "assessments"."superseded_at" is null;--> statement-breakpoint
CREATE INDEX "assessments_round_idx" ON "assessments" USING btree ("review_round_id","standard_id");--> statement-breakpoint
CREATE INDEX "households_village_idx" ON "households" USING btree ("village_id");--> statement-breakpoint
CREATE INDEX "members_national_id_idx" ON "members" USING btree ("national_id");