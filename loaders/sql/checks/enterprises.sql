-- The enterprises and pool tables (checks.py, phase "enterprises"). Input: _l_raw_ent, the rows
-- of both files (_fno 0 = enterprises, 1 = pool; _local), cells as text; _hu_* the unit in the
-- money column's header; _cc_ok whether the credit code is valid as written and _org_bad whether
-- its organisation code fails (creditcode.valid_codes, organisation_code_failures). Lists of
-- links and industry codes are parsed once per distinct text; the rows themselves are read by
-- views, never copied, until they are written to the tables of record. Cells the SQL cannot
-- decide are looked up in _l_map (filled by the Python parsers beforehand).

-- name: distinct_texts
SELECT DISTINCT 'district', district, '' FROM _l_raw_ent WHERE district IS NOT NULL
UNION ALL SELECT DISTINCT 'county', county, '' FROM _l_raw_ent WHERE _local AND district IS NULL AND county IS NOT NULL;

-- name: links
-- every distinct list of links, parsed once: its items, whether each is a known link, its share
CREATE TEMP TABLE _l_li AS
WITH t AS (SELECT DISTINCT links AS text FROM _l_raw_ent WHERE links IS NOT NULL),
p AS (SELECT text, string_split_regex(text, '[;；、]') AS parts FROM t),
u AS (SELECT text, _l_trim(unnest(parts)) AS item, unnest(range(1, len(parts) + 1)) AS pos FROM p),
i AS (SELECT text, pos, replace(item, '：', ':') AS item FROM u WHERE item <> '')
SELECT text, pos, _l_trim(split_part(item, ':', 1)) AS link,
       CASE WHEN contains(item, ':') THEN nullif(_l_trim(substr(item, length(split_part(item, ':', 1)) + 2)), '') END AS share_text
FROM i;

-- name: share_wanted
SELECT DISTINCT 'share', share_text, '' FROM _l_li WHERE share_text IS NOT NULL AND _l_share_fast(share_text) IS NULL;

-- name: link_items
CREATE TEMP TABLE _l_li2 AS
SELECT i.*, coalesce(_l_share_fast(i.share_text), ms.v_dec)::DECIMAL(18, 8) AS share,
       i.share_text IS NOT NULL AND _l_share_fast(i.share_text) IS NULL AND ms.pkind IS NOT NULL AS share_bad,
       i.link IN (SELECT id FROM _l_link_ids) AS known
FROM _l_li i LEFT JOIN _l_map ms ON ms.kind = 'share' AND ms.unit = '' AND ms.text = i.share_text;
CREATE TEMP TABLE _l_lt AS           -- per list: its known links, the shares given, how many lack one
SELECT text, count(*) FILTER (WHERE known) AS n_known,
       coalesce(string_agg(share_text, ';' ORDER BY pos) FILTER (WHERE known AND share IS NOT NULL), '') AS given,
       count(*) FILTER (WHERE known AND share IS NULL) AS n_missing,
       bool_or(share_bad OR NOT known) AS bad
FROM _l_li2 GROUP BY text;

-- name: by_code
-- industry code -> the links whose code is its longest prefix (also without a section letter)
CREATE TEMP TABLE _l_ec AS
WITH c AS (SELECT DISTINCT industry_code FROM _l_raw_ent WHERE links IS NULL AND industry_code IS NOT NULL),
k AS (SELECT industry_code, upper(regexp_replace(industry_code, '[^0-9A-Za-z]', '', 'g')) AS key FROM c),
cand AS (
    SELECT industry_code, key AS cand, 0 AS alt FROM k
    UNION ALL SELECT industry_code, substr(key, 2), 1 FROM k WHERE regexp_matches(key, '^[A-Z][0-9]')),
best AS (
    SELECT cand.industry_code, arg_min(codes.key, [cand.alt, -length(codes.key)]) AS key
    FROM cand JOIN (SELECT DISTINCT key FROM _l_codes) codes ON starts_with(cand.cand, codes.key)
    GROUP BY cand.industry_code)
