/**
 * Company-profile attributes as buckets: numeric attributes by their quartiles over the profile
 * versions that existed at the window's end (Q1 lowest … Q4 highest), categorical ones as they are.
 * Attributes with too many categories (names, free text) are left out, so the cells stay few.
 */
import { type RawBuilder, sql } from 'kysely';

/** Categorical attributes with more distinct values than this are not bucketed. */
export const MAX_CATEGORIES = 12;
/** At most this many attributes (the most widespread keys). */
export const MAX_ATTRIBUTES = 16;

/**
 * CTEs ending in `profile_buckets(profile_version_id, attribute, bucket)` and
 * `profile_cuts(attribute, cuts)`, for use inside a WITH clause.
 *
 * @example
 * sql`WITH ${profileBucketsCte(window.end)} SELECT * FROM profile_buckets`
 */
export function profileBucketsCte(windowEnd: string): RawBuilder<unknown> {
  return sql`
    profile_attributes AS (
      SELECT p.profile_version_id, a.key AS attribute, a.value,
        CASE WHEN jsonb_typeof(a.value) = 'number' THEN (a.value #>> '{}')::float8 END AS x
      FROM company_profile_versions p, jsonb_each(CASE WHEN jsonb_typeof(p.attributes_json) = 'object' THEN p.attributes_json ELSE '{}'::jsonb END) a
      WHERE p.created_at < ${windowEnd}::timestamptz AND jsonb_typeof(a.value) IN ('number', 'string')
    ),
    attribute_kinds AS (
      SELECT attribute,
        bool_and(jsonb_typeof(value) = 'number') AS numeric,
        count(DISTINCT value) AS distinct_values,
        count(*) AS profiles
      FROM profile_attributes GROUP BY attribute
    ),
    chosen_attributes AS (
      SELECT attribute, numeric FROM attribute_kinds
      WHERE numeric OR distinct_values <= ${MAX_CATEGORIES}
      ORDER BY profiles DESC, attribute LIMIT ${MAX_ATTRIBUTES}
    ),
    profile_cuts AS (
      SELECT a.attribute, percentile_cont(ARRAY[0.25, 0.5, 0.75]) WITHIN GROUP (ORDER BY a.x) AS cuts
      FROM profile_attributes a JOIN chosen_attributes c ON c.attribute = a.attribute AND c.numeric
      GROUP BY a.attribute
    ),
    profile_buckets AS (
      SELECT a.profile_version_id, a.attribute,
        CASE WHEN c.numeric THEN 'Q' || (1 + (a.x > q.cuts[1])::int + (a.x > q.cuts[2])::int + (a.x > q.cuts[3])::int)
             ELSE a.value #>> '{}' END AS bucket
      FROM profile_attributes a
      JOIN chosen_attributes c ON c.attribute = a.attribute
      LEFT JOIN profile_cuts q ON q.attribute = a.attribute
      WHERE NOT c.numeric OR q.cuts IS NOT NULL
    )`;
}
