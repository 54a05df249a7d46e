-- chaingap: projects signed in a period (docs/pipeline.md): count, investment, the same period a
-- year before, growth, share of the year's target, manufacturing and key-chain shares.
-- Reads pipeline_base (the rows of pipeline_projects.sql, as of $period_to) and targets.
-- Parameters: $period_from, $period_to (dates, inclusive), $district (NULL: the whole city).
-- Counts are credit-weighted sums (whole numbers for the city); ratios are NULL without a base.
WITH
this AS (SELECT * FROM pipeline_base WHERE signed_on BETWEEN $period_from AND $period_to),
prev AS (SELECT * FROM pipeline_base
         WHERE signed_on BETWEEN ($period_from - INTERVAL 1 YEAR)::DATE AND ($period_to - INTERVAL 1 YEAR)::DATE),
goal AS (SELECT max(projects) AS projects, max(investment) AS investment FROM targets
         WHERE year = year($period_to::DATE) AND district IS NOT DISTINCT FROM $district),
f AS (
    SELECT (SELECT coalesce(sum(weight), 0) FROM this) AS projects,
           (SELECT coalesce(sum(weight * investment), 0) FROM this) AS investment,
           (SELECT coalesce(sum(weight), 0) FROM prev) AS projects_before,
           (SELECT coalesce(sum(weight * investment), 0) FROM prev) AS investment_before,
           (SELECT coalesce(sum(weight), 0) FROM this WHERE manufacturing) AS manufacturing,
           (SELECT coalesce(sum(weight), 0) FROM this WHERE key_chain) AS key_chain,
           (SELECT projects FROM goal) AS target_projects,
           (SELECT investment FROM goal) AS target_investment,
           (SELECT coalesce(list(project ORDER BY project), []) FROM this) AS project_ids,
           (SELECT coalesce(list(project ORDER BY project), []) FROM prev) AS project_ids_before
)
SELECT projects, investment, projects_before, investment_before,
       (projects - projects_before) / nullif(projects_before, 0) AS projects_growth,
       (investment - investment_before) / nullif(investment_before, 0) AS investment_growth,
       target_projects, projects / nullif(target_projects, 0) AS projects_of_target,
       target_investment, investment / nullif(target_investment, 0) AS investment_of_target,
       manufacturing, manufacturing / nullif(projects, 0) AS manufacturing_share,
       key_chain, key_chain / nullif(projects, 0) AS key_chain_share,
       project_ids, project_ids_before
FROM f
