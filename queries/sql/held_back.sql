-- chaingap: candidates held back from a link's ranked list (docs/pipeline.md, targets), and why:
--   reason 'project':  the investor of a project that counts for the link or a sub-link is not
--                      ranked there as a new target (queries/sql/rankings.sql, held_back); listed
--                      with the project and its stage ("已有项目 P 在「阶段」");
--   reason 'declined': a pool firm whose latest outreach is a decline less than
--                      $declined_hold_days days before its dataset's as_of is ranked nowhere
--                      (rankings.sql, declined); listed for every link it works in, with the
--                      date of the decline and the day the hold ends (declined_on + the days).
-- One row per link, enterprise and project (or decline).
-- Parameters: $domestic_min, $foreign_min_usd, $framework_counts (which projects count),
-- $declined_hold_days.
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
),
declined AS (                        -- the latest decline still holding each firm back
    SELECT o.enterprise, max(o.on_date) AS on_date FROM outreach o JOIN dataset d ON d.dataset = o.dataset
    WHERE o.kind = 'declined' AND o.on_date + CAST($declined_hold_days AS INTEGER) > d.as_of
      AND NOT EXISTS (SELECT 1 FROM outreach n WHERE n.enterprise = o.enterprise AND n.kind <> 'declined'
                                                 AND n.on_date > o.on_date)
      AND o.enterprise NOT IN (SELECT id FROM enterprises WHERE is_local)
    GROUP BY o.enterprise
),
works(link, enterprise) AS (         -- the links a declined firm works in and every link above them
    SELECT DISTINCT op.link, op.enterprise FROM operations op JOIN declined d ON d.enterprise = op.enterprise
    UNION
    SELECT l.parent, w.enterprise FROM works w JOIN links l ON l.id = w.link WHERE l.parent IS NOT NULL
)
SELECT link, enterprise, (SELECT min(e.name) FROM enterprises e WHERE e.id = enterprise) AS enterprise_name,
       project, project_name, stage, reason, declined_on, held_until
FROM (
    SELECT DISTINCT u.link, c.investor_id AS enterprise, c.id AS project, c.name AS project_name, c.stage,
           'project' AS reason, CAST(NULL AS DATE) AS declined_on, CAST(NULL AS DATE) AS held_until
    FROM up u JOIN counted c ON c.id = u.project
    UNION ALL
    SELECT w.link, w.enterprise, NULL, NULL, NULL, 'declined', d.on_date,
           CAST(d.on_date + CAST($declined_hold_days AS INTEGER) AS DATE)
    FROM works w JOIN declined d ON d.enterprise = w.enterprise
)
ORDER BY link, enterprise, reason DESC, project
