-- chaingap: the facts behind one link's counts (explain --evidence): every local member of the
-- link (an operation in $link or a sub-link of it, docs/gap-rules.md "Words"), once per row of
-- record that lists it, with where that row came from - its dataset, file, row and as-of date.
--
-- role: 'chain_leader' (链主/龙头: some row marks it chain_leader), else 'key_supplier' (it
-- supplies a local chain leader: supply), else 'member'.
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
leaders AS (
    SELECT id FROM enterprises GROUP BY id HAVING bool_or(chain_leader)
),
key_suppliers AS (
    SELECT DISTINCT s.supplier AS id FROM supply s
    SEMI JOIN leaders l ON l.id = s.customer SEMI JOIN local_firms lf ON lf.id = s.customer
),
members AS (
    SELECT o.enterprise, max(coalesce(o.share, 1)) AS share, list(DISTINCT o.link ORDER BY o.link) AS via
    FROM operations o JOIN closure c ON c.sub = o.link
    GROUP BY o.enterprise
)
SELECT m.enterprise, e.name,
       CASE WHEN m.enterprise IN (SELECT id FROM leaders) THEN 'chain_leader'
            WHEN m.enterprise IN (SELECT id FROM key_suppliers) THEN 'key_supplier'
            ELSE 'member' END AS role,
       m.share, m.via AS links, e.revenue, e.revenue_original,
       e.dataset, e._file AS file, e._row AS "row", d.as_of, e.source
FROM members m
SEMI JOIN local_firms lf ON lf.id = m.enterprise
JOIN enterprises e ON e.id = m.enterprise
LEFT JOIN dataset d ON d.dataset = e.dataset
ORDER BY url_encode(m.enterprise), e.dataset, e._row
