-- The enterprises and pool tables (checks.py, phase "enterprises"). Input: _l_raw_ent, the rows
-- of both files (_fno 0 = enterprises, 1 = pool; _local), cells as text; _hu_* the unit in the
-- money column's header. Cells the fast macros cannot decide are in _l_map (kind, text, unit).

-- name: money_units
SELECT DISTINCT _l_money_unit(p, u), p.rest FROM (
    SELECT _l_money_parts(revenue) AS p, coalesce(revenue_unit, _hu_revenue, '万元') AS u FROM _l_raw_ent
    UNION ALL
    SELECT _l_money_parts(registered_capital), coalesce(registered_capital_unit, _hu_registered_capital, '万元')
    FROM _l_raw_ent)
WHERE p.num <> '';

-- name: wanted
WITH r AS (
    SELECT *, _l_money_parts(revenue) AS rev_p, coalesce(revenue_unit, _hu_revenue, '万元') AS rev_u,
           _l_money_parts(registered_capital) AS cap_p,
           coalesce(registered_capital_unit, _hu_registered_capital, '万元') AS cap_u
    FROM _l_raw_ent)
SELECT DISTINCT 'credit', credit_code, '' FROM r WHERE credit_code IS NOT NULL AND _l_cc_fast(credit_code) IS NULL
UNION ALL SELECT DISTINCT 'district', district, '' FROM r WHERE district IS NOT NULL
UNION ALL SELECT DISTINCT 'county', county, '' FROM r WHERE _local AND district IS NULL AND county IS NOT NULL
UNION ALL SELECT DISTINCT 'date', founded, '' FROM r WHERE founded IS NOT NULL AND _l_date_fast(founded) IS NULL
UNION ALL SELECT DISTINCT 'money', r.revenue, r.rev_u FROM r
    LEFT JOIN _l_mfac f ON f.unit = _l_money_unit(r.rev_p, r.rev_u) AND f.rest = r.rev_p.rest
    WHERE r.revenue IS NOT NULL AND _l_money_fast(r.rev_p, f.factor, f.whole, f.digits) IS NULL
UNION ALL SELECT DISTINCT 'money', r.registered_capital, r.cap_u FROM r
    LEFT JOIN _l_mfac f ON f.unit = _l_money_unit(r.cap_p, r.cap_u) AND f.rest = r.cap_p.rest
    WHERE r.registered_capital IS NOT NULL AND _l_money_fast(r.cap_p, f.factor, f.whole, f.digits) IS NULL
{flag_wanted};

-- name: rows
CREATE TEMP TABLE _l_e AS
WITH r AS (
    SELECT *, _l_money_parts(revenue) AS rev_p, coalesce(revenue_unit, _hu_revenue, '万元') AS rev_u,
           _l_money_parts(registered_capital) AS cap_p,
           coalesce(registered_capital_unit, _hu_registered_capital, '万元') AS cap_u
    FROM _l_raw_ent),
f AS (
    SELECT r.*, coalesce(_l_cc_fast(r.credit_code), mc.v_text) AS cc, mc.msg AS cc_error,
           md.v_text AS district_found, mco.v_text AS county_found,
           _l_money_fast(r.rev_p, fr.factor, fr.whole, fr.digits) AS rev_fast,
           _l_money_fast(r.cap_p, fc.factor, fc.whole, fc.digits) AS cap_fast
    FROM r
    LEFT JOIN _l_map mc ON mc.kind = 'credit' AND mc.unit = '' AND mc.text = r.credit_code
    LEFT JOIN _l_map md ON md.kind = 'district' AND md.unit = '' AND md.text = r.district
    LEFT JOIN _l_map mco ON mco.kind = 'county' AND mco.unit = '' AND mco.text = r.county
    LEFT JOIN _l_mfac fr ON fr.unit = _l_money_unit(r.rev_p, r.rev_u) AND fr.rest = r.rev_p.rest
    LEFT JOIN _l_mfac fc ON fc.unit = _l_money_unit(r.cap_p, r.cap_u) AND fc.rest = r.cap_p.rest)
