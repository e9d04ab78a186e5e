CREATE TABLE "collected_cards" (
	"owner_id" uuid NOT NULL,
	"card_user_id" uuid NOT NULL,
	"activity_id" uuid,
	"collected_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "collected_cards_owner_id_card_user_id_pk" PRIMARY KEY("owner_id","card_user_id"),
	CONSTRAINT "collected_cards_not_self" CHECK ("collected_cards"."owner_id" <> "collected_cards"."card_user_id")
);
--> statement-breakpoint
CREATE TABLE "user_cards" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"phone" text,
	"email" text,
	"website" text,
	"instagram" text,
	"linkedin" text,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "collected_cards" ADD CONSTRAINT "collected_cards_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "collected_cards" ADD CONSTRAINT "collected_cards_card_user_id_users_id_fk" FOREIGN KEY ("card_user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "collected_cards" ADD CONSTRAINT "collected_cards_activity_id_activities_id_fk" FOREIGN KEY ("activity_id") REFERENCES "public"."activities"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_cards" ADD CONSTRAINT "user_cards_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "collected_cards_owner_idx" ON "collected_cards" USING btree ("owner_id","collected_at","card_user_id");--> statement-breakpoint
CREATE INDEX "collected_cards_card_user_idx" ON "collected_cards" USING btree ("card_user_id");--> statement-breakpoint
CREATE INDEX "collected_cards_activity_idx" ON "collected_cards" USING btree ("activity_id") WHERE "collected_cards"."activity_id" is not null;