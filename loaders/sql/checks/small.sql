-- The products, supply, bases and benchmarks tables (checks.py, phases 9-12). Input:
-- _l_raw_<table> (cells as text), _l_res (what enterprise texts resolve to), _l_map.

-- name: wanted
WITH b AS (SELECT *, coalesce(revenue_unit, _hu_revenue, '万元') AS rev_u, _l_money_plain(revenue) AS rev_plain,
                  _l_money_other(revenue, rev_u, rev_plain) AS rev_o
           FROM _l_raw_benchmarks)
SELECT DISTINCT 'flag', illustrative, '' FROM _l_raw_products WHERE illustrative IS NOT NULL AND _l_flag_fast(illustrative) IS NULL
UNION ALL SELECT DISTINCT 'flag', illustrative, '' FROM _l_raw_bases WHERE illustrative IS NOT NULL AND _l_flag_fast(illustrative) IS NULL
UNION ALL SELECT DISTINCT 'district', district, '' FROM _l_raw_bases WHERE district IS NOT NULL
UNION ALL SELECT DISTINCT 'int', enterprises, '' FROM b WHERE enterprises IS NOT NULL AND _l_int_fast(enterprises) IS NULL

-- name: money_units
WITH m AS (SELECT revenue AS x, coalesce(revenue_unit, _hu_revenue, '万元') AS u FROM _l_raw_benchmarks WHERE revenue IS NOT NULL),
c AS (SELECT x, u, _l_money_plain(x) AS plain FROM m),
e AS (SELECT x, u, plain, _l_money_other(x, u, plain) AS o FROM c)
SELECT DISTINCT CASE WHEN plain OR o IS NOT NULL THEN 'unit' ELSE 'money' END,
       CASE WHEN plain THEN u WHEN o IS NULL THEN x ELSE o.unit END,
       CASE WHEN plain THEN '' WHEN o IS NULL THEN u ELSE o.rest END FROM e;

-- name: money_wanted
WITH m AS (SELECT revenue AS x, coalesce(revenue_unit, _hu_revenue, '万元') AS u FROM _l_raw_benchmarks WHERE revenue IS NOT NULL),
c AS (SELECT x, u, _l_money_plain(x) AS plain FROM m),
e AS (SELECT x, u, plain, _l_money_other(x, u, plain) AS o FROM c)
SELECT DISTINCT 'money', x, u FROM e
LEFT JOIN _l_mfac f ON f.unit = _l_money_unit_of(plain, o, u) AND f.rest = _l_money_rest_of(plain, o)
WHERE (plain OR o IS NOT NULL) AND _l_money_value(_l_money_num_of(x, plain, o), f.scale, f.factor) IS NULL;

-- name: products
CREATE TEMP TABLE _l_pr AS
SELECT r._file, r._row, r.id, r.name, r.enterprise, e.ids AS found, r.link,
       r.link IN (SELECT id FROM _l_link_ids) AS known, r.brand, r.source,
       coalesce(_l_flag_fast(r.illustrative), mf.v_bool, false) AS illustrative,
       CASE WHEN _l_flag_fast(r.illustrative) IS NULL AND mf.pkind IS NOT NULL THEN mf.original END AS illustrative_bad,
       r.id IS NOT NULL AND r.name IS NOT NULL AND len(e.ids) = 1 AND r.link IN (SELECT id FROM _l_link_ids) AS complete
FROM _l_raw_products r
LEFT JOIN _l_res e ON e.text = r.enterprise
LEFT JOIN _l_map mf ON mf.kind = 'flag' AND mf.unit = '' AND mf.text = r.illustrative;

CREATE TEMP TABLE _l_pr2 AS          -- an id seen in an earlier complete row is a duplicate
SELECT *, coalesce(_row > min(CASE WHEN complete THEN _row END) OVER (PARTITION BY id), false) AND id IS NOT NULL AS duplicate
FROM _l_pr;

-- name: supply
CREATE TEMP TABLE _l_su AS
SELECT r._file, r._row, r.supplier, s.ids AS suppliers, r.customer, c.ids AS customers, r.product,
       r.product IS NULL OR r.product IN (SELECT id FROM _l_pr2 WHERE complete AND NOT duplicate) AS product_ok
FROM _l_raw_supply r
LEFT JOIN _l_res s ON s.text = r.supplier
LEFT JOIN _l_res c ON c.text = r.customer;

