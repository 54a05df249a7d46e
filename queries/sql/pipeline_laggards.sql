-- chaingap: laggards (未按约定推进项目, docs/pipeline.md) on $as_of: the projects that count, past
-- a committed date, whose commitment is not met. One row per project and commitment kind:
--   committed  the amount of the latest `committed` row of that kind due on or before $as_of
--              (investment: the cumulative amount due by then; output_per_mu, tax: the level due)
--   actual     the amount of the latest `actual` row of that kind on or before $as_of (0 when none)
--   gap        committed - actual (> 0: a laggard)
-- Reads pipeline_base (pipeline_projects.sql for $as_of and the district: the projects that count,
-- signed by $as_of, credited to the district) and project_commitments. Parameters: $as_of.
WITH facts AS (SELECT DISTINCT project, kind, record, on_date, amount FROM project_commitments),
due AS (
    SELECT project, kind, max(on_date) AS due_on,
           first(amount ORDER BY on_date DESC, amount DESC) AS committed
    FROM facts WHERE record = 'committed' AND on_date <= $as_of GROUP BY project, kind
),
reached AS (
    SELECT project, kind, max(on_date) AS actual_on,
           first(amount ORDER BY on_date DESC, amount DESC) AS actual
    FROM facts WHERE record = 'actual' AND on_date <= $as_of GROUP BY project, kind
),
named AS (SELECT DISTINCT id, name, district FROM projects)
SELECT b.project, n.name, n.district, d.kind, d.due_on, d.committed,
       coalesce(r.actual, 0)::DECIMAL(38, 8) AS actual, r.actual_on,
       (d.committed - coalesce(r.actual, 0))::DECIMAL(38, 8) AS gap, b.weight
FROM pipeline_base b
JOIN due d ON d.project = b.project
LEFT JOIN reached r ON r.project = d.project AND r.kind = d.kind
JOIN named n ON n.id = b.project
WHERE coalesce(r.actual, 0) < d.committed
ORDER BY n.district, gap DESC, b.project, d.kind