SELECT f._fno, f._row, f._file, f._local AS is_local, coalesce(f.id, f.cc) AS eid, f.name,
       f.credit_code AS cc_text, f.cc, f.cc_error,
       f.district AS district_text, f.district_found, f.county, f.county_found,
       f.province, f.city, f.links AS links_text, f.industry_code, f.business_scope, f.address,
       f.expansion_signal, f.parent_group, f.source,
       coalesce(f.rev_fast, mr.v_dec) AS revenue,
       CASE WHEN f.rev_fast IS NOT NULL THEN f.revenue ELSE mr.original END AS revenue_original,
       CASE WHEN f.rev_fast IS NULL THEN mr.pkind END AS revenue_pk, mr.msg AS revenue_msg,
       coalesce(f.cap_fast, mk.v_dec) AS registered_capital,
       CASE WHEN f.cap_fast IS NOT NULL THEN f.registered_capital ELSE mk.original END AS registered_capital_original,
       CASE WHEN f.cap_fast IS NULL THEN mk.pkind END AS registered_capital_pk, mk.msg AS registered_capital_msg,
       coalesce(_l_date_fast(f.founded), mdt.v_date) AS founded,
       CASE WHEN _l_date_fast(f.founded) IS NULL THEN mdt.msg END AS founded_msg,
       {flags}
FROM f
LEFT JOIN _l_map mr ON mr.kind = 'money' AND mr.text = f.revenue AND mr.unit = f.rev_u
LEFT JOIN _l_map mk ON mk.kind = 'money' AND mk.text = f.registered_capital AND mk.unit = f.cap_u
LEFT JOIN _l_map mdt ON mdt.kind = 'date' AND mdt.unit = '' AND mdt.text = f.founded
{flag_joins};

-- name: items
CREATE TEMP TABLE _l_ei AS
WITH l AS (
    SELECT _fno, _row, string_split_regex(links_text, '[;；、]') AS items
    FROM _l_e WHERE eid IS NOT NULL AND links_text IS NOT NULL),
s AS (SELECT _fno, _row, _l_trim(unnest(items)) AS item, unnest(range(1, len(items) + 1)) AS n FROM l),
u AS (SELECT _fno, _row, replace(item, '：', ':') AS item, row_number() OVER (PARTITION BY _fno, _row ORDER BY n) AS pos
      FROM s WHERE item <> '')
SELECT _fno, _row, pos, _l_trim(regexp_extract(item, '(?s)^([^:]*)', 1)) AS link,
       CASE WHEN contains(item, ':') THEN nullif(_l_trim(regexp_extract(item, '(?s)^[^:]*:(.*)$', 1)), '') END AS share_text
FROM u;

-- name: share_wanted
SELECT DISTINCT 'share', share_text, '' FROM _l_ei WHERE share_text IS NOT NULL AND _l_share_fast(share_text) IS NULL;

-- name: item_shares
CREATE TEMP TABLE _l_ei2 AS
SELECT i.*, coalesce(_l_share_fast(i.share_text), ms.v_dec)::DECIMAL(18, 8) AS share,
       i.share_text IS NOT NULL AND _l_share_fast(i.share_text) IS NULL AND ms.pkind IS NOT NULL AS share_bad,
       i.link IN (SELECT id FROM _l_link_ids) AS known
FROM _l_ei i LEFT JOIN _l_map ms ON ms.kind = 'share' AND ms.unit = '' AND ms.text = i.share_text;

-- name: by_code
CREATE TEMP TABLE _l_ec AS
WITH c AS (
    SELECT DISTINCT industry_code FROM _l_e
    WHERE eid IS NOT NULL AND links_text IS NULL AND industry_code IS NOT NULL),
