-- chaingap: status of every link (missing, being_filled, weak, normal, strong,
-- insufficient_evidence, no_data), the numbers
-- behind it and the neighbour facts (strong_neighbours, feeds_strong, supply_gap, extension),
-- computed from the tables of record in one query. Exact rules: docs/gap-rules.md, steps 1-3.
--
-- Parameters (DuckDB prepared-statement parameters, never pasted into this text):
--   $key_revenue_min     万元; a local firm at or above it is a key enterprise
--   $benchmark           'graph' | 'dataset'
--   $lq_basis            'auto' | 'revenue' | 'count'
--   $strong_lq_min, $strong_count_min, $weak_lq_below, $weak_count_below
--   $filled_stage_order  stage order from which a missing link counts as being filled
--   $local_min, $benchmark_min  evidence minimums: a link with 1..local_min-1 local firms or
--                        fewer benchmark firms than benchmark_min is insufficient_evidence;
--                        a link without a benchmark firm is no_data
--   $top_share_above, $hhi_above   a strong or normal link whose top share or HHI (rounded
--                        half-up to 6 decimals) is above either is flagged single_firm (单一企业依赖)
--   $domestic_min, $foreign_min_usd, $framework_counts  which projects count (docs/pipeline.md)
--   $district            NULL: every local firm is local; else only those located in this
--                        district or one of its parts (a district bureau's view)
--   $region              NULL, or a district of any level (e.g. a province of a national pool)
--                        whose firms, local or pool, alone count as local (gaps --region)
--   $min_feed_weight     feeds-into edges whose weight (the largest of their rows) is below it
--                        are ignored; unweighted edges always count (0: every edge)
-- Small tables the engine registers for the run:
--   gap_link_measures(link, downstream_count, criticality)   chaingap.graph.measures
--   gap_stage_orders(stage, stage_order)                     chaingap.ontology.vocab.STAGES
--
-- Several datasets may list the same firm, link or project (the views hold the rows of
-- every current dataset): each counts once, with the union of its facts (a firm is local
-- when any row says so; the largest revenue and share; a flag when any row sets it).
-- Counts are integers, revenues exact DECIMAL; the LQs are DOUBLE, rounded half-up to 6
-- decimals before any threshold sees them (reported unrounded).
WITH RECURSIVE
link_ids AS (SELECT DISTINCT id AS link FROM links),
-- sub is link or one of its sub-links, transitively (cg:subLinkOf*, zero steps included)
closure(link, sub) AS (
    SELECT link, link FROM link_ids
    UNION
    SELECT c.link, l.id FROM closure c JOIN links l ON l.parent = c.sub
),
district_parts(id) AS (
    SELECT CAST(coalesce($region, $district) AS VARCHAR) WHERE coalesce($region, $district) IS NOT NULL
    UNION
    SELECT d.id FROM district_parts p JOIN districts d ON d.parent = p.id
),
firms AS (
    SELECT id,
           bool_or((is_local OR $region IS NOT NULL) AND (coalesce($region, $district) IS NULL OR district IN (SELECT id FROM district_parts))) AS is_local,
           max(revenue) AS revenue,
           bool_or(listed OR specialised OR chain_leader) AS flagged
    FROM enterprises
    GROUP BY id
),
-- share(e, L): the largest share of e's operations in L or a sub-link; NULL (not stated) counts 1
members AS (
    SELECT c.link, o.enterprise, max(coalesce(o.share, 1)) AS share
    FROM operations o JOIN closure c ON c.sub = o.link
    GROUP BY c.link, o.enterprise
),
sized AS (
    SELECT m.link, m.enterprise, f.is_local, f.flagged, f.revenue, coalesce(f.revenue, 0) * m.share AS x
    FROM members m JOIN firms f ON f.id = m.enterprise
),
-- the local members are few (a city's firms among a national pool): their figures apart
local_aggregates AS (
    SELECT link,
           count(*) AS n,
           sum(x) AS e_r,
           max(x) AS local_max,
           sum(CAST(x AS DOUBLE) * CAST(x AS DOUBLE)) AS local_sum_sq,
           count(*) FILTER (WHERE flagged OR coalesce(revenue, 0) >= $key_revenue_min) AS n_key
    FROM sized
    WHERE is_local
    GROUP BY link
),
aggregates AS (
    SELECT link, count(*) AS n_all, sum(x) AS e_n FROM sized GROUP BY link
),
-- the local member with the largest x (ties: the smallest enterprise IRI), named by the
-- fragility flag
top_firms AS (
    SELECT link, arg_min(enterprise, (-x, url_encode(enterprise))) AS top_firm
    FROM sized
    WHERE is_local
    GROUP BY link
),
-- each firm working in at least one link counts once, with its whole revenue
totals AS (
    SELECT count(*) FILTER (WHERE is_local) AS n_r,
           coalesce(sum(coalesce(revenue, 0)) FILTER (WHERE is_local), 0) AS e_r_total,
           count(*) AS n_n,
           coalesce(sum(coalesce(revenue, 0)), 0) AS e_n_total
    FROM firms SEMI JOIN operations ON operations.enterprise = firms.id
),
bench AS (
    SELECT link, max(enterprises) AS bn, max(revenue) AS be FROM benchmarks GROUP BY link
),
-- dataset benchmark totals: over links that have no sub-link (0 counts as absent)
bench_totals AS (
    SELECT nullif(sum(bn), 0) AS b_n, nullif(sum(be), 0) AS b_e
    FROM bench ANTI JOIN links ON links.parent = bench.link
),
-- the projects that count (docs/pipeline.md): not a framework agreement, and the investment at
-- least the threshold of its origin; no other project is in a link's pipeline or fills it
counted AS (
    SELECT DISTINCT p.id, p.stage FROM projects p
    JOIN project_terms t ON t.dataset = p.dataset AND t.project = p.id
    WHERE (p.agreement IS DISTINCT FROM 'framework' OR $framework_counts)
      AND CASE WHEN t.origin = 'foreign' THEN t.investment_usd >= $foreign_min_usd
               ELSE p.investment >= $domestic_min END
),
pipeline AS (
    SELECT c.link, count(DISTINCT p.id) AS projects, max(s.stage_order) AS max_stage_order
    FROM counted p
    JOIN gap_stage_orders s ON s.stage = p.stage
    JOIN project_links pl ON pl.project = p.id
    JOIN closure c ON c.sub = pl.link
    GROUP BY c.link
),
facts AS (
    SELECT k.link,
           coalesce(la.n, 0) AS n, coalesce(la.e_r, 0) AS e_r, coalesce(la.local_max, 0) AS local_max,
           coalesce(la.local_sum_sq, 0) AS local_sum_sq, coalesce(la.n_key, 0) AS n_key,
           coalesce(a.n_all, 0) AS n_all, coalesce(a.e_n, 0) AS e_n,
           nullif(b.bn, 0) AS bn_used, nullif(b.be, 0) AS be_used, b.bn, b.be,
           coalesce(p.projects, 0) AS projects, coalesce(p.max_stage_order, 0) AS max_stage_order,
           t.n_r, t.e_r_total, t.n_n, t.e_n_total, bt.b_n, bt.b_e
    FROM link_ids k
    LEFT JOIN local_aggregates la ON la.link = k.link
    LEFT JOIN aggregates a ON a.link = k.link
    LEFT JOIN bench b ON b.link = k.link
    LEFT JOIN pipeline p ON p.link = k.link
    CROSS JOIN totals t
    CROSS JOIN bench_totals bt
),
quotients AS (
    SELECT *,
           CASE WHEN n_r > 0 AND n_all > 0
                THEN CAST(n * n_n AS DOUBLE) / CAST(n_r * n_all AS DOUBLE) END AS lq_count_graph,
           CASE WHEN e_r_total <> 0 AND e_n <> 0
                THEN CASE WHEN e_r = 0 THEN 0.0
                          ELSE (CAST(e_r AS DOUBLE) * CAST(e_n_total AS DOUBLE))
                               / (CAST(e_r_total AS DOUBLE) * CAST(e_n AS DOUBLE)) END END AS lq_revenue_graph,
           CASE WHEN b_n IS NOT NULL AND bn_used IS NOT NULL AND n_r > 0
                THEN CAST(n * b_n AS DOUBLE) / CAST(n_r * bn_used AS DOUBLE) END AS lq_count_dataset,
           CASE WHEN b_e IS NOT NULL AND be_used IS NOT NULL AND e_r_total <> 0
                THEN CASE WHEN e_r = 0 THEN 0.0
                          ELSE (CAST(e_r AS DOUBLE) * CAST(b_e AS DOUBLE))
                               / (CAST(e_r_total AS DOUBLE) * CAST(be_used AS DOUBLE)) END END AS lq_revenue_dataset
    FROM facts
),
chosen AS (
    SELECT *,
           CASE WHEN $benchmark = 'dataset' THEN coalesce(lq_count_dataset, lq_count_graph)
                ELSE lq_count_graph END AS lq_count,
           CASE WHEN $benchmark = 'dataset' THEN coalesce(lq_revenue_dataset, lq_revenue_graph)
                ELSE lq_revenue_graph END AS lq_revenue
    FROM quotients
),
based AS (
    SELECT *,
           CASE WHEN $lq_basis = 'count' OR ($lq_basis = 'auto' AND (e_r = 0 OR lq_revenue IS NULL))
                THEN 'count' ELSE 'revenue' END AS lq_basis
    FROM chosen
),
rounded AS (
    SELECT *, floor(lq * 1e6 + 0.5) / 1e6 AS lq_rounded
    FROM (SELECT *, CASE WHEN lq_basis = 'count' THEN lq_count ELSE lq_revenue END AS lq FROM based)
),
-- the benchmark firms the evidence rests on: the dataset's count when it is used, else the graph's
evidenced AS (
    SELECT *,
           CASE WHEN $benchmark = 'dataset' AND bn_used IS NOT NULL THEN bn_used ELSE n_all END AS b_count
    FROM rounded
),
tested AS (
    SELECT *,
           n >= $strong_count_min AND n >= $local_min AND b_count >= $benchmark_min
               AND coalesce(lq_rounded >= $strong_lq_min, false) AS is_strong
    FROM evidenced
),
-- the feeds-into edges that count: unweighted, or weighing at least $min_feed_weight
edges AS (SELECT source, target FROM feeds GROUP BY source, target
          HAVING max(weight) IS NULL OR max(weight) >= $min_feed_weight),
-- every feeds-into neighbour of a link, in both directions (a self-loop makes a link its own)
adjacent AS (
    SELECT source AS link, target AS neighbour, true AS downstream FROM edges
    UNION ALL
    SELECT target AS link, source AS neighbour, false AS downstream FROM edges
),
neighbours AS (
    SELECT a.link, count(DISTINCT a.neighbour) AS strong_neighbours, bool_or(a.downstream) AS feeds_strong
    FROM adjacent a JOIN tested s ON s.link = a.neighbour AND s.is_strong
    GROUP BY a.link
),
statuses AS (
    SELECT t.*,
           CASE WHEN t.b_count = 0 THEN 'no_data'
                WHEN t.n = 0 AND t.max_stage_order >= $filled_stage_order THEN 'being_filled'
                WHEN t.b_count < $benchmark_min OR (t.n > 0 AND t.n < $local_min) THEN 'insufficient_evidence'
                WHEN t.n = 0 THEN 'missing'
                WHEN t.is_strong THEN 'strong'
                WHEN t.n < $weak_count_below OR coalesce(t.lq_rounded < $weak_lq_below, false) THEN 'weak'
                ELSE 'normal' END AS status,
           coalesce(nb.strong_neighbours, 0) AS strong_neighbours,
           coalesce(nb.feeds_strong, false) AS feeds_strong
    FROM tested t LEFT JOIN neighbours nb ON nb.link = t.link
),
reported AS (
    SELECT s.link, s.n, s.e_r, s.n_key, s.n_all, s.e_n, s.bn, s.be,
           s.lq_count, s.lq_revenue, s.lq, s.lq_basis,
           CASE WHEN s.e_r > 0 THEN CAST(s.local_max AS DOUBLE) / CAST(s.e_r AS DOUBLE)
                WHEN s.n > 0 THEN 1.0 / s.n END AS top_share,
           CASE WHEN s.e_r > 0 THEN s.local_sum_sq / (CAST(s.e_r AS DOUBLE) * CAST(s.e_r AS DOUBLE))
                WHEN s.n > 0 THEN 1.0 / s.n END AS hhi,
           s.projects, s.max_stage_order,
           coalesce(m.downstream_count, 0) AS downstream_count, coalesce(m.criticality, 0) AS criticality,
           s.status, s.strong_neighbours, s.feeds_strong,
           s.feeds_strong AND s.n = 0 AND s.status IN ('missing', 'being_filled') AS supply_gap,
           s.status IN ('missing', 'being_filled', 'weak') AND s.strong_neighbours > 0 AS extension,
           tf.top_firm
    FROM statuses s
    LEFT JOIN gap_link_measures m ON m.link = s.link
    LEFT JOIN top_firms tf ON tf.link = s.link
)
SELECT *,
       status IN ('strong', 'normal')
         AND (coalesce(floor(top_share * 1e6 + 0.5) / 1e6 > $top_share_above, false)
              OR coalesce(floor(hhi * 1e6 + 0.5) / 1e6 > $hhi_above, false)) AS single_firm
FROM reported
ORDER BY link
