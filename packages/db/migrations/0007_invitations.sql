CREATE TYPE "public"."invitation_status" AS ENUM('pending', 'accepted', 'declined', 'cancelled', 'expired');--> statement-breakpoint
ALTER TYPE "public"."message_kind" ADD VALUE 'invitation';--> statement-breakpoint
CREATE TABLE "invitations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"activity_id" uuid NOT NULL,
	"sender_id" uuid NOT NULL,
	"recipient_id" uuid NOT NULL,
	"message" text DEFAULT '' NOT NULL,
	"question" text,
	"status" "invitation_status" DEFAULT 'pending' NOT NULL,
	"reason" text,
	"expires_at" timestamp (3) with time zone NOT NULL,
	"conversation_id" uuid,
	"message_id" uuid,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"responded_at" timestamp (3) with time zone,
	CONSTRAINT "invitations_not_self" CHECK ("invitations"."sender_id" <> "invitations"."recipient_id"),
	CONSTRAINT "invitations_answered" CHECK (("invitations"."status" = 'pending') = ("invitations"."responded_at" is null))
);
--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_activity_id_activities_id_fk" FOREIGN KEY ("activity_id") REFERENCES "public"."activities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_sender_id_users_id_fk" FOREIGN KEY ("sender_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_recipient_id_users_id_fk" FOREIGN KEY ("recipient_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_message_id_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."messages"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "invitations_pending_idx" ON "invitations" USING btree ("activity_id","recipient_id") WHERE "invitations"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "invitations_sender_idx" ON "invitations" USING btree ("sender_id","created_at","id");--> statement-breakpoint
CREATE INDEX "invitations_recipient_idx" ON "invitations" USING btree ("recipient_id","created_at","id");--> statement-breakpoint
CREATE INDEX "invitations_sender_status_idx" ON "invitations" USING btree ("sender_id","status","created_at","id");--> statement-breakpoint
CREATE INDEX "invitations_recipient_status_idx" ON "invitations" USING btree ("recipient_id","status","created_at","id");--> statement-breakpoint
CREATE INDEX "invitations_recipient_pending_idx" ON "invitations" USING btree ("recipient_id","expires_at","id") WHERE "invitations"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "invitations_activity_idx" ON "invitations" USING btree ("activity_id") WHERE "invitations"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "invitations_message_idx" ON "invitations" USING btree ("message_id") WHERE "invitations"."message_id" is not null;--> statement-breakpoint
CREATE INDEX "invitations_conversation_idx" ON "invitations" USING btree ("conversation_id") WHERE "invitations"."conversation_id" is not null;