k AS (SELECT industry_code, upper(regexp_replace(industry_code, '[^0-9A-Za-z]', '', 'g')) AS key FROM c),
cand AS (
    SELECT industry_code, key AS cand, 0 AS alt FROM k
    UNION ALL SELECT industry_code, substr(key, 2), 1 FROM k WHERE regexp_matches(key, '^[A-Z][0-9]')),
best AS (
    SELECT cand.industry_code, arg_min(codes.key, [cand.alt, -length(codes.key)]) AS key
    FROM cand JOIN (SELECT DISTINCT key FROM _l_codes) codes ON starts_with(cand.cand, codes.key)
    GROUP BY cand.industry_code)
SELECT best.industry_code, c.link, c.pos FROM best JOIN _l_codes c ON c.key = best.key;

-- name: keyword_rows
CREATE TEMP TABLE _l_ekw AS
SELECT e._fno, e._row, e.name, e.business_scope FROM _l_e e
WHERE e.eid IS NOT NULL AND e.links_text IS NULL
  AND (e.industry_code IS NULL OR e.industry_code NOT IN (SELECT industry_code FROM _l_ec));

-- name: keyword_wanted
SELECT DISTINCT 'norm', x, '' FROM (SELECT name AS x FROM _l_ekw UNION ALL SELECT business_scope FROM _l_ekw)
WHERE x IS NOT NULL AND _l_norm_fast(x) IS NULL;

-- name: by_keyword
CREATE TEMP TABLE _l_ek AS
WITH t AS (
    SELECT w._fno, w._row, coalesce(_l_norm_fast(w.name), m1.v_text, '') AS k1,
           coalesce(_l_norm_fast(w.business_scope), m2.v_text, '') AS k2
    FROM _l_ekw w
    LEFT JOIN _l_map m1 ON m1.kind = 'norm' AND m1.unit = '' AND m1.text = w.name
    LEFT JOIN _l_map m2 ON m2.kind = 'norm' AND m2.unit = '' AND m2.text = w.business_scope),
m AS (SELECT _fno, _row, list_concat(regexp_extract_all(k1, $pattern), regexp_extract_all(k2, $pattern)) AS found FROM t),
u AS (SELECT _fno, _row, unnest(found) AS keyword, unnest(range(1, len(found) + 1)) AS kpos FROM m)
SELECT u._fno, u._row, kw.link, min([u.kpos, kw.pos]) AS pos
FROM u JOIN _l_keywords kw ON kw.keyword = u.keyword GROUP BY ALL;

-- name: assign
CREATE TEMP TABLE _l_ea AS
SELECT _fno, _row, pos, link, share, share_text, 'table' AS method FROM _l_ei2 WHERE known
UNION ALL
SELECT e._fno, e._row, c.pos, c.link, NULL, NULL, 'industry-code'
FROM _l_e e JOIN _l_ec c ON c.industry_code = e.industry_code
WHERE e.eid IS NOT NULL AND e.links_text IS NULL
UNION ALL
SELECT _fno, _row, row_number() OVER (PARTITION BY _fno, _row ORDER BY pos), link, NULL, NULL, 'keyword' FROM _l_ek;

CREATE TEMP TABLE _l_erow AS         -- per row: its links and whether it is an enterprise
WITH a AS (SELECT _fno, _row, any_value(method) AS method, count(*) AS n FROM _l_ea GROUP BY _fno, _row),
s AS (
    SELECT e.*, a.method, coalesce(a.n, 0) AS n_links,
           e.eid IS NOT NULL AND (a.n IS NOT NULL OR e.links_text IS NOT NULL) AS candidate
    FROM _l_e e LEFT JOIN a ON a._fno = e._fno AND a._row = e._row)
