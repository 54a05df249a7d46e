-- chaingap: the projects behind one link's pipeline (explain --evidence): every project with a
-- current stage that targets $link or a sub-link of it, once per row of record, with its stage,
-- the date it reached that stage (when the stage table gives one) and where the rows came from.
--
-- Parameters: $link (link id).
WITH RECURSIVE
closure(sub) AS (
    SELECT CAST($link AS VARCHAR)
    UNION
    SELECT l.id FROM closure c JOIN links l ON l.parent = c.sub
),
targeted AS (
    SELECT DISTINCT pl.project FROM project_links pl JOIN closure c ON c.sub = pl.link
)
SELECT p.id AS project, p.name, p.stage, ev.on_date AS stage_date, p.investment, p.investment_original,
       p.dataset, p._file AS file, p._row AS "row", ev._file AS stage_file, ev._row AS stage_row, d.as_of, p.source
FROM projects p
SEMI JOIN targeted t ON t.project = p.id
LEFT JOIN stage_events ev ON ev.dataset = p.dataset AND ev.project = p.id AND ev.stage = p.stage
LEFT JOIN dataset d ON d.dataset = p.dataset
WHERE p.stage IS NOT NULL
ORDER BY p.id, p.dataset, p._row