-- name: bases
CREATE TEMP TABLE _l_ba AS
SELECT r._file, r._row, r.id, r.name, r.district AS district_text, md.v_text AS district, r.chain AS chain_text,
       CASE WHEN r.chain IN (SELECT id FROM _l_chain_ids) THEN r.chain END AS chain, r.source,
       coalesce(_l_flag_fast(r.illustrative), mf.v_bool, false) AS illustrative,
       CASE WHEN _l_flag_fast(r.illustrative) IS NULL AND mf.pkind IS NOT NULL THEN mf.original END AS illustrative_bad
FROM _l_raw_bases r
LEFT JOIN _l_map md ON md.kind = 'district' AND md.unit = '' AND md.text = r.district
LEFT JOIN _l_map mf ON mf.kind = 'flag' AND mf.unit = '' AND mf.text = r.illustrative;

-- name: benchmarks
CREATE TEMP TABLE _l_bm AS
WITH b AS (SELECT *, coalesce(revenue_unit, _hu_revenue, '万元') AS rev_u, _l_money_plain(revenue) AS rev_plain,
                  _l_money_other(revenue, rev_u, rev_plain) AS rev_o
           FROM _l_raw_benchmarks),
f AS (SELECT b.*, _l_money_value(_l_money_num_of(b.revenue, b.rev_plain, b.rev_o), fr.scale, fr.factor) AS rev_fast FROM b
      LEFT JOIN _l_mfac fr ON fr.unit = _l_money_unit_of(b.rev_plain, b.rev_o, b.rev_u) AND fr.rest = _l_money_rest_of(b.rev_plain, b.rev_o))
SELECT f._file, f._row, f.link, f.link IN (SELECT id FROM _l_link_ids) AS known,
       f.enterprises AS enterprises_text, coalesce(_l_int_fast(f.enterprises), mi.v_int) AS enterprises,
       CASE WHEN _l_int_fast(f.enterprises) IS NULL THEN mi.pkind END AS enterprises_pk,
       mi.msg AS enterprises_msg, mi.original AS enterprises_original,
       coalesce(f.rev_fast, mr.v_dec) AS revenue,
       CASE WHEN f.rev_fast IS NULL THEN mr.pkind END AS revenue_pk, mr.msg AS revenue_msg, mr.original AS revenue_original
FROM f
LEFT JOIN _l_map mi ON mi.kind = 'int' AND mi.unit = '' AND mi.text = f.enterprises
LEFT JOIN _l_map mr ON mr.kind = 'money' AND mr.unit = f.rev_u AND mr.text = f.revenue;

-- name: problems_products
INSERT INTO _l_problems
SELECT 9, 0, _row, 1, 0, _file, 'id', 'required', NULL, NULL FROM _l_pr2 WHERE id IS NULL
UNION ALL SELECT 9, 0, _row, 2, 0, _file, 'name', 'required', NULL, NULL FROM _l_pr2 WHERE name IS NULL
UNION ALL SELECT 9, 0, _row, 3, 0, _file, 'enterprise', 'required', NULL, NULL FROM _l_pr2 WHERE enterprise IS NULL
UNION ALL SELECT 9, 0, _row, 4, 0, _file, 'enterprise', CASE WHEN len(found) = 0 THEN 'unknown_enterprise'
    ELSE 'ambiguous_enterprise' END, enterprise, array_to_string(found, ', ') FROM _l_pr2
    WHERE enterprise IS NOT NULL AND len(found) <> 1
UNION ALL SELECT 9, 0, _row, 5, 0, _file, 'link', 'required', NULL, NULL FROM _l_pr2 WHERE link IS NULL
UNION ALL SELECT 9, 0, _row, 6, 0, _file, 'link', 'unknown_link', link, NULL FROM _l_pr2 WHERE link IS NOT NULL AND NOT known
UNION ALL SELECT 9, 0, _row, 7, 0, _file, 'id', 'duplicate_product', id, NULL FROM _l_pr2 WHERE duplicate
UNION ALL SELECT 9, 0, _row, 8, 0, _file, 'illustrative', 'flag', illustrative_bad, NULL FROM _l_pr2
    WHERE complete AND NOT duplicate AND illustrative_bad IS NOT NULL;

-- name: problems_rest
INSERT INTO _l_problems
SELECT 10, 0, _row, 1, 0, _file, 'supplier', 'required', NULL, NULL FROM _l_su WHERE supplier IS NULL
UNION ALL SELECT 10, 0, _row, 2, 0, _file, 'supplier', CASE WHEN len(suppliers) = 0 THEN 'unknown_enterprise'
    ELSE 'ambiguous_enterprise' END, supplier, array_to_string(suppliers, ', ') FROM _l_su
    WHERE supplier IS NOT NULL AND len(suppliers) <> 1