SELECT s.*,
       CASE WHEN s.candidate THEN row_number() OVER (PARTITION BY s.candidate, s.eid ORDER BY s._fno, s._row) END AS nth,
       CASE WHEN s.candidate THEN first_value(s._file) OVER (PARTITION BY s.candidate, s.eid ORDER BY s._fno, s._row) END AS first_file,
       CASE WHEN s.candidate THEN first_value(s._row) OVER (PARTITION BY s.candidate, s.eid ORDER BY s._fno, s._row) END AS first_row
FROM s;

CREATE TEMP TABLE _l_acc AS          -- the enterprises: first row of each id that has links
SELECT _fno, _row, _file, eid, cc, name, is_local, method, n_links FROM _l_erow WHERE nth = 1;

CREATE TEMP TABLE _l_credit_index AS
SELECT cc, arg_min(eid, [_fno, _row]) AS eid FROM _l_acc WHERE cc IS NOT NULL GROUP BY cc;

-- name: name_wanted
SELECT DISTINCT 'norm', name, '' FROM _l_acc WHERE name IS NOT NULL AND _l_norm_fast(name) IS NULL;

-- name: name_index
CREATE OR REPLACE TEMP TABLE _l_names AS
SELECT a._fno, a._row, a.eid, coalesce(_l_norm_fast(a.name), m.v_text, '') AS key
FROM _l_acc a LEFT JOIN _l_map m ON m.kind = 'norm' AND m.unit = '' AND m.text = a.name;
CREATE OR REPLACE TEMP TABLE _l_name_index AS
SELECT key, list(eid ORDER BY _fno, _row) AS ids FROM _l_names GROUP BY key;

-- name: rest_wanted
SELECT DISTINCT coalesce(string_agg(share_text, ';' ORDER BY pos) FILTER (WHERE share IS NOT NULL), ''),
       count(*) FILTER (WHERE share IS NULL)
FROM _l_ea a SEMI JOIN _l_acc c ON c._fno = a._fno AND c._row = a._row
GROUP BY a._fno, a._row HAVING count(*) FILTER (WHERE share IS NULL) > 0;

-- name: problems
INSERT INTO _l_problems
SELECT 6, _fno, _row, 1, 0, _file, 'name', 'required', NULL, NULL FROM _l_e WHERE name IS NULL
UNION ALL SELECT 6, _fno, _row, 2, 0, _file, 'credit_code', 'credit_code', cc_text, cc_error FROM _l_e
    WHERE cc_text IS NOT NULL AND cc IS NULL
UNION ALL SELECT 6, _fno, _row, 3, 0, _file, 'id', 'no_id', NULL, NULL FROM _l_e WHERE eid IS NULL AND cc_text IS NULL
UNION ALL SELECT 6, _fno, _row, 4, 0, _file, 'district', 'unknown_district', district_text, NULL FROM _l_e
    WHERE eid IS NOT NULL AND district_text IS NOT NULL AND district_found IS NULL
UNION ALL SELECT 6, _fno, _row, 4, 0, _file, 'district', 'no_district', NULL, NULL FROM _l_e
    WHERE eid IS NOT NULL AND district_text IS NULL AND is_local AND (county IS NULL OR county_found IS NULL)
UNION ALL SELECT 6, i._fno, i._row, 5, 2 * i.pos, e._file, 'links', 'bad_share', i.share_text, i.link
    FROM _l_ei2 i JOIN _l_e e ON e._fno = i._fno AND e._row = i._row WHERE i.share_bad
UNION ALL SELECT 6, i._fno, i._row, 5, 2 * i.pos + 1, e._file, 'links', 'unknown_link', i.link, NULL
    FROM _l_ei2 i JOIN _l_e e ON e._fno = i._fno AND e._row = i._row WHERE NOT i.known
UNION ALL SELECT 6, _fno, _row, 6, 0, _file, 'revenue', revenue_pk,
    CASE WHEN revenue_pk = 'negative' THEN revenue_original END, revenue_msg FROM _l_e
    WHERE eid IS NOT NULL AND revenue_pk IS NOT NULL
