-- chaingap: the landing, start and statistics-entry rates of a signing cohort (docs/pipeline.md):
-- of the projects that count signed in [$cohort_from, $cohort_to], the share that reached
-- landed (落地), started (开工) and in_statistics (列统) by the as-of date of pipeline_base.
-- Reads pipeline_base (pipeline_projects.sql as of $as_of). One row per rate, with its
-- numerator, denominator (credit-weighted) and the project ids of both.
-- Parameters: $cohort_from, $cohort_to; the stage orders $landed, $started, $in_statistics.
WITH cohort AS (SELECT * FROM pipeline_base WHERE signed_on BETWEEN $cohort_from AND $cohort_to),
rates(rate, stage_order, pos) AS (VALUES ('landing', $landed, 1), ('start', $started, 2),
                                         ('statistics', $in_statistics, 3))
SELECT r.rate,
       (SELECT coalesce(sum(weight), 0) FROM cohort WHERE stage_order >= r.stage_order) AS numerator,
       (SELECT coalesce(sum(weight), 0) FROM cohort) AS denominator,
       (SELECT coalesce(sum(weight), 0) FROM cohort WHERE stage_order >= r.stage_order)
           / nullif((SELECT sum(weight) FROM cohort), 0) AS rate_value,
       (SELECT coalesce(list(project ORDER BY project), []) FROM cohort WHERE stage_order >= r.stage_order) AS reached,
       (SELECT coalesce(list(project ORDER BY project), []) FROM cohort) AS cohort
FROM rates r ORDER BY r.pos
