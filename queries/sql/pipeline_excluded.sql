-- chaingap: the projects signed in [$period_from, $period_to] that do NOT count (docs/pipeline.md,
-- which projects count), for the monthly report to say how many were left out and why. They are
-- kept in the tables and shown, never counted. Exactly the complement of `counted` in
-- pipeline_projects.sql among the projects signed in the period; one reason each, first match:
--   framework        a framework agreement (框架协议) while $framework_counts is false
--   no_amount        no amount (domestic), or a foreign project without an amount in 美元 (no USD rate)
--   below_threshold  the amount is below the threshold of its origin
-- Parameters: $domestic_min, $foreign_min_usd, $framework_counts; $period_from, $period_to.
WITH signing AS (SELECT project, min(on_date) AS signed_on FROM stage_events WHERE stage = 'signed' GROUP BY project),
judged AS (
    SELECT DISTINCT p.id, p.name, p.district, p.investment, p.investment_original, t.origin, s.signed_on,
           CASE WHEN p.agreement = 'framework' AND NOT $framework_counts THEN 'framework'
                WHEN (CASE WHEN t.origin = 'foreign' THEN t.investment_usd ELSE p.investment END) IS NULL THEN 'no_amount'
                WHEN CASE WHEN t.origin = 'foreign' THEN t.investment_usd < $foreign_min_usd
                          ELSE p.investment < $domestic_min END THEN 'below_threshold' END AS reason
    FROM projects p
    JOIN project_terms t ON t.dataset = p.dataset AND t.project = p.id
    JOIN signing s ON s.project = p.id
    WHERE s.signed_on BETWEEN $period_from AND $period_to
)
SELECT id AS project, name, district, signed_on, investment, investment_original, origin, reason
FROM judged WHERE reason IS NOT NULL
ORDER BY signed_on, id