SELECT best.industry_code, c.link, c.pos FROM best JOIN _l_codes c ON c.key = best.key;
CREATE TEMP TABLE _l_ecn AS SELECT industry_code, count(*) AS n FROM _l_ec GROUP BY industry_code;

-- name: money_units
-- the units of the money cells SQL can read (for their factors), and the cells it cannot read
WITH m AS (
    SELECT revenue AS x, coalesce(revenue_unit, _hu_revenue, '万元') AS u FROM _l_raw_ent WHERE revenue IS NOT NULL
    UNION ALL SELECT registered_capital, coalesce(registered_capital_unit, _hu_registered_capital, '万元')
    FROM _l_raw_ent WHERE registered_capital IS NOT NULL),
c AS (SELECT x, u, _l_money_plain(x) AS plain FROM m),
e AS (SELECT x, u, plain, _l_money_other(x, u, plain) AS o FROM c)
SELECT DISTINCT CASE WHEN plain OR o IS NOT NULL THEN 'unit' ELSE 'money' END,
       CASE WHEN plain THEN u WHEN o IS NULL THEN x ELSE o.unit END,
       CASE WHEN plain THEN '' WHEN o IS NULL THEN u ELSE o.rest END FROM e;

-- name: money_wanted
-- the cells whose unit has no factor the fast path can use
WITH m AS (
    SELECT revenue AS x, coalesce(revenue_unit, _hu_revenue, '万元') AS u FROM _l_raw_ent WHERE revenue IS NOT NULL
    UNION ALL SELECT registered_capital, coalesce(registered_capital_unit, _hu_registered_capital, '万元')
    FROM _l_raw_ent WHERE registered_capital IS NOT NULL),
c AS (SELECT x, u, _l_money_plain(x) AS plain FROM m),
e AS (SELECT x, u, plain, _l_money_other(x, u, plain) AS o FROM c)
SELECT DISTINCT 'money', x, u FROM e
LEFT JOIN _l_mfac f ON f.unit = _l_money_unit_of(plain, o, u) AND f.rest = _l_money_rest_of(plain, o)
WHERE (plain OR o IS NOT NULL) AND _l_money_value(_l_money_num_of(x, plain, o), f.scale, f.factor) IS NULL;

-- name: wanted
-- the other cells the SQL cannot decide (for the Python parsers)
SELECT DISTINCT 'credit', credit_code, '' FROM _l_raw_ent WHERE credit_code IS NOT NULL AND NOT _cc_ok
UNION ALL SELECT DISTINCT 'date', founded, '' FROM _l_raw_ent WHERE founded IS NOT NULL AND _l_date_fast(founded) IS NULL
UNION ALL SELECT DISTINCT 'headcount', employees, '' FROM _l_raw_ent WHERE employees IS NOT NULL AND _l_int_fast(employees) IS NULL
UNION ALL SELECT DISTINCT 'norm', name, '' FROM _l_raw_ent
    WHERE id IS NULL AND credit_code IS NULL AND name IS NOT NULL AND _l_norm_fast(name) IS NULL
{flag_wanted};

-- name: ids
-- each row's enterprise id (the id, else the valid credit code) and what links its row gives
CREATE OR REPLACE TEMP VIEW _l_e0 AS
SELECT r.*, r._local AS is_local, CASE WHEN r._cc_ok THEN r.credit_code ELSE mc.v_text END AS cc,
       CASE WHEN r._cc_ok THEN r._org_bad ELSE mc.v_bool END AS org_bad, mc.msg AS cc_error,
       -- a row with neither id nor credit code: a stable id from its normalised name (a warning says so)
       coalesce(r.id, CASE WHEN r._cc_ok THEN r.credit_code ELSE mc.v_text END,
                CASE WHEN r.id IS NULL AND r.credit_code IS NULL
                     THEN 'name-' || substr(md5(coalesce(_l_norm_fast(r.name), mn.v_text)), 1, 12) END) AS eid,
       r.id IS NULL AND r.credit_code IS NULL AND r.name IS NOT NULL AS named,
       coalesce(lt.n_known, 0) AS n_known, lt.given, lt.n_missing, coalesce(lt.bad, false) AS links_bad,
       coalesce(ecn.n, 0) AS code_n,
       -- 登记状态 of a firm that no longer operates: it is kept, works in no link, is never a target
       coalesce(regexp_matches(r.registration_status, '注销|吊销|撤销|迁出|停业|歇业|清算|破产|关闭|責令|责令'), false) AS inactive
