CREATE TYPE "public"."family_link_status" AS ENUM('pending', 'accepted');--> statement-breakpoint
CREATE TYPE "public"."requester_role" AS ENUM('student', 'parent');--> statement-breakpoint
CREATE TYPE "public"."schedule_type" AS ENUM('one_time', 'recurring');--> statement-breakpoint
CREATE TYPE "public"."session_request_status" AS ENUM('pending', 'accepted', 'rejected', 'cancelled');--> statement-breakpoint
ALTER TYPE "public"."message_kind" ADD VALUE 'session_request';--> statement-breakpoint
CREATE TABLE "family_links" (
	"parent_id" uuid NOT NULL,
	"child_id" uuid NOT NULL,
	"status" "family_link_status" NOT NULL,
	"requested_by" uuid NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"responded_at" timestamp (3) with time zone,
	CONSTRAINT "family_links_parent_id_child_id_pk" PRIMARY KEY("parent_id","child_id"),
	CONSTRAINT "family_links_not_self" CHECK ("family_links"."parent_id" <> "family_links"."child_id"),
	CONSTRAINT "family_links_requester" CHECK ("family_links"."requested_by" in ("family_links"."parent_id", "family_links"."child_id"))
);
--> statement-breakpoint
CREATE TABLE "parent_profiles" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "session_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"requester_id" uuid NOT NULL,
	"requester_role" "requester_role" NOT NULL,
	"student_id" uuid NOT NULL,
	"tutor_id" uuid NOT NULL,
	"package_id" uuid NOT NULL,
	"package" jsonb NOT NULL,
	"conversation_id" uuid NOT NULL,
	"message_id" uuid NOT NULL,
	"note" text,
	"schedule_type" "schedule_type" NOT NULL,
	"days" text[] DEFAULT '{}'::text[] NOT NULL,
	"start_time" text NOT NULL,
	"end_time" text NOT NULL,
	"start_date" date,
	"time_zone" text,
	"counter_offer_price" numeric(12, 2),
	"status" "session_request_status" DEFAULT 'pending' NOT NULL,
	"reject_reason" text,
	"responded_by" uuid,
	"responded_at" timestamp (3) with time zone,
	"client_key" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "session_requests_not_own_tutor" CHECK ("session_requests"."tutor_id" <> "session_requests"."requester_id" and "session_requests"."tutor_id" <> "session_requests"."student_id"),
	CONSTRAINT "session_requests_counter_offer" CHECK ("session_requests"."counter_offer_price" is null or "session_requests"."counter_offer_price" > 0),
	CONSTRAINT "session_requests_responded" CHECK (("session_requests"."status" = 'pending') = ("session_requests"."responded_at" is null) and ("session_requests"."reject_reason" is null or "session_requests"."status" = 'rejected'))
);
--> statement-breakpoint
CREATE TABLE "student_profiles" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"grade_level" text NOT NULL,
	"subjects" text[] DEFAULT '{}'::text[] NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tutor_packages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tutor_id" uuid NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"session_count" integer NOT NULL,
	"minutes_per_session" integer NOT NULL,
	"price" numeric(12, 2) NOT NULL,
	"currency" text NOT NULL,
	"schedule_type" "schedule_type" NOT NULL,
	"client_key" text,
	"archived_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tutor_packages_sessions" CHECK ("tutor_packages"."session_count" between 1 and 500),
	CONSTRAINT "tutor_packages_minutes" CHECK ("tutor_packages"."minutes_per_session" between 15 and 600),
	CONSTRAINT "tutor_packages_price" CHECK ("tutor_packages"."price" >= 0),
	CONSTRAINT "tutor_packages_currency" CHECK ("tutor_packages"."currency" ~ '^[A-Z]{3}$')
);
--> statement-breakpoint
CREATE TABLE "tutor_profiles" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"bio" text DEFAULT '' NOT NULL,
	"subjects" text[] DEFAULT '{}'::text[] NOT NULL,
	"languages" text[] DEFAULT '{}'::text[] NOT NULL,
	"hourly_rate" numeric(12, 2) NOT NULL,
	"currency" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tutor_profiles_rate" CHECK ("tutor_profiles"."hourly_rate" >= 0),
	CONSTRAINT "tutor_profiles_currency" CHECK ("tutor_profiles"."currency" ~ '^[A-Z]{3}$')
);
--> statement-breakpoint
ALTER TABLE "family_links" ADD CONSTRAINT "family_links_parent_id_users_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "family_links" ADD CONSTRAINT "family_links_child_id_users_id_fk" FOREIGN KEY ("child_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "family_links" ADD CONSTRAINT "family_links_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "parent_profiles" ADD CONSTRAINT "parent_profiles_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_requests" ADD CONSTRAINT "session_requests_requester_id_users_id_fk" FOREIGN KEY ("requester_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_requests" ADD CONSTRAINT "session_requests_student_id_users_id_fk" FOREIGN KEY ("student_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_requests" ADD CONSTRAINT "session_requests_tutor_id_users_id_fk" FOREIGN KEY ("tutor_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_requests" ADD CONSTRAINT "session_requests_package_id_tutor_packages_id_fk" FOREIGN KEY ("package_id") REFERENCES "public"."tutor_packages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_requests" ADD CONSTRAINT "session_requests_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_requests" ADD CONSTRAINT "session_requests_message_id_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."messages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_requests" ADD CONSTRAINT "session_requests_responded_by_users_id_fk" FOREIGN KEY ("responded_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "student_profiles" ADD CONSTRAINT "student_profiles_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tutor_packages" ADD CONSTRAINT "tutor_packages_tutor_id_tutor_profiles_user_id_fk" FOREIGN KEY ("tutor_id") REFERENCES "public"."tutor_profiles"("user_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tutor_profiles" ADD CONSTRAINT "tutor_profiles_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "family_links_child_idx" ON "family_links" USING btree ("child_id");--> statement-breakpoint
CREATE UNIQUE INDEX "session_requests_one_pending" ON "session_requests" USING btree ("requester_id","tutor_id","package_id","student_id") WHERE "session_requests"."status" = 'pending';--> statement-breakpoint
CREATE UNIQUE INDEX "session_requests_client_key" ON "session_requests" USING btree ("requester_id","client_key");--> statement-breakpoint
CREATE INDEX "session_requests_sent_idx" ON "session_requests" USING btree ("requester_id","created_at","id");--> statement-breakpoint
CREATE INDEX "session_requests_sent_status_idx" ON "session_requests" USING btree ("requester_id","status","created_at","id");--> statement-breakpoint
CREATE INDEX "session_requests_received_idx" ON "session_requests" USING btree ("tutor_id","created_at","id");--> statement-breakpoint
CREATE INDEX "session_requests_received_status_idx" ON "session_requests" USING btree ("tutor_id","status","created_at","id");--> statement-breakpoint
CREATE INDEX "session_requests_student_idx" ON "session_requests" USING btree ("student_id","created_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "tutor_packages_client_key" ON "tutor_packages" USING btree ("tutor_id","client_key");--> statement-breakpoint
CREATE INDEX "tutor_packages_tutor_idx" ON "tutor_packages" USING btree ("tutor_id","created_at","id");--> statement-breakpoint
CREATE INDEX "tutor_profiles_created_idx" ON "tutor_profiles" USING btree ("created_at","user_id");