UNION ALL SELECT 6, _fno, _row, 7, 0, _file, 'registered_capital', registered_capital_pk,
    CASE WHEN registered_capital_pk = 'negative' THEN registered_capital_original END, registered_capital_msg FROM _l_e
    WHERE eid IS NOT NULL AND registered_capital_pk IS NOT NULL
UNION ALL SELECT 6, _fno, _row, 8, 0, _file, 'founded', 'date', NULL, founded_msg FROM _l_e
    WHERE eid IS NOT NULL AND founded_msg IS NOT NULL
{flag_problems}
UNION ALL SELECT 6, _fno, _row, 15, 0, _file, 'links', 'no_link', coalesce(name, ''), NULL FROM _l_erow
    WHERE eid IS NOT NULL AND n_links = 0 AND links_text IS NULL AND is_local
UNION ALL SELECT 6, _fno, _row, 16, 0, _file, 'id', 'duplicate_enterprise', eid, first_file || ' row ' || first_row
    FROM _l_erow WHERE nth > 1;

-- name: unassigned
SELECT _file, _row FROM _l_erow WHERE eid IS NOT NULL AND n_links = 0 AND links_text IS NULL AND NOT is_local
ORDER BY _fno, _row;

-- name: odd_codes
SELECT _file, _row FROM _l_acc WHERE cc IS NOT NULL AND _l_org_bad(cc) ORDER BY _fno, _row;

-- name: counts
SELECT _fno, count(*) FROM _l_acc GROUP BY _fno;

-- name: methods
SELECT method, count(*) FROM _l_acc GROUP BY method
UNION ALL SELECT NULL, count(*) FROM _l_erow WHERE eid IS NOT NULL AND n_links = 0 AND links_text IS NULL AND NOT is_local;

-- name: group_texts
SELECT DISTINCT e.parent_group FROM _l_erow e WHERE e.nth = 1 AND e.parent_group IS NOT NULL;

-- name: unmatched_groups
SELECT e._file, e._row, e.parent_group FROM _l_erow e JOIN _l_res r ON r.text = e.parent_group
WHERE e.nth = 1 AND len(r.ids) <> 1 ORDER BY e._fno, e._row;

-- name: write
INSERT INTO enterprises
SELECT $dataset, e.eid, coalesce(e.name, ''), e.is_local, e.cc,
       CASE WHEN e.district_text IS NOT NULL THEN e.district_found WHEN e.is_local THEN e.county_found END,
       e.province, e.city, e.county, e.address, e.business_scope, e.industry_code,
       e.revenue, e.revenue_original, e.registered_capital, e.registered_capital_original, e.founded,
       e.listed, e.specialised, e.high_tech, e.above_scale, e.chain_leader,
       CASE WHEN len(r.ids) = 1 AND r.ids[1] <> e.eid THEN r.ids[1] END, e.parent_group,
       e.expansion_signal, e.illustrative, e.source, e._file, e._row
FROM _l_erow e LEFT JOIN _l_res r ON r.text = e.parent_group
WHERE e.nth = 1 AND e.n_links > 0
ORDER BY e._fno, e._row;

INSERT INTO operations
SELECT $dataset, c.eid, a.link, coalesce(a.share, rest.rest)::DECIMAL(18, 8), a.method
FROM _l_ea a
JOIN _l_acc c ON c._fno = a._fno AND c._row = a._row
LEFT JOIN (
    SELECT _fno, _row, coalesce(string_agg(share_text, ';' ORDER BY pos) FILTER (WHERE share IS NOT NULL), '') AS given,
           count(*) FILTER (WHERE share IS NULL) AS n
    FROM _l_ea GROUP BY _fno, _row) g ON g._fno = a._fno AND g._row = a._row
LEFT JOIN _l_rest rest ON rest.given = g.given AND rest.n = g.n
ORDER BY a._fno, a._row, a.pos;
