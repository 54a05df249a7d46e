-- chaingap: the facts behind one link's counts (explain --evidence): every local member of the
-- link (an operation in $link or a sub-link of it, docs/gap-rules.md "Words"), once per row of
-- record that lists it, with where that row came from - its dataset, file, row and as-of date.
--
-- Parameters: $link (link id); $district NULL, or the district whose firms alone count as local.
WITH RECURSIVE
closure(sub) AS (
    SELECT CAST($link AS VARCHAR)
    UNION
    SELECT l.id FROM closure c JOIN links l ON l.parent = c.sub
),
district_parts(id) AS (
    SELECT CAST($district AS VARCHAR) WHERE $district IS NOT NULL
    UNION
    SELECT d.id FROM district_parts p JOIN districts d ON d.parent = p.id
),
local_firms AS (
    SELECT id FROM enterprises
    GROUP BY id
    HAVING bool_or(is_local AND ($district IS NULL OR district IN (SELECT id FROM district_parts)))
),
members AS (
    SELECT o.enterprise, max(coalesce(o.share, 1)) AS share, list(DISTINCT o.link ORDER BY o.link) AS via
    FROM operations o JOIN closure c ON c.sub = o.link
    GROUP BY o.enterprise
)
SELECT m.enterprise, e.name, m.share, m.via AS links, e.revenue, e.revenue_original,
       e.dataset, e._file AS file, e._row AS "row", d.as_of, e.source
FROM members m
SEMI JOIN local_firms lf ON lf.id = m.enterprise
JOIN enterprises e ON e.id = m.enterprise
LEFT JOIN dataset d ON d.dataset = e.dataset
ORDER BY url_encode(m.enterprise), e.dataset, e._row