FROM _l_raw_ent r
LEFT JOIN _l_map mc ON mc.kind = 'credit' AND mc.unit = '' AND mc.text = r.credit_code
LEFT JOIN _l_map mn ON mn.kind = 'norm' AND mn.unit = '' AND mn.text = r.name
LEFT JOIN _l_lt lt ON lt.text = r.links
LEFT JOIN _l_ecn ecn ON ecn.industry_code = r.industry_code AND r.links IS NULL;
CREATE TEMP TABLE _l_ekw AS          -- rows left to keywords: no links given, no industry code matched
SELECT _fno, _row, name, business_scope FROM _l_e0 WHERE eid IS NOT NULL AND links IS NULL AND code_n = 0;

-- name: keyword_wanted
SELECT DISTINCT 'norm', x, '' FROM (SELECT name AS x FROM _l_ekw UNION ALL SELECT business_scope FROM _l_ekw)
WHERE x IS NOT NULL AND _l_norm_fast(x) IS NULL;

-- name: by_keyword
CREATE OR REPLACE TEMP TABLE _l_ek AS
WITH t AS (
    SELECT w._fno, w._row, coalesce(_l_norm_fast(w.name), m1.v_text, '') AS k1,
           coalesce(_l_norm_fast(w.business_scope), m2.v_text, '') AS k2
    FROM _l_ekw w
    LEFT JOIN _l_map m1 ON m1.kind = 'norm' AND m1.unit = '' AND m1.text = w.name
    LEFT JOIN _l_map m2 ON m2.kind = 'norm' AND m2.unit = '' AND m2.text = w.business_scope),
m AS (SELECT _fno, _row, list_concat(regexp_extract_all(k1, $pattern), regexp_extract_all(k2, $pattern)) AS found FROM t),
u AS (SELECT _fno, _row, unnest(found) AS keyword, unnest(range(1, len(found) + 1)) AS kpos FROM m),
d AS (SELECT u._fno, u._row, kw.link, min([u.kpos, kw.pos]) AS first, max(length(u.keyword)) AS longest
      FROM u JOIN _l_keywords kw ON kw.keyword = u.keyword GROUP BY ALL),
-- longest and exclusive: the link(s) with the longest keyword found win; the confidence is that
-- length over the lengths of every link's longest keyword found (1 when one link matched)
w AS (SELECT *, max(longest) OVER (PARTITION BY _fno, _row) AS best,
             sum(longest) OVER (PARTITION BY _fno, _row) AS total FROM d)
SELECT _fno, _row, link, row_number() OVER (PARTITION BY _fno, _row ORDER BY first) AS pos,
       CAST(CAST(best AS DOUBLE) / total AS DECIMAL(9, 6)) AS confidence
FROM w WHERE longest = best;

-- name: accept
CREATE TEMP TABLE _l_ekn AS SELECT _fno, _row, count(*) AS n FROM _l_ek GROUP BY ALL;
CREATE OR REPLACE TEMP VIEW _l_e1 AS
SELECT e.*, coalesce(k.n, 0) AS kw_n,
       CASE WHEN e.n_known > 0 THEN 'table' WHEN e.links IS NULL AND e.code_n > 0 THEN 'industry-code'
            WHEN e.links IS NULL AND coalesce(k.n, 0) > 0 THEN 'keyword' END AS method,
       CASE WHEN e.n_known > 0 THEN e.n_known WHEN e.links IS NULL THEN e.code_n + coalesce(k.n, 0) ELSE 0 END AS n_links,
       e.eid IS NOT NULL AND (e.links IS NOT NULL OR e.code_n > 0 OR coalesce(k.n, 0) > 0) AS candidate
