-- Distances for activities near a point: cube and earthdistance (trusted
-- extensions, in PGlite's contrib too). ll_to_earth is wrapped in an
-- IMMUTABLE function with a fixed search_path so it can be indexed, and so a
-- dump and restore keeps the index (ll_to_earth names cube's functions unqualified).
CREATE EXTENSION IF NOT EXISTS cube;--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS earthdistance;--> statement-breakpoint
CREATE FUNCTION "activity_earth"(latitude double precision, longitude double precision) RETURNS earth
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
SET search_path = public, pg_catalog
AS $$ SELECT ll_to_earth(latitude, longitude) $$;--> statement-breakpoint
CREATE TYPE "public"."activity_member_status" AS ENUM('participant', 'waitlisted');--> statement-breakpoint
CREATE TYPE "public"."activity_status" AS ENUM('scheduled', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."activity_visibility" AS ENUM('public', 'invite_only');--> statement-breakpoint
CREATE TABLE "activities" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"host_id" uuid NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"location_label" text NOT NULL,
	"latitude" double precision,
	"longitude" double precision,
	"starts_at" timestamp (3) with time zone NOT NULL,
	"ends_at" timestamp (3) with time zone NOT NULL,
	"capacity" integer NOT NULL,
	"participant_count" integer DEFAULT 1 NOT NULL,
	"waitlist_count" integer DEFAULT 0 NOT NULL,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"visibility" "activity_visibility" DEFAULT 'public' NOT NULL,
	"status" "activity_status" DEFAULT 'scheduled' NOT NULL,
	"cancel_reason" text,
	"cancelled_at" timestamp (3) with time zone,
	"client_key" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "activities_time" CHECK ("activities"."ends_at" > "activities"."starts_at"),
	CONSTRAINT "activities_capacity" CHECK ("activities"."capacity" >= 2),
	CONSTRAINT "activities_seats" CHECK ("activities"."participant_count" between 1 and "activities"."capacity"),
	CONSTRAINT "activities_waitlist" CHECK ("activities"."waitlist_count" >= 0),
	CONSTRAINT "activities_coordinates" CHECK (("activities"."latitude" is null) = ("activities"."longitude" is null) and ("activities"."latitude" is null or ("activities"."latitude" between -90 and 90 and "activities"."longitude" between -180 and 180))),
	CONSTRAINT "activities_cancelled" CHECK (("activities"."status" = 'cancelled') = ("activities"."cancelled_at" is not null))
);
--> statement-breakpoint
CREATE TABLE "activity_members" (
	"activity_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"status" "activity_member_status" NOT NULL,
	"starts_at" timestamp (3) with time zone NOT NULL,
	"queued_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"joined_at" timestamp (3) with time zone,
	CONSTRAINT "activity_members_activity_id_user_id_pk" PRIMARY KEY("activity_id","user_id"),
	CONSTRAINT "activity_members_joined" CHECK (("activity_members"."status" = 'participant') = ("activity_members"."joined_at" is not null))
);
--> statement-breakpoint
ALTER TABLE "activities" ADD CONSTRAINT "activities_host_id_users_id_fk" FOREIGN KEY ("host_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activity_members" ADD CONSTRAINT "activity_members_activity_id_activities_id_fk" FOREIGN KEY ("activity_id") REFERENCES "public"."activities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activity_members" ADD CONSTRAINT "activity_members_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "activities_client_key_idx" ON "activities" USING btree ("host_id","client_key") WHERE "activities"."client_key" is not null;--> statement-breakpoint
CREATE INDEX "activities_host_idx" ON "activities" USING btree ("host_id","starts_at","id");--> statement-breakpoint
CREATE INDEX "activities_upcoming_idx" ON "activities" USING btree ("starts_at","id") WHERE "activities"."status" = 'scheduled' and "activities"."visibility" = 'public';--> statement-breakpoint
CREATE INDEX "activities_tags_idx" ON "activities" USING gin ("tags");--> statement-breakpoint
CREATE INDEX "activities_title_trgm_idx" ON "activities" USING gin (lower("title") gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "activities_place_idx" ON "activities" USING gist (activity_earth("latitude", "longitude")) WHERE "activities"."latitude" is not null and "activities"."status" = 'scheduled' and "activities"."visibility" = 'public';--> statement-breakpoint
CREATE INDEX "activity_members_order_idx" ON "activity_members" USING btree ("activity_id","status","queued_at","user_id");--> statement-breakpoint
CREATE INDEX "activity_members_user_idx" ON "activity_members" USING btree ("user_id","status","starts_at","activity_id");