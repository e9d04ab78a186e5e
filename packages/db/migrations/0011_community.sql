CREATE TYPE "public"."circle_category" AS ENUM('Wellness', 'Fitness', 'Creative', 'Social');--> statement-breakpoint
CREATE TYPE "public"."circle_role" AS ENUM('owner', 'moderator', 'member');--> statement-breakpoint
CREATE TYPE "public"."notification_priority" AS ENUM('high', 'medium', 'low');--> statement-breakpoint
CREATE TYPE "public"."notification_type" AS ENUM('friend_request', 'friend_accepted', 'invitation_received', 'invitation_answered', 'session_request_received', 'session_request_answered', 'removed_from_group', 'waitlist_promoted', 'post_reply', 'post_reaction', 'mention', 'circle_suggestion');--> statement-breakpoint
CREATE TYPE "public"."identity_badge" AS ENUM('Connector', 'Creator', 'Thinker', 'Builder', 'Explorer', 'Visionary', 'Calm Presence', 'Funny Friend', 'Listener', 'Leader');--> statement-breakpoint
CREATE TABLE "circle_members" (
	"circle_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"role" "circle_role" DEFAULT 'member' NOT NULL,
	"joined_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "circle_members_circle_id_user_id_pk" PRIMARY KEY("circle_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "circle_post_reactions" (
	"post_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"emoji" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "circle_post_reactions_post_id_user_id_emoji_pk" PRIMARY KEY("post_id","user_id","emoji")
);
--> statement-breakpoint
CREATE TABLE "circle_posts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"circle_id" uuid NOT NULL,
	"author_id" uuid,
	"parent_id" uuid,
	"body" text,
	"attachments" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"mentions" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"client_key" text,
	"reply_count" integer DEFAULT 0 NOT NULL,
	"reaction_counts" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"edited_at" timestamp (3) with time zone,
	"deleted_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "circle_posts_reply_count_nonnegative" CHECK ("circle_posts"."reply_count" >= 0)
);
--> statement-breakpoint
CREATE TABLE "circles" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"category" "circle_category" NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"image_url" text,
	"color" text NOT NULL,
	"created_by" uuid,
	"client_key" text,
	"member_count" integer DEFAULT 0 NOT NULL,
	"post_count" integer DEFAULT 0 NOT NULL,
	"last_post_at" timestamp (3) with time zone,
	"archived_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "circles_counts_nonnegative" CHECK ("circles"."member_count" >= 0 and "circles"."post_count" >= 0),
	CONSTRAINT "circles_color_hex" CHECK ("circles"."color" ~ '^#[0-9a-f]{6}$')
);
--> statement-breakpoint
CREATE TABLE "notification_counts" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"unread" integer DEFAULT 0 NOT NULL,
	"version" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "notification_counts_nonnegative" CHECK ("notification_counts"."unread" >= 0)
);
--> statement-breakpoint
CREATE TABLE "notification_preferences" (
	"user_id" uuid NOT NULL,
	"type" "notification_type" NOT NULL,
	"muted" boolean DEFAULT true NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "notification_preferences_user_id_type_pk" PRIMARY KEY("user_id","type")
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"type" "notification_type" NOT NULL,
	"priority" "notification_priority" NOT NULL,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"action_text" text NOT NULL,
	"link" text NOT NULL,
	"group_key" text,
	"actor_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"actor_count" integer DEFAULT 1 NOT NULL,
	"read_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "notifications_actor_count_positive" CHECK ("notifications"."actor_count" >= 1)
);
--> statement-breakpoint
CREATE TABLE "user_streaks" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"last_active_day" date NOT NULL,
	"current" integer DEFAULT 1 NOT NULL,
	"longest" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "user_streaks_positive" CHECK ("user_streaks"."current" >= 1 and "user_streaks"."longest" >= "user_streaks"."current")
);
--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "circle_id" uuid;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "identity_badge" "identity_badge";--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "age" smallint;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "time_zone" text DEFAULT 'UTC' NOT NULL;--> statement-breakpoint
ALTER TABLE "circle_members" ADD CONSTRAINT "circle_members_circle_id_circles_id_fk" FOREIGN KEY ("circle_id") REFERENCES "public"."circles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "circle_members" ADD CONSTRAINT "circle_members_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "circle_post_reactions" ADD CONSTRAINT "circle_post_reactions_post_id_circle_posts_id_fk" FOREIGN KEY ("post_id") REFERENCES "public"."circle_posts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "circle_post_reactions" ADD CONSTRAINT "circle_post_reactions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "circle_posts" ADD CONSTRAINT "circle_posts_circle_id_circles_id_fk" FOREIGN KEY ("circle_id") REFERENCES "public"."circles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "circle_posts" ADD CONSTRAINT "circle_posts_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "circle_posts" ADD CONSTRAINT "circle_posts_parent_id_circle_posts_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."circle_posts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "circles" ADD CONSTRAINT "circles_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_counts" ADD CONSTRAINT "notification_counts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_preferences" ADD CONSTRAINT "notification_preferences_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_streaks" ADD CONSTRAINT "user_streaks_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "circle_members_user_idx" ON "circle_members" USING btree ("user_id","joined_at","circle_id");--> statement-breakpoint
CREATE INDEX "circle_members_circle_idx" ON "circle_members" USING btree ("circle_id","joined_at","user_id");--> statement-breakpoint
CREATE INDEX "circle_members_role_idx" ON "circle_members" USING btree ("circle_id","role","joined_at","user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "circle_members_one_owner" ON "circle_members" USING btree ("circle_id") WHERE "circle_members"."role" = 'owner';--> statement-breakpoint
CREATE INDEX "circle_post_reactions_user_idx" ON "circle_post_reactions" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "circle_posts_author_client_key" ON "circle_posts" USING btree ("author_id","client_key");--> statement-breakpoint
CREATE INDEX "circle_posts_feed_idx" ON "circle_posts" USING btree ("circle_id","created_at","id") WHERE "circle_posts"."parent_id" is null and "circle_posts"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "circle_posts_replies_idx" ON "circle_posts" USING btree ("parent_id","created_at","id") WHERE "circle_posts"."parent_id" is not null and "circle_posts"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "circle_posts_author_idx" ON "circle_posts" USING btree ("author_id");--> statement-breakpoint
CREATE UNIQUE INDEX "circles_creator_client_key" ON "circles" USING btree ("created_by","client_key");--> statement-breakpoint
CREATE INDEX "circles_category_name_idx" ON "circles" USING btree ("category",lower("name"),"id") WHERE "circles"."archived_at" is null;--> statement-breakpoint
CREATE INDEX "circles_name_idx" ON "circles" USING btree (lower("name"),"id") WHERE "circles"."archived_at" is null;--> statement-breakpoint
CREATE INDEX "circles_name_trgm_idx" ON "circles" USING gin (lower("name") gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "circles_category_popular_idx" ON "circles" USING btree ("category","member_count" DESC NULLS LAST,"id") WHERE "circles"."archived_at" is null;--> statement-breakpoint
CREATE INDEX "notifications_user_idx" ON "notifications" USING btree ("user_id","updated_at","id");--> statement-breakpoint
CREATE INDEX "notifications_unread_idx" ON "notifications" USING btree ("user_id","updated_at","id") WHERE "notifications"."read_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "notifications_unread_group_key" ON "notifications" USING btree ("user_id","group_key") WHERE "notifications"."read_at" is null and "notifications"."group_key" is not null;--> statement-breakpoint
CREATE INDEX "users_interests_idx" ON "users" USING gin ("interests");--> statement-breakpoint
CREATE INDEX "users_city_lower_idx" ON "users" USING btree (lower("city"),"id");--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_adult_age" CHECK ("users"."age" is null or "users"."age" between 18 and 120);--> statement-breakpoint
-- Counts kept by triggers in the same transaction as the
-- change, cascades included, so every count a reader sees is exact.
CREATE FUNCTION "circle_members_keep_count"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    UPDATE circles SET member_count = member_count + 1 WHERE id = NEW.circle_id;
  ELSE
    UPDATE circles SET member_count = member_count - 1 WHERE id = OLD.circle_id;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "circle_members_keep_count" AFTER INSERT OR DELETE ON "circle_members"
FOR EACH ROW EXECUTE FUNCTION circle_members_keep_count();
--> statement-breakpoint
-- A live (not deleted) top-level post counts for its circle, a live reply for its parent.
CREATE FUNCTION "circle_posts_keep_counts"() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  r circle_posts;
  delta integer;
BEGIN
  IF TG_OP = 'INSERT' THEN
    r := NEW; delta := (NEW.deleted_at IS NULL)::integer;
  ELSIF TG_OP = 'DELETE' THEN
    r := OLD; delta := -((OLD.deleted_at IS NULL)::integer);
  ELSE
    r := NEW; delta := (NEW.deleted_at IS NULL)::integer - (OLD.deleted_at IS NULL)::integer;
  END IF;
  IF delta = 0 THEN RETURN NULL; END IF;
  IF r.parent_id IS NULL THEN
    UPDATE circles SET post_count = post_count + delta,
      last_post_at = CASE WHEN delta > 0 THEN greatest(coalesce(last_post_at, r.created_at), r.created_at) ELSE last_post_at END
    WHERE id = r.circle_id;
  ELSE
    UPDATE circle_posts SET reply_count = reply_count + delta WHERE id = r.parent_id;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "circle_posts_keep_counts" AFTER INSERT OR DELETE OR UPDATE OF deleted_at ON "circle_posts"
FOR EACH ROW EXECUTE FUNCTION circle_posts_keep_counts();
--> statement-breakpoint
CREATE FUNCTION "circle_post_reactions_keep_counts"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    UPDATE circle_posts SET reaction_counts = jsonb_set(reaction_counts, array[NEW.emoji],
      to_jsonb(coalesce((reaction_counts->>NEW.emoji)::integer, 0) + 1))
    WHERE id = NEW.post_id;
  ELSE
    UPDATE circle_posts SET reaction_counts = CASE
        WHEN coalesce((reaction_counts->>OLD.emoji)::integer, 0) <= 1 THEN reaction_counts - OLD.emoji
        ELSE jsonb_set(reaction_counts, array[OLD.emoji], to_jsonb((reaction_counts->>OLD.emoji)::integer - 1)) END
    WHERE id = OLD.post_id;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "circle_post_reactions_keep_counts" AFTER INSERT OR DELETE ON "circle_post_reactions"
FOR EACH ROW EXECUTE FUNCTION circle_post_reactions_keep_counts();
--> statement-breakpoint
-- A grouped repeat updates an unread row without touching read_at, so it adds nothing here.
CREATE FUNCTION "notifications_keep_count"() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  uid uuid;
  delta integer;
BEGIN
  IF TG_OP = 'INSERT' THEN
    uid := NEW.user_id; delta := (NEW.read_at IS NULL)::integer;
  ELSIF TG_OP = 'DELETE' THEN
    uid := OLD.user_id; delta := -((OLD.read_at IS NULL)::integer);
  ELSE
    uid := NEW.user_id; delta := (NEW.read_at IS NULL)::integer - (OLD.read_at IS NULL)::integer;
  END IF;
  IF delta > 0 THEN
    INSERT INTO notification_counts AS c (user_id, unread, version) VALUES (uid, delta, 1)
    ON CONFLICT (user_id) DO UPDATE SET unread = c.unread + excluded.unread, version = c.version + 1;
  ELSIF delta < 0 THEN
    UPDATE notification_counts SET unread = unread + delta, version = version + 1 WHERE user_id = uid;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "notifications_keep_count" AFTER INSERT OR DELETE OR UPDATE OF read_at ON "notifications"
FOR EACH ROW EXECUTE FUNCTION notifications_keep_count();