FROM _l_e0 e LEFT JOIN _l_ekn k ON k._fno = e._fno AND k._row = e._row;
CREATE TEMP TABLE _l_dup AS          -- ids on more than one row that has links: the first row keeps it
WITH h AS (SELECT hash(eid) AS h FROM _l_e1 WHERE candidate GROUP BY 1 HAVING count(*) > 1),
d AS (SELECT eid FROM _l_e1 WHERE candidate AND hash(eid) IN (SELECT h FROM h) GROUP BY eid HAVING count(*) > 1)
SELECT eid, arg_min(_file, [_fno, _row]) AS first_file, min([_fno, _row]) AS first FROM _l_e1
WHERE candidate AND eid IN (SELECT eid FROM d) GROUP BY eid;
CREATE OR REPLACE TEMP VIEW _l_ev AS
SELECT e.*, e.candidate AND (d.eid IS NULL OR d.first = [e._fno, e._row]) AS accepted,
       CASE WHEN d.first <> [e._fno, e._row] THEN d.first_file || ' row ' || d.first[2] END AS duplicate_of
FROM _l_e1 e LEFT JOIN _l_dup d ON d.eid = e.eid;
CREATE TEMP TABLE _l_acc AS         -- the enterprises (an id, links, the first row of its id)
SELECT _fno, _row, _file, eid, cc, org_bad, name, method, n_links, links, given, n_missing, industry_code, inactive, named
FROM _l_ev WHERE accepted;

-- name: rest_wanted
SELECT DISTINCT given, n_missing FROM _l_lt WHERE n_known > 0 AND n_missing > 0
UNION SELECT DISTINCT '', n_links FROM _l_acc WHERE method IN ('industry-code', 'keyword');

-- name: problems
INSERT INTO _l_problems
SELECT 6, _fno, _row, 1, 0, _file, 'name', 'required', NULL, NULL FROM _l_raw_ent WHERE name IS NULL
UNION ALL SELECT 6, _fno, _row, 2, 0, _file, 'credit_code', 'credit_code', credit_code, cc_error FROM _l_e0
    WHERE credit_code IS NOT NULL AND cc IS NULL
UNION ALL SELECT 6, _fno, _row, 3, 0, _file, 'id', 'no_id', NULL, NULL FROM _l_e0 WHERE eid IS NULL AND credit_code IS NULL
UNION ALL SELECT 6, e._fno, e._row, 4, 0, e._file, 'district', 'unknown_district', e.district, NULL FROM _l_e0 e
    LEFT JOIN _l_map md ON md.kind = 'district' AND md.unit = '' AND md.text = e.district
    WHERE e.eid IS NOT NULL AND e.district IS NOT NULL AND md.v_text IS NULL
UNION ALL SELECT 6, e._fno, e._row, 4, 0, e._file, 'district', 'no_district', NULL, NULL FROM _l_e0 e
    LEFT JOIN _l_map mc ON mc.kind = 'county' AND mc.unit = '' AND mc.text = e.county
    WHERE e.eid IS NOT NULL AND e.district IS NULL AND e.is_local AND mc.v_text IS NULL
UNION ALL SELECT 6, e._fno, e._row, 5, 2 * i.pos, e._file, 'links', 'bad_share', i.share_text, i.link
    FROM _l_e0 e JOIN _l_li2 i ON i.text = e.links WHERE e.links_bad AND e.eid IS NOT NULL AND i.share_bad
UNION ALL SELECT 6, e._fno, e._row, 5, 2 * i.pos + 1, e._file, 'links', 'unknown_link', i.link, NULL
    FROM _l_e0 e JOIN _l_li2 i ON i.text = e.links WHERE e.links_bad AND e.eid IS NOT NULL AND NOT i.known
UNION ALL SELECT 6, e._fno, e._row, 6, 0, e._file, 'revenue', m.pkind, CASE WHEN m.pkind = 'negative' THEN m.original END,
    m.msg FROM _l_e0 e JOIN _l_map m ON m.kind = 'money' AND m.text = e.revenue
        AND m.unit = coalesce(e.revenue_unit, e._hu_revenue, '万元')
    WHERE e.eid IS NOT NULL AND m.pkind IS NOT NULL
