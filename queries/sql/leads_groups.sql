-- chaingap: group leads - the parent groups of local branches that are themselves outside the
-- region and work in links the city lacks or is weak in (the links in $links), one row per
-- group, link and local branch. docs/gap-rules.md, "Leads".
--
-- A group works in link L when it is a member of L (an operation in L or a sub-link of it,
-- as in the gap rules).
--
-- Parameters (DuckDB prepared-statement parameters):
--   $links      VARCHAR[] the links whose status asks for recruitment (the profile's targets.statuses)
--   $district   NULL, or the district whose firms alone count as local
WITH RECURSIVE
district_parts(id) AS (
    SELECT CAST($district AS VARCHAR) WHERE $district IS NOT NULL
    UNION
    SELECT d.id FROM district_parts p JOIN districts d ON d.parent = p.id
),
firms AS (
    SELECT id,
           bool_or(is_local AND ($district IS NULL OR district IN (SELECT id FROM district_parts))) AS is_local,
           min(name) AS name, min(province) AS province
    FROM enterprises
    GROUP BY id
),
branches AS (
    SELECT DISTINCT e.parent_group AS grp, e.id AS branch
    FROM enterprises e JOIN firms f ON f.id = e.id
    WHERE f.is_local AND e.parent_group IS NOT NULL
),
wanted AS (SELECT DISTINCT unnest(CAST($links AS VARCHAR[])) AS link),
closure(link, sub) AS (
    SELECT link, link FROM wanted
    UNION
    SELECT c.link, l.id FROM closure c JOIN links l ON l.parent = c.sub
),
members AS (
    SELECT DISTINCT c.link, o.enterprise
    FROM operations o JOIN closure c ON c.sub = o.link
    SEMI JOIN branches b ON b.grp = o.enterprise
)
SELECT DISTINCT b.grp AS "group", g.name AS group_name, g.province AS group_province, m.link,
       b.branch, f.name AS branch_name
FROM branches b
JOIN members m ON m.enterprise = b.grp
LEFT JOIN firms g ON g.id = b.grp
JOIN firms f ON f.id = b.branch
WHERE NOT coalesce(g.is_local, false)
ORDER BY m.link, url_encode(b.grp), url_encode(b.branch)
