-- chaingap: what happened to the projects that count (docs/pipeline.md) in [$period_from,
-- $period_to], for the monthly district report: signings, later stage events and transfers.
-- One row per fact: kind ('signed' | 'stage' | 'transfer'), the project, its name, its
-- district now, the stage and date, the districts of a transfer and the credit moved.
-- Parameters: $domestic_min, $foreign_min_usd, $framework_counts; $period_from, $period_to.
WITH counted AS (
    SELECT DISTINCT p.id, p.name, p.district, p.investment FROM projects p
    JOIN project_terms t ON t.dataset = p.dataset AND t.project = p.id
    WHERE (p.agreement IS DISTINCT FROM 'framework' OR $framework_counts)
      AND CASE WHEN t.origin = 'foreign' THEN t.investment_usd >= $foreign_min_usd
               ELSE p.investment >= $domestic_min END
),
signing AS (SELECT project, min(on_date) AS signed_on FROM stage_events WHERE stage = 'signed' GROUP BY project)
SELECT 'signed' AS kind, c.id AS project, c.name, c.district, 'signed' AS stage, s.signed_on AS on_date,
       NULL::VARCHAR AS from_district, NULL::VARCHAR AS to_district, NULL::DECIMAL(18, 8) AS credit, c.investment
FROM counted c JOIN signing s ON s.project = c.id
WHERE s.signed_on BETWEEN $period_from AND $period_to
UNION ALL
SELECT DISTINCT 'stage', c.id, c.name, c.district, e.stage, e.on_date, NULL, NULL, NULL, c.investment
FROM counted c JOIN stage_events e ON e.project = c.id
WHERE e.stage <> 'signed' AND e.on_date BETWEEN $period_from AND $period_to
UNION ALL
SELECT DISTINCT 'transfer', c.id, c.name, c.district, NULL, t.on_date, t.from_district, t.to_district, t.credit,
       c.investment
FROM counted c JOIN project_transfers t ON t.project = c.id
WHERE t.on_date BETWEEN $period_from AND $period_to
ORDER BY 1, 6, 2
