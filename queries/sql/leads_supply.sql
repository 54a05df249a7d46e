-- chaingap: 以商招商 leads - the non-local suppliers (or customers) of the city's anchor firms
-- (链主/龙头: a local enterprise some row marks chain_leader), one row per lead firm, anchor,
-- link and product. docs/gap-rules.md, "Leads".
--
-- The link of a lead: the link of the product the supply row names (products.link), else
-- each link the lead firm works in (operations.link, as given); NULL when neither is known.
--
-- Parameters (DuckDB prepared-statement parameters):
--   $kind       'suppliers': firms that supply an anchor; 'customers': firms an anchor supplies
--   $district   NULL, or the district whose firms alone count as local (and so as anchors)
WITH RECURSIVE
district_parts(id) AS (
    SELECT CAST($district AS VARCHAR) WHERE $district IS NOT NULL
    UNION
    SELECT d.id FROM district_parts p JOIN districts d ON d.parent = p.id
),
firms AS (
    SELECT id,
           bool_or(is_local AND ($district IS NULL OR district IN (SELECT id FROM district_parts))) AS is_local,
           bool_or(chain_leader) AS chain_leader,
           min(name) AS name, min(province) AS province
    FROM enterprises
    GROUP BY id
),
anchors AS (SELECT id, name FROM firms WHERE is_local AND chain_leader),
ties AS (
    SELECT DISTINCT CASE WHEN $kind = 'suppliers' THEN supplier ELSE customer END AS lead,
                    CASE WHEN $kind = 'suppliers' THEN customer ELSE supplier END AS anchor,
                    product
    FROM supply
),
found AS (
    SELECT t.lead, t.anchor, a.name AS anchor_name, t.product
    FROM ties t
    JOIN anchors a ON a.id = t.anchor
    LEFT JOIN firms f ON f.id = t.lead
    WHERE NOT coalesce(f.is_local, false)
),
product_links AS (SELECT id, min(name) AS name, list(DISTINCT link) AS links FROM products GROUP BY id),
lead_links AS (SELECT enterprise, list(DISTINCT link) AS links FROM operations GROUP BY enterprise)
SELECT DISTINCT fd.lead, f.name AS lead_name, f.province AS lead_province, fd.anchor, fd.anchor_name,
       unnest(coalesce(pl.links, ll.links, [NULL])) AS link, fd.product, pl.name AS product_name
FROM found fd
LEFT JOIN firms f ON f.id = fd.lead
LEFT JOIN product_links pl ON pl.id = fd.product
LEFT JOIN lead_links ll ON ll.enterprise = fd.lead
ORDER BY link NULLS LAST, url_encode(fd.lead), url_encode(fd.anchor), fd.product NULLS FIRST
