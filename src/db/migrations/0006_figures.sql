CREATE TABLE "entered_figures" (
	"unit_code" text NOT NULL,
	"year" integer NOT NULL,
	"standard" text NOT NULL,
	"grp" text NOT NULL,
	"total_households" integer,
	"poor_households" integer,
	"near_poor_households" integer,
	"poor_rate" numeric,
	"near_poor_rate" numeric,
	"source" text NOT NULL,
	"entered_by" uuid,
	"entered_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "entered_figures_unit_code_year_standard_grp_pk" PRIMARY KEY("unit_code","year","standard","grp")
);
--> statement-breakpoint
CREATE TABLE "rollups" (
	"unit_code" text NOT NULL,
	"unit_valid_from" date NOT NULL,
	"year" integer NOT NULL,
	"standard" text NOT NULL,
	"grp" text NOT NULL,
	"households" integer NOT NULL,
	"poor" integer NOT NULL,
	"near_poor" integer NOT NULL,
	"communes" integer NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rollups_unit_code_unit_valid_from_year_standard_grp_pk" PRIMARY KEY("unit_code","unit_valid_from","year","standard","grp")
);
--> statement-breakpoint
CREATE TABLE "targets" (
	"unit_code" text NOT NULL,
	"grp" text NOT NULL,
	"year_from" integer NOT NULL,
	"year_to" integer NOT NULL,
	"indicator" text NOT NULL,
	"kind" text NOT NULL,
	"lower" numeric,
	"upper" numeric,
	"source" text NOT NULL,
	"entered_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "targets_unit_code_grp_year_from_year_to_indicator_pk" PRIMARY KEY("unit_code","grp","year_from","year_to","indicator"),
	CONSTRAINT "targets_kind_check" CHECK ("targets"."kind" in ('reduction_pp', 'max_level'))
);
