CREATE TABLE "rating_summaries" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"count" integer DEFAULT 0 NOT NULL,
	"total" integer DEFAULT 0 NOT NULL,
	"ones" integer DEFAULT 0 NOT NULL,
	"twos" integer DEFAULT 0 NOT NULL,
	"threes" integer DEFAULT 0 NOT NULL,
	"fours" integer DEFAULT 0 NOT NULL,
	"fives" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "rating_summaries_counts" CHECK ("rating_summaries"."count" = "rating_summaries"."ones" + "rating_summaries"."twos" + "rating_summaries"."threes" + "rating_summaries"."fours" + "rating_summaries"."fives" and "rating_summaries"."count" >= 0),
	CONSTRAINT "rating_summaries_total" CHECK ("rating_summaries"."total" = "rating_summaries"."ones" + 2 * "rating_summaries"."twos" + 3 * "rating_summaries"."threes" + 4 * "rating_summaries"."fours" + 5 * "rating_summaries"."fives")
);
--> statement-breakpoint
CREATE TABLE "ratings" (
	"activity_id" uuid NOT NULL,
	"rater_id" uuid NOT NULL,
	"rated_id" uuid NOT NULL,
	"score" integer NOT NULL,
	"comment" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ratings_activity_id_rater_id_rated_id_pk" PRIMARY KEY("activity_id","rater_id","rated_id"),
	CONSTRAINT "ratings_score" CHECK ("ratings"."score" between 1 and 5),
	CONSTRAINT "ratings_not_self" CHECK ("ratings"."rater_id" <> "ratings"."rated_id")
);
--> statement-breakpoint
ALTER TABLE "rating_summaries" ADD CONSTRAINT "rating_summaries_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ratings" ADD CONSTRAINT "ratings_activity_id_activities_id_fk" FOREIGN KEY ("activity_id") REFERENCES "public"."activities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ratings" ADD CONSTRAINT "ratings_rater_id_users_id_fk" FOREIGN KEY ("rater_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ratings" ADD CONSTRAINT "ratings_rated_id_users_id_fk" FOREIGN KEY ("rated_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "ratings_rated_idx" ON "ratings" USING btree ("rated_id","created_at","activity_id","rater_id");--> statement-breakpoint
CREATE INDEX "ratings_rater_idx" ON "ratings" USING btree ("rater_id");--> statement-breakpoint
-- The public summary of a user's ratings is kept by trigger, in the same
-- transaction as every insert, edit and delete of a rating, cascades
-- included (a rater's account deleted takes their ratings out of the sums).
-- A decrement never inserts: the row may be going with its user.
CREATE FUNCTION "rating_summaries_add"(rated uuid, score integer, delta integer) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  IF delta > 0 THEN
    INSERT INTO rating_summaries AS s (user_id, count, total, ones, twos, threes, fours, fives)
    VALUES (rated, delta, delta * score,
      CASE WHEN score = 1 THEN delta ELSE 0 END, CASE WHEN score = 2 THEN delta ELSE 0 END,
      CASE WHEN score = 3 THEN delta ELSE 0 END, CASE WHEN score = 4 THEN delta ELSE 0 END,
      CASE WHEN score = 5 THEN delta ELSE 0 END)
    ON CONFLICT (user_id) DO UPDATE SET
      count = s.count + excluded.count, total = s.total + excluded.total,
      ones = s.ones + excluded.ones, twos = s.twos + excluded.twos, threes = s.threes + excluded.threes,
      fours = s.fours + excluded.fours, fives = s.fives + excluded.fives;
  ELSE
    UPDATE rating_summaries SET
      count = count + delta, total = total + delta * score,
      ones = ones + CASE WHEN score = 1 THEN delta ELSE 0 END, twos = twos + CASE WHEN score = 2 THEN delta ELSE 0 END,
      threes = threes + CASE WHEN score = 3 THEN delta ELSE 0 END, fours = fours + CASE WHEN score = 4 THEN delta ELSE 0 END,
      fives = fives + CASE WHEN score = 5 THEN delta ELSE 0 END
    WHERE user_id = rated;
  END IF;
END $$;
--> statement-breakpoint
CREATE FUNCTION "ratings_keep_summaries"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN PERFORM rating_summaries_add(OLD.rated_id, OLD.score, -1); END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN PERFORM rating_summaries_add(NEW.rated_id, NEW.score, 1); END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "ratings_keep_summaries" AFTER INSERT OR UPDATE OF score, rated_id OR DELETE ON "ratings"
FOR EACH ROW EXECUTE FUNCTION ratings_keep_summaries();