UNION ALL SELECT 6, e._fno, e._row, 7, 0, e._file, 'registered_capital', m.pkind,
    CASE WHEN m.pkind = 'negative' THEN m.original END, m.msg
    FROM _l_e0 e JOIN _l_map m ON m.kind = 'money' AND m.text = e.registered_capital
        AND m.unit = coalesce(e.registered_capital_unit, e._hu_registered_capital, '万元')
    WHERE e.eid IS NOT NULL AND m.pkind IS NOT NULL
UNION ALL SELECT 6, e._fno, e._row, 7, 1, e._file, 'employees', 'headcount', NULL, m.msg
    FROM _l_e0 e JOIN _l_map m ON m.kind = 'headcount' AND m.unit = '' AND m.text = e.employees
    WHERE e.eid IS NOT NULL AND _l_int_fast(e.employees) IS NULL AND m.pkind IS NOT NULL
UNION ALL SELECT 6, e._fno, e._row, 8, 0, e._file, 'founded', 'date', NULL, m.msg
    FROM _l_e0 e JOIN _l_map m ON m.kind = 'date' AND m.unit = '' AND m.text = e.founded
    WHERE e.eid IS NOT NULL AND m.pkind IS NOT NULL
{flag_problems}
UNION ALL SELECT 6, _fno, _row, 15, 0, _file, 'links', 'no_link', coalesce(name, ''), NULL FROM _l_e1
    WHERE eid IS NOT NULL AND NOT candidate AND is_local AND NOT inactive
UNION ALL SELECT 6, _fno, _row, 16, 0, _file, 'id', 'duplicate_enterprise', eid, duplicate_of FROM _l_ev
    WHERE candidate AND duplicate_of IS NOT NULL;

-- name: unassigned
SELECT _file, _row FROM _l_e1 WHERE eid IS NOT NULL AND NOT candidate AND NOT is_local ORDER BY _fno, _row;

-- name: review
-- rows whose keywords name several links: assigned to the longest, listed for review
SELECT a._file, a._row FROM _l_acc a
WHERE a.method = 'keyword' AND NOT a.inactive
  AND EXISTS (SELECT 1 FROM _l_ek k WHERE k._fno = a._fno AND k._row = a._row AND k.confidence < 1)
ORDER BY a._fno, a._row;

-- name: named
SELECT _file, _row FROM _l_acc WHERE named ORDER BY _fno, _row;

-- name: inactive
SELECT _file, _row FROM _l_acc WHERE inactive ORDER BY _fno, _row;

-- name: odd_codes
SELECT _file, _row FROM _l_acc WHERE org_bad ORDER BY _fno, _row;

-- name: counts
SELECT _fno, count(*) FROM _l_acc GROUP BY _fno;

-- name: methods
SELECT method, count(*) FROM _l_acc GROUP BY method
UNION ALL SELECT NULL, count(*) FROM _l_e1 WHERE eid IS NOT NULL AND NOT candidate AND NOT is_local;

-- name: group_texts
SELECT DISTINCT parent_group FROM _l_ev WHERE accepted AND parent_group IS NOT NULL;

-- name: unmatched_groups
SELECT e._file, e._row, e.parent_group FROM _l_ev e JOIN _l_res r ON r.text = e.parent_group
WHERE e.accepted AND len(r.ids) <> 1 ORDER BY e._fno, e._row;

-- name: write
INSERT INTO enterprises
WITH e AS (
    SELECT *, coalesce(revenue_unit, _hu_revenue, '万元') AS rev_u,
           coalesce(registered_capital_unit, _hu_registered_capital, '万元') AS cap_u
    FROM _l_ev WHERE accepted AND n_links > 0),
c AS (SELECT *, _l_money_plain(revenue) AS rev_plain, _l_money_plain(registered_capital) AS cap_plain FROM e),
p AS (SELECT *, _l_money_other(revenue, rev_u, rev_plain) AS rev_o, _l_money_other(registered_capital, cap_u, cap_plain) AS cap_o
      FROM c),
