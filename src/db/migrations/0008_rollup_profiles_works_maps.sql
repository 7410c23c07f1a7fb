CREATE TABLE "output_records" (
	"unit_code" text NOT NULL,
	"unit_valid_from" date NOT NULL,
	"year" integer NOT NULL,
	"indicator" text NOT NULL,
	"planned" numeric,
	"achieved" numeric,
	"source" text,
	"entered_by" uuid,
	"entered_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "output_records_unit_code_unit_valid_from_year_indicator_pk" PRIMARY KEY("unit_code","unit_valid_from","year","indicator"),
	CONSTRAINT "output_records_values_check" CHECK (("output_records"."planned" is null or "output_records"."planned" >= 0) and ("output_records"."achieved" is null or "output_records"."achieved" >= 0))
);
--> statement-breakpoint
CREATE TABLE "production_project_households" (
	"project_id" uuid NOT NULL,
	"household_id" uuid NOT NULL,
	"joined_on" date,
	"class_at_joining" text,
	"support" text,
	CONSTRAINT "production_project_households_project_id_household_id_pk" PRIMARY KEY("project_id","household_id")
);
--> statement-breakpoint
CREATE TABLE "production_projects" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"unit_code" text NOT NULL,
	"unit_valid_from" date NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"programme" text,
	"project" text,
	"models" text,
	"budget" bigint DEFAULT 0 NOT NULL,
	"disbursed" bigint DEFAULT 0 NOT NULL,
	"start_date" date,
	"end_date" date,
	"outputs" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "production_projects_kind_check" CHECK ("production_projects"."kind" in ('value_chain', 'community')),
	CONSTRAINT "production_projects_budget_check" CHECK ("production_projects"."budget" >= 0 and "production_projects"."disbursed" >= 0)
);
--> statement-breakpoint
CREATE TABLE "work_photos" (
	"work_id" uuid NOT NULL,
	"file_id" uuid NOT NULL,
	"caption" text,
	"taken_on" date,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "work_photos_work_id_file_id_pk" PRIMARY KEY("work_id","file_id")
);
--> statement-breakpoint
CREATE TABLE "works" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"unit_code" text NOT NULL,
	"unit_valid_from" date NOT NULL,
	"village_id" uuid,
	"name" text NOT NULL,
	"work_type" text NOT NULL,
	"construction" text NOT NULL,
	"programme" text,
	"project" text,
	"plan_year" integer,
	"investor_original" text NOT NULL,
	"investor_original_unit_code" text,
	"investor_current" text NOT NULL,
	"investor_current_unit_code" text,
	"investor_changed_on" date,
	"investor_change_basis" text,
	"contract_value" bigint NOT NULL,
	"disbursed" bigint DEFAULT 0 NOT NULL,
	"progress_pct" integer DEFAULT 0 NOT NULL,
	"start_date" date,
	"completion_date" date,
	"acceptance_date" date,
	"note" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "works_contract_value_check" CHECK ("works"."contract_value" >= 0),
	CONSTRAINT "works_disbursed_check" CHECK ("works"."disbursed" >= 0),
	CONSTRAINT "works_progress_check" CHECK ("works"."progress_pct" between 0 and 100),
	CONSTRAINT "works_construction_check" CHECK ("works"."construction" in ('new', 'maintenance')),
	CONSTRAINT "works_dates_check" CHECK (("works"."completion_date" is null or "works"."start_date" is null or "works"."completion_date" >= "works"."start_date")
        and ("works"."acceptance_date" is null or "works"."completion_date" is null or "works"."acceptance_date" >= "works"."completion_date"))
);
--> statement-breakpoint
CREATE TABLE "map_layers" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"level" text NOT NULL,
	"valid_on" date NOT NULL,
	"geojson" jsonb NOT NULL,
	"licence" text NOT NULL,
	"attribution" text NOT NULL,
	"loaded_by" uuid,
	"loaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "map_layers_level_check" CHECK ("map_layers"."level" in ('province', 'district', 'commune'))
);
--> statement-breakpoint
ALTER TABLE "rollups" ADD COLUMN "people" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "rollups" ADD COLUMN "poor_people" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "rollups" ADD COLUMN "near_poor_people" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "rollups" ADD COLUMN "deficit_profile" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "rollups" ADD COLUMN "flows" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "output_records" ADD CONSTRAINT "output_records_unit_fk" FOREIGN KEY ("unit_code","unit_valid_from") REFERENCES "public"."admin_units"("code","valid_from") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "production_project_households" ADD CONSTRAINT "production_project_households_project_id_production_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."production_projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "production_projects" ADD CONSTRAINT "production_projects_unit_fk" FOREIGN KEY ("unit_code","unit_valid_from") REFERENCES "public"."admin_units"("code","valid_from") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_photos" ADD CONSTRAINT "work_photos_work_id_works_id_fk" FOREIGN KEY ("work_id") REFERENCES "public"."works"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_photos" ADD CONSTRAINT "work_photos_file_id_files_file_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."files"("file_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "works" ADD CONSTRAINT "works_village_id_villages_id_fk" FOREIGN KEY ("village_id") REFERENCES "public"."villages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "works" ADD CONSTRAINT "works_unit_fk" FOREIGN KEY ("unit_code","unit_valid_from") REFERENCES "public"."admin_units"("code","valid_from") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "production_project_households_household_idx" ON "production_project_households" USING btree ("household_id");--> statement-breakpoint
CREATE INDEX "production_projects_unit_idx" ON "production_projects" USING btree ("unit_code","unit_valid_from");--> statement-breakpoint
CREATE INDEX "works_unit_idx" ON "works" USING btree ("unit_code","unit_valid_from");