UNION ALL SELECT 10, 0, _row, 3, 0, _file, 'customer', 'required', NULL, NULL FROM _l_su WHERE customer IS NULL
UNION ALL SELECT 10, 0, _row, 4, 0, _file, 'customer', CASE WHEN len(customers) = 0 THEN 'unknown_enterprise'
    ELSE 'ambiguous_enterprise' END, customer, array_to_string(customers, ', ') FROM _l_su
    WHERE customer IS NOT NULL AND len(customers) <> 1
UNION ALL SELECT 10, 0, _row, 5, 0, _file, 'product', 'unknown_product', product, NULL FROM _l_su WHERE NOT product_ok
UNION ALL SELECT 11, 0, _row, 1, 0, _file, 'id', 'required', NULL, NULL FROM _l_ba WHERE id IS NULL
UNION ALL SELECT 11, 0, _row, 2, 0, _file, 'name', 'required', NULL, NULL FROM _l_ba WHERE name IS NULL
UNION ALL SELECT 11, 0, _row, 3, 0, _file, 'district', 'required', NULL, NULL FROM _l_ba WHERE district_text IS NULL
UNION ALL SELECT 11, 0, _row, 4, 0, _file, 'chain', 'required', NULL, NULL FROM _l_ba WHERE chain_text IS NULL
UNION ALL SELECT 11, 0, _row, 5, 0, _file, 'district', 'unknown_district', district_text, NULL FROM _l_ba
    WHERE district_text IS NOT NULL AND district IS NULL
UNION ALL SELECT 11, 0, _row, 6, 0, _file, 'chain', 'unknown_chain', chain_text, NULL FROM _l_ba
    WHERE chain_text IS NOT NULL AND chain IS NULL
UNION ALL SELECT 11, 0, _row, 7, 0, _file, 'illustrative', 'flag', illustrative_bad, NULL FROM _l_ba
    WHERE id IS NOT NULL AND name IS NOT NULL AND district IS NOT NULL AND chain IS NOT NULL AND illustrative_bad IS NOT NULL
UNION ALL SELECT 12, 0, _row, 1, 0, _file, 'link', 'required', NULL, NULL FROM _l_bm WHERE link IS NULL
UNION ALL SELECT 12, 0, _row, 2, 0, _file, 'link', 'unknown_link', link, NULL FROM _l_bm WHERE link IS NOT NULL AND NOT known
UNION ALL SELECT 12, 0, _row, 3, 0, _file, 'enterprises', enterprises_pk, enterprises_original, enterprises_msg FROM _l_bm
    WHERE (link IS NULL OR known) AND enterprises_pk IS NOT NULL
UNION ALL SELECT 12, 0, _row, 4, 0, _file, 'revenue', revenue_pk, CASE WHEN revenue_pk = 'negative' THEN revenue_original END,
    revenue_msg FROM _l_bm WHERE (link IS NULL OR known) AND revenue_pk IS NOT NULL;

-- name: counts
SELECT (SELECT count(*) FROM _l_pr2 WHERE complete AND NOT duplicate),
       (SELECT count(*) FROM _l_su WHERE len(suppliers) = 1 AND len(customers) = 1 AND product_ok),
       (SELECT count(*) FROM _l_ba WHERE id IS NOT NULL AND name IS NOT NULL AND district IS NOT NULL AND chain IS NOT NULL),
       (SELECT count(*) FROM _l_bm WHERE known);

-- name: write
INSERT INTO products
SELECT $dataset, id, name, found[1], link, brand, illustrative, source, _file, _row
FROM _l_pr2 WHERE complete AND NOT duplicate ORDER BY _row;

INSERT INTO supply
SELECT $dataset, suppliers[1], customers[1], product, _file, _row
FROM _l_su WHERE len(suppliers) = 1 AND len(customers) = 1 AND product_ok ORDER BY _row;

INSERT INTO bases
SELECT $dataset, id, name, district, chain, illustrative, source, _file, _row
FROM _l_ba WHERE id IS NOT NULL AND name IS NOT NULL AND district IS NOT NULL AND chain IS NOT NULL ORDER BY _row;

INSERT INTO benchmarks
SELECT $dataset, link, enterprises, revenue, _file, _row FROM _l_bm WHERE known ORDER BY _row;