v AS (
    SELECT p.*, _l_money_value(_l_money_num_of(p.revenue, p.rev_plain, p.rev_o), fr.scale, fr.factor) AS rev_fast,
           _l_money_value(_l_money_num_of(p.registered_capital, p.cap_plain, p.cap_o), fc.scale, fc.factor) AS cap_fast,
           mr.v_dec AS rev_slow, mr.original AS rev_original, mc.v_dec AS cap_slow, mc.original AS cap_original,
           md.v_text AS district_found, mco.v_text AS county_found, mf.v_date AS founded_slow, mh.v_int AS employees_slow,
           r.ids AS groups, {flag_slow}
    FROM p
    LEFT JOIN _l_mfac fr ON fr.unit = _l_money_unit_of(p.rev_plain, p.rev_o, p.rev_u)
        AND fr.rest = _l_money_rest_of(p.rev_plain, p.rev_o)
    LEFT JOIN _l_mfac fc ON fc.unit = _l_money_unit_of(p.cap_plain, p.cap_o, p.cap_u)
        AND fc.rest = _l_money_rest_of(p.cap_plain, p.cap_o)
    LEFT JOIN _l_map mr ON mr.kind = 'money' AND mr.unit = p.rev_u AND mr.text = p.revenue
    LEFT JOIN _l_map mc ON mc.kind = 'money' AND mc.unit = p.cap_u AND mc.text = p.registered_capital
    LEFT JOIN _l_map md ON md.kind = 'district' AND md.unit = '' AND md.text = p.district
    LEFT JOIN _l_map mco ON mco.kind = 'county' AND mco.unit = '' AND mco.text = p.county
    LEFT JOIN _l_map mf ON mf.kind = 'date' AND mf.unit = '' AND mf.text = p.founded
    LEFT JOIN _l_map mh ON mh.kind = 'headcount' AND mh.unit = '' AND mh.text = p.employees
    LEFT JOIN _l_res r ON r.text = p.parent_group
    {flag_joins})
SELECT $dataset, eid, coalesce(name, ''), is_local, cc,
       CASE WHEN district IS NOT NULL THEN district_found WHEN is_local THEN county_found END,
       province, city, county, address, business_scope, industry_code,
       coalesce(rev_fast, rev_slow), CASE WHEN rev_fast IS NOT NULL THEN revenue ELSE rev_original END,
       coalesce(cap_fast, cap_slow), CASE WHEN cap_fast IS NOT NULL THEN registered_capital ELSE cap_original END,
       coalesce(_l_date_fast(founded), founded_slow), {flag_values},
       CASE WHEN len(groups) = 1 AND groups[1] <> eid THEN groups[1] END, parent_group,
       expansion_signal, {illustrative_value}, source, _file, _row, registration_status,
       coalesce(_l_int_fast(employees), employees_slow)
FROM v ORDER BY _fno, _row;

INSERT INTO operations
WITH links AS (
    SELECT a._fno, a._row, a.eid, i.pos, i.link, coalesce(i.share, rest.rest) AS share, 'table' AS method,
           1.0::DECIMAL(9, 6) AS confidence
    FROM _l_acc a JOIN _l_li2 i ON i.text = a.links AND i.known
    LEFT JOIN _l_rest rest ON rest.given = a.given AND rest.n = a.n_missing
    WHERE a.method = 'table' AND NOT a.inactive
    UNION ALL
    SELECT a._fno, a._row, a.eid, c.pos, c.link, rest.rest, 'industry-code', 1.0::DECIMAL(9, 6)
    FROM _l_acc a JOIN _l_ec c ON c.industry_code = a.industry_code
    LEFT JOIN _l_rest rest ON rest.given = '' AND rest.n = a.n_links
    WHERE a.method = 'industry-code' AND NOT a.inactive
    UNION ALL
    SELECT a._fno, a._row, a.eid, k.pos, k.link, rest.rest, 'keyword', k.confidence
    FROM _l_acc a JOIN _l_ek k ON k._fno = a._fno AND k._row = a._row
    LEFT JOIN _l_rest rest ON rest.given = '' AND rest.n = a.n_links
    WHERE a.method = 'keyword' AND NOT a.inactive)
SELECT $dataset, eid, link, share::DECIMAL(18, 8), method, confidence FROM links ORDER BY _fno, _row, pos;
