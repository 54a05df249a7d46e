-- chaingap: candidates held back from a link's ranked list (docs/pipeline.md, targets): the
-- investor of a project that counts for the link or a sub-link is not ranked there as a new
-- target (queries/sql/rankings.sql, held_back); this lists them, with the project and its stage,
-- so the targets can say "已有项目 P 在「阶段」". One row per link, enterprise and project.
-- Parameters: $domestic_min, $foreign_min_usd, $framework_counts (which projects count).
WITH RECURSIVE
counted AS (
    SELECT DISTINCT p.id, p.name, p.investor_id, p.stage FROM projects p
    JOIN project_terms t ON t.dataset = p.dataset AND t.project = p.id
    WHERE p.investor_id IS NOT NULL
      AND (p.agreement IS DISTINCT FROM 'framework' OR $framework_counts)
      AND CASE WHEN t.origin = 'foreign' THEN t.investment_usd >= $foreign_min_usd
               ELSE p.investment >= $domestic_min END
),
up(link, project) AS (               -- the project's links and every link above them
    SELECT DISTINCT pl.link, pl.project FROM project_links pl JOIN counted c ON c.id = pl.project
    UNION
    SELECT l.parent, u.project FROM up u JOIN links l ON l.id = u.link WHERE l.parent IS NOT NULL
)
SELECT DISTINCT u.link, c.investor_id AS enterprise,
       (SELECT min(e.name) FROM enterprises e WHERE e.id = c.investor_id) AS enterprise_name,
       c.id AS project, c.name AS project_name, c.stage
FROM up u JOIN counted c ON c.id = u.project
ORDER BY u.link, enterprise, project
