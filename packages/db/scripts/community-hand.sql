--> statement-breakpoint
-- hand-written below: counts kept by triggers in the same transaction as the
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
