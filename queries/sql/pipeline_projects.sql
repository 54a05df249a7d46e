-- chaingap: the projects the pipeline figures read (docs/pipeline.md), one row per project that
-- counts, with its signing date, the furthest stage it reached by $as_of, its investment, its
-- manufacturing and key-chain flags, and its credit weight for $district (1 for the whole city).
--
-- Parameters (prepared-statement parameters, never pasted into this text):
--   $domestic_min, $foreign_min_usd, $framework_counts  which projects count
--   $as_of      stages are read as of this date (events on or before it)
--   $district   NULL: the whole city; else the district (or one of its parts) credited
-- Small table the engine registers for the run:
--   gap_stage_orders(stage, stage_order)   chaingap.ontology.vocab.STAGES
WITH RECURSIVE
parts(part, whole) AS (              -- a district and every district inside it (cg:partOf*)
    SELECT id, id FROM districts
    UNION
    SELECT d.id, p.whole FROM districts d JOIN parts p ON d.parent = p.part
),
counted AS (
    SELECT DISTINCT p.id, p.district, p.investment, t.manufacturing, t.key_chain FROM projects p
    JOIN project_terms t ON t.dataset = p.dataset AND t.project = p.id
    WHERE (p.agreement IS DISTINCT FROM 'framework' OR $framework_counts)
      AND CASE WHEN t.origin = 'foreign' THEN t.investment_usd >= $foreign_min_usd
               ELSE p.investment >= $domestic_min END
),
signing AS (
    SELECT project, min(on_date) AS signed_on FROM stage_events WHERE stage = 'signed' GROUP BY project
),
reached AS (                         -- the furthest stage of each project on $as_of
    SELECT e.project, max(s.stage_order) AS stage_order
    FROM stage_events e JOIN gap_stage_orders s ON s.stage = e.stage
    WHERE e.on_date <= $as_of GROUP BY e.project
),
first_move AS (                      -- the district a transferred project came from first
    SELECT project, arg_min(from_district, on_date) AS origin, sum(credit) AS given
    FROM (SELECT DISTINCT project, on_date, from_district, to_district, credit FROM project_transfers)
    GROUP BY project
),
credit AS (                          -- project, district, share of the project's credit
    SELECT c.id AS project, c.district, 1.0::DECIMAL(18, 8) AS share FROM counted c
    WHERE c.id NOT IN (SELECT project FROM first_move)
    UNION ALL
    SELECT f.project, f.origin, (1 - f.given)::DECIMAL(18, 8) FROM first_move f
    UNION ALL
    SELECT DISTINCT t.project, t.to_district, t.credit FROM (SELECT DISTINCT project, on_date, to_district, credit
                                                             FROM project_transfers) t
),
weight AS (
    SELECT c.id AS project,
           CASE WHEN $district IS NULL THEN 1.0::DECIMAL(18, 8)
                ELSE coalesce((SELECT sum(k.share) FROM credit k JOIN parts p ON p.part = k.district
                               WHERE k.project = c.id AND p.whole = $district), 0)::DECIMAL(18, 8) END AS weight
    FROM counted c
)
SELECT c.id AS project, s.signed_on, coalesce(r.stage_order, -1) AS stage_order, c.investment,
       c.manufacturing, c.key_chain, w.weight
FROM counted c
JOIN signing s ON s.project = c.id
JOIN weight w ON w.project = c.id
LEFT JOIN reached r ON r.project = c.id
WHERE w.weight > 0 AND s.signed_on <= $as_of
ORDER BY c.id
