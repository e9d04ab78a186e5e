-- Trigram search over names (users_name_trgm_idx). pg_trgm is a trusted
-- extension: a database owner may create it without being a superuser.
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
CREATE TABLE "connection_counts" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"followers" integer DEFAULT 0 NOT NULL,
	"following" integer DEFAULT 0 NOT NULL,
	"friends" integer DEFAULT 0 NOT NULL,
	"pending_received" integer DEFAULT 0 NOT NULL,
	"pending_sent" integer DEFAULT 0 NOT NULL,
	"blocked" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "connection_counts_nonnegative" CHECK (least("connection_counts"."followers", "connection_counts"."following", "connection_counts"."friends", "connection_counts"."pending_received", "connection_counts"."pending_sent", "connection_counts"."blocked") >= 0)
);--> statement-breakpoint
DROP INDEX "connections_requester_idx";--> statement-breakpoint
DROP INDEX "connections_addressee_idx";--> statement-breakpoint
ALTER TABLE "conversation_members" ADD COLUMN "last_activity_at" timestamp (3) with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
-- Existing members take their conversation's latest activity, as every send
-- will keep them from now on.
UPDATE "conversation_members" AS "cm" SET "last_activity_at" = "c"."last_activity_at"
FROM "conversations" AS "c" WHERE "c"."id" = "cm"."conversation_id";--> statement-breakpoint
ALTER TABLE "connection_counts" ADD CONSTRAINT "connection_counts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "connections" ADD CONSTRAINT "connections_settled_kinds" CHECK ("connections"."type" = 'friend' or "connections"."status" = 'accepted');--> statement-breakpoint
CREATE INDEX "conversation_members_inbox_idx" ON "conversation_members" USING btree ("user_id","last_activity_at","conversation_id") WHERE "conversation_members"."archived_at" is null;--> statement-breakpoint
CREATE INDEX "conversation_members_archive_idx" ON "conversation_members" USING btree ("user_id","last_activity_at","conversation_id") WHERE "conversation_members"."archived_at" is not null;--> statement-breakpoint
CREATE INDEX "connections_pair_idx" ON "connections" USING btree ("requester_id","addressee_id");--> statement-breakpoint
CREATE INDEX "users_name_trgm_idx" ON "users" USING gin (lower("name") gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "connections_requester_idx" ON "connections" USING btree ("requester_id","type","status","created_at","id","addressee_id");--> statement-breakpoint
CREATE INDEX "connections_addressee_idx" ON "connections" USING btree ("addressee_id","type","status","created_at","id","requester_id");
--> statement-breakpoint
-- Adds one connection's share to its two users' counts (delta 1) or takes it
-- away (delta -1). The two rows are touched in user-id order, so concurrent
-- changes to pairs that share a user queue instead of deadlocking. Taking away
-- never inserts: when a user is deleted, the cascade may already have removed
-- their counts row, and there is nothing left to correct.
CREATE FUNCTION "connection_counts_add"(requester uuid, addressee uuid, kind connection_type, state connection_status, delta integer)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  side record;
BEGIN
  FOR side IN
    SELECT u.id,
      (kind = 'follow' AND u.id = addressee)::int * delta AS followers,
      (kind = 'follow' AND u.id = requester)::int * delta AS following,
      (kind = 'friend' AND state = 'accepted')::int * delta AS friends,
      (kind = 'friend' AND state = 'pending' AND u.id = addressee)::int * delta AS pending_received,
      (kind = 'friend' AND state = 'pending' AND u.id = requester)::int * delta AS pending_sent,
      (kind = 'block' AND u.id = requester)::int * delta AS blocked
    FROM (VALUES (requester), (addressee)) AS u(id)
    ORDER BY u.id
  LOOP
    CONTINUE WHEN side.followers = 0 AND side.following = 0 AND side.friends = 0
      AND side.pending_received = 0 AND side.pending_sent = 0 AND side.blocked = 0;
    IF delta > 0 THEN
      INSERT INTO connection_counts AS c (user_id, followers, following, friends, pending_received, pending_sent, blocked)
      VALUES (side.id, side.followers, side.following, side.friends, side.pending_received, side.pending_sent, side.blocked)
      ON CONFLICT (user_id) DO UPDATE SET
        followers = c.followers + excluded.followers,
        following = c.following + excluded.following,
        friends = c.friends + excluded.friends,
        pending_received = c.pending_received + excluded.pending_received,
        pending_sent = c.pending_sent + excluded.pending_sent,
        blocked = c.blocked + excluded.blocked;
    ELSE
      UPDATE connection_counts AS c SET
        followers = c.followers + side.followers,
        following = c.following + side.following,
        friends = c.friends + side.friends,
        pending_received = c.pending_received + side.pending_received,
        pending_sent = c.pending_sent + side.pending_sent,
        blocked = c.blocked + side.blocked
      WHERE c.user_id = side.id;
    END IF;
  END LOOP;
END $$;
--> statement-breakpoint
CREATE FUNCTION "connections_keep_counts"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND (OLD.requester_id, OLD.addressee_id, OLD.type, OLD.status) = (NEW.requester_id, NEW.addressee_id, NEW.type, NEW.status) THEN
    RETURN NULL;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM connection_counts_add(OLD.requester_id, OLD.addressee_id, OLD.type, OLD.status, -1);
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    PERFORM connection_counts_add(NEW.requester_id, NEW.addressee_id, NEW.type, NEW.status, 1);
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- Created before the backfill, in the migration's transaction: the trigger's
-- lock on connections holds every concurrent write until the counts below are
-- committed, so none is counted twice or missed.
CREATE TRIGGER "connections_keep_counts" AFTER INSERT OR UPDATE OR DELETE ON "connections"
FOR EACH ROW EXECUTE FUNCTION "connections_keep_counts"();
--> statement-breakpoint
INSERT INTO "connection_counts" ("user_id", "followers", "following", "friends", "pending_received", "pending_sent", "blocked")
SELECT "user_id",
  count(*) FILTER (WHERE "type" = 'follow' AND NOT "outgoing"),
  count(*) FILTER (WHERE "type" = 'follow' AND "outgoing"),
  count(*) FILTER (WHERE "type" = 'friend' AND "status" = 'accepted'),
  count(*) FILTER (WHERE "type" = 'friend' AND "status" = 'pending' AND NOT "outgoing"),
  count(*) FILTER (WHERE "type" = 'friend' AND "status" = 'pending' AND "outgoing"),
  count(*) FILTER (WHERE "type" = 'block' AND "outgoing")
FROM (
  SELECT "requester_id" AS "user_id", "type", "status", true AS "outgoing" FROM "connections"
  UNION ALL
  SELECT "addressee_id", "type", "status", false FROM "connections"
) AS "sides"
GROUP BY "user_id";
