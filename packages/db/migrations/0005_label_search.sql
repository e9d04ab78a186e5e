-- A label list lowercased, for matching subjects and languages whatever
-- their case ("Maths", "maths"). Immutable, so an index can be built on it.
CREATE FUNCTION "lower_labels"(labels text[]) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
RETURN (SELECT coalesce(array_agg(lower(label)), '{}') FROM unnest(labels) AS label);
--> statement-breakpoint
CREATE INDEX "tutor_profiles_subjects_idx" ON "tutor_profiles" USING gin (lower_labels("subjects"));--> statement-breakpoint
CREATE INDEX "tutor_profiles_languages_idx" ON "tutor_profiles" USING gin (lower_labels("languages"));