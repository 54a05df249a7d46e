-- chaingap: every ranked list of one analysis in one scored query (docs/gap-rules.md, step 4):
--   kind 'external': recruitment candidates of the links in $target_links - pool members of
--                    the link or a sub-link (never a local firm), top $top_n per link;
--   kind 'local':    firms able to expand (增资扩产) in the links in $expand_links - local
--                    members, scored by fit + size + quality + expansion, top $expand_top_n.
-- Each part is in 0..1 and reported multiplied by its weight; score = the sum of the weighted
-- parts, exact DECIMAL (parts are written as multiplications: k * 0.2, never a division).
-- Order within a list: score descending, then the enterprise IRI ascending (the percent-encoded
-- id, as chaingap.ontology.terms.iri mints it); one window per (kind, link).
--
-- Parameters (DuckDB prepared-statement parameters):
--   $target_links, $expand_links   VARCHAR[] link ids
--   $top_n, $expand_top_n          list lengths
--   $w_fit $w_size $w_quality $w_ties $w_group $w_proximity $w_expansion   weights
--   $p_same $p_neighbouring $p_region $p_other                             proximity values
--   $district                      NULL, or the district whose firms alone count as local
--   $region                        NULL, or the district whose firms, local or pool, count as local
--   $domestic_min, $foreign_min_usd, $framework_counts   which projects count (docs/pipeline.md)
--   $declined_hold_days             days a decline (outreach) holds a firm back (docs/pipeline.md)
-- Small table the engine registers for the run:
--   gap_provinces(province, class)  each province text of the pool that is near the region
--                                   (same_province, neighbouring, same_region); others are 'other'
WITH RECURSIVE
wanted AS (
    SELECT DISTINCT link, 'external' AS kind FROM (SELECT unnest(CAST($target_links AS VARCHAR[])) AS link)
    UNION ALL
    SELECT DISTINCT link, 'local' AS kind FROM (SELECT unnest(CAST($expand_links AS VARCHAR[])) AS link)
),
closure(link, sub) AS (
    SELECT DISTINCT link, link FROM wanted
    UNION
    SELECT c.link, l.id FROM closure c JOIN links l ON l.parent = c.sub
),
district_parts(id) AS (
    SELECT CAST(coalesce($region, $district) AS VARCHAR) WHERE coalesce($region, $district) IS NOT NULL
    UNION
    SELECT d.id FROM district_parts p JOIN districts d ON d.parent = p.id
),
-- the firms that count as local (a firm is local when any of its rows says so)
local_firms AS (
    SELECT DISTINCT id FROM enterprises
    WHERE (is_local OR $region IS NOT NULL) AND (coalesce($region, $district) IS NULL OR district IN (SELECT id FROM district_parts))
),
members AS (
    SELECT c.link, o.enterprise, max(coalesce(o.share, 1)) AS share
    FROM operations o JOIN closure c ON c.sub = o.link
    GROUP BY c.link, o.enterprise
),
-- already recruited: the investors of projects that count (docs/pipeline.md) for the link or a
-- sub-link are not ranked as new candidates there
held_back AS (
    SELECT DISTINCT c.link, p.investor_id AS enterprise FROM projects p
    JOIN project_terms t ON t.dataset = p.dataset AND t.project = p.id
    JOIN project_links pl ON pl.project = p.id
    JOIN closure c ON c.sub = pl.link
    WHERE p.investor_id IS NOT NULL
      AND (p.agreement IS DISTINCT FROM 'framework' OR $framework_counts)
      AND CASE WHEN t.origin = 'foreign' THEN t.investment_usd >= $foreign_min_usd
               ELSE p.investment >= $domestic_min END
),
-- declined lately (docs/pipeline.md, outreach): a firm whose latest contact is a decline less than
-- $declined_hold_days days before its dataset's as_of is not ranked as a candidate anywhere
declined AS (
    SELECT DISTINCT o.enterprise FROM outreach o JOIN dataset d ON d.dataset = o.dataset
    WHERE o.kind = 'declined' AND o.on_date + CAST($declined_hold_days AS INTEGER) > d.as_of
      AND NOT EXISTS (SELECT 1 FROM outreach n WHERE n.enterprise = o.enterprise AND n.kind <> 'declined'
                                                 AND n.on_date > o.on_date)
),
candidates AS (
    SELECT w.kind, m.link, m.enterprise, m.share
    FROM wanted w
    JOIN members m ON m.link = w.link
    LEFT JOIN local_firms lf ON lf.id = m.enterprise
    WHERE (lf.id IS NOT NULL) = (w.kind = 'local')
      AND NOT (w.kind = 'external' AND EXISTS (SELECT 1 FROM held_back h
                                               WHERE h.link = m.link AND h.enterprise = m.enterprise))
      AND NOT (w.kind = 'external' AND m.enterprise IN (SELECT enterprise FROM declined))
),
-- what the score needs of each candidate (a firm listed twice has the largest revenue, a flag
-- when any row sets it, the smallest proximity class of its provinces)
scoring AS (
    SELECT e.id, max(e.revenue) AS revenue, max(e.registered_capital) AS capital, max(e.employees) AS employees,
           bool_or(e.listed) AS listed, bool_or(e.specialised) AS specialised,
           bool_or(e.high_tech) AS high_tech, bool_or(e.chain_leader) AS chain_leader,
           bool_or(coalesce(e.expansion_signal, '') <> '') AS has_signal,
           min(g.class) AS proximity_class
    FROM enterprises e
    SEMI JOIN (SELECT DISTINCT enterprise FROM candidates) c ON c.enterprise = e.id
    LEFT JOIN gap_provinces g ON g.province = e.province
    GROUP BY e.id
),
pool AS (SELECT DISTINCT enterprise FROM candidates WHERE kind = 'external'),
-- 以商招商: distinct local customers and suppliers of a pool firm, and local branches of its group
customers AS (
    SELECT s.supplier AS enterprise, count(DISTINCT s.customer) AS n
    FROM supply s SEMI JOIN pool p ON p.enterprise = s.supplier SEMI JOIN local_firms lf ON lf.id = s.customer
    GROUP BY s.supplier
),
suppliers AS (
    SELECT s.customer AS enterprise, count(DISTINCT s.supplier) AS n
    FROM supply s SEMI JOIN pool p ON p.enterprise = s.customer SEMI JOIN local_firms lf ON lf.id = s.supplier
    GROUP BY s.customer
),
branches AS (
    SELECT e.parent_group AS enterprise, count(DISTINCT e.id) AS n
    FROM enterprises e SEMI JOIN pool p ON p.enterprise = e.parent_group SEMI JOIN local_firms lf ON lf.id = e.id
    GROUP BY e.parent_group
),
described AS (
    SELECT c.kind, c.link, c.enterprise, c.share, f.revenue, f.has_signal,
           -- size on what is known: revenue, else registered capital, else employees (a person
           -- counts as 10万元 on the same decades), else listing (gap-rules step 4)
           CASE WHEN f.revenue IS NOT NULL THEN 'revenue' WHEN f.capital IS NOT NULL THEN 'registered_capital'
                WHEN f.employees IS NOT NULL THEN 'employees'
                WHEN coalesce(f.listed, false) THEN 'listed' ELSE 'none' END AS size_basis,
           coalesce(f.revenue, f.capital, CAST(f.employees AS DECIMAL(38, 8)) * 10, 0) AS r,
           CAST(f.listed AS INTEGER) + CAST(f.specialised AS INTEGER)
             + CAST(f.high_tech AS INTEGER) + CAST(f.chain_leader AS INTEGER) AS flags,
           CASE WHEN c.kind = 'external' THEN coalesce(cu.n, 0) END AS local_customers,
           CASE WHEN c.kind = 'external' THEN coalesce(su.n, 0) END AS local_suppliers,
           CASE WHEN c.kind = 'external' THEN coalesce(br.n, 0) END AS local_branches,
           CASE WHEN c.kind = 'external' THEN coalesce(f.proximity_class, 'other') END AS proximity_class
    FROM candidates c
    JOIN scoring f ON f.id = c.enterprise
    LEFT JOIN customers cu ON cu.enterprise = c.enterprise AND c.kind = 'external'
    LEFT JOIN suppliers su ON su.enterprise = c.enterprise AND c.kind = 'external'
    LEFT JOIN branches br ON br.enterprise = c.enterprise AND c.kind = 'external'
),
parts AS (
    SELECT *,
           $w_fit * share AS fit_part,
           -- decades of revenue (else registered capital, else employees x 10) reached among 100, 1000,
           -- 1e4, 1e5, 1e6 万元, each worth 1/5; a listed firm with none of them counts 3 decades (as 1亿元)
           $w_size * (CASE WHEN size_basis = 'listed' THEN 3
                           ELSE CAST(r >= 100 AS INTEGER) + CAST(r >= 1000 AS INTEGER) + CAST(r >= 10000 AS INTEGER)
                                + CAST(r >= 100000 AS INTEGER) + CAST(r >= 1000000 AS INTEGER) END * 0.2) AS size_part,
           $w_quality * (flags * 0.25) AS quality_part,
           CASE WHEN kind = 'external'
                THEN $w_ties * (least(local_customers + local_suppliers, 2) * 0.5) END AS ties_part,
           CASE WHEN kind = 'external'
                THEN $w_group * CASE WHEN local_branches > 0 THEN 1 ELSE 0 END END AS group_part,
           CASE WHEN kind = 'external'
                THEN $w_proximity * CASE proximity_class WHEN 'same_province' THEN $p_same
                                                         WHEN 'neighbouring' THEN $p_neighbouring
                                                         WHEN 'same_region' THEN $p_region
                                                         ELSE $p_other END END AS proximity_part,
           $w_expansion * CASE WHEN has_signal THEN 1 ELSE 0 END AS expansion_part
    FROM described
),
scored AS (
    SELECT *,
           fit_part + size_part + quality_part + coalesce(ties_part, 0) + coalesce(group_part, 0)
             + coalesce(proximity_part, 0) + expansion_part AS score
    FROM parts
),
-- the n-th best score of each list: only rows at or above it can make the list, so the window
-- sorts those alone (a top-n heap per list, instead of sorting every member of every link)
cut AS (
    SELECT kind, link,
           list_min(list_slice(max(score, greatest($top_n, $expand_top_n, 1)), 1,
                               CASE kind WHEN 'external' THEN $top_n ELSE $expand_top_n END)) AS threshold
    FROM scored
    GROUP BY kind, link
),
ranked AS (
    SELECT s.*, row_number() OVER (PARTITION BY s.kind, s.link ORDER BY s.score DESC, url_encode(s.enterprise)) AS rank
    FROM scored s JOIN cut ON cut.kind = s.kind AND cut.link = s.link
    WHERE s.score >= cut.threshold
),
listed AS (
    SELECT * FROM ranked WHERE rank <= CASE kind WHEN 'external' THEN $top_n ELSE $expand_top_n END
),
-- the words shown with a listed firm: its smallest name, province and expansion signal
named AS (
    SELECT e.id, min(e.name) AS name, min(e.province) AS province, min(nullif(e.expansion_signal, '')) AS signal
    FROM enterprises e SEMI JOIN listed l ON l.enterprise = e.id
    GROUP BY e.id
)
SELECT l.kind, l.link, l.rank, l.enterprise, n.name, n.province, l.revenue, n.signal, l.score,
       l.fit_part, l.size_part, l.quality_part, l.ties_part, l.group_part, l.proximity_part, l.expansion_part,
       l.local_customers, l.local_suppliers, l.local_branches, l.proximity_class, l.size_basis
FROM listed l JOIN named n ON n.id = l.enterprise
ORDER BY l.kind, l.link, l.rank
