-- The projects and project_stages tables (checks.py, phases "projects" and "project_stages").
-- Input: _l_raw_projects, _l_raw_stages (cells as text); _l_map for what SQL cannot decide.

-- name: money_units
WITH m AS (SELECT investment AS x, coalesce(investment_unit, _hu_investment, '万元') AS u FROM _l_raw_projects WHERE investment IS NOT NULL),
c AS (SELECT x, u, _l_money_plain(x) AS plain FROM m),
e AS (SELECT x, u, plain, _l_money_other(x, u, plain) AS o FROM c)
SELECT DISTINCT CASE WHEN plain OR o IS NOT NULL THEN 'unit' ELSE 'money' END,
       CASE WHEN plain THEN u WHEN o IS NULL THEN x ELSE o.unit END,
       CASE WHEN plain THEN '' WHEN o IS NULL THEN u ELSE o.rest END FROM e;

-- name: money_wanted
WITH m AS (SELECT investment AS x, coalesce(investment_unit, _hu_investment, '万元') AS u FROM _l_raw_projects WHERE investment IS NOT NULL),
c AS (SELECT x, u, _l_money_plain(x) AS plain FROM m),
e AS (SELECT x, u, plain, _l_money_other(x, u, plain) AS o FROM c)
SELECT DISTINCT 'money', x, u FROM e
LEFT JOIN _l_mfac f ON f.unit = _l_money_unit_of(plain, o, u) AND f.rest = _l_money_rest_of(plain, o)
WHERE (plain OR o IS NOT NULL) AND _l_money_value(_l_money_num_of(x, plain, o), f.scale, f.factor) IS NULL;

-- name: wanted
WITH r AS (SELECT *, coalesce(investment_unit, _hu_investment, '万元') AS inv_u, _l_money_plain(investment) AS inv_plain,
                  _l_money_other(investment, inv_u, inv_plain) AS inv_o
           FROM _l_raw_projects)
SELECT DISTINCT 'district', district, '' FROM r WHERE district IS NOT NULL
UNION ALL SELECT DISTINCT 'stage', stage, '' FROM r WHERE stage IS NOT NULL
UNION ALL SELECT DISTINCT 'agreement', agreement, '' FROM r WHERE agreement IS NOT NULL
UNION ALL SELECT DISTINCT 'credit', investor_credit_code, '' FROM r
    WHERE investor_credit_code IS NOT NULL AND _l_cc_fast(investor_credit_code) IS NULL
UNION ALL SELECT DISTINCT 'date', signed_on, '' FROM r WHERE signed_on IS NOT NULL AND _l_date_fast(signed_on) IS NULL
UNION ALL SELECT DISTINCT 'flag', illustrative, '' FROM r WHERE illustrative IS NOT NULL AND _l_flag_fast(illustrative) IS NULL
UNION ALL SELECT DISTINCT 'stage', stage, '' FROM _l_raw_stages WHERE stage IS NOT NULL
UNION ALL SELECT DISTINCT 'date', "date", '' FROM _l_raw_stages WHERE "date" IS NOT NULL AND _l_date_fast("date") IS NULL;

-- name: rows
CREATE TEMP TABLE _l_p AS
WITH r AS (SELECT *, coalesce(investment_unit, _hu_investment, '万元') AS inv_u, _l_money_plain(investment) AS inv_plain,
                  _l_money_other(investment, inv_u, inv_plain) AS inv_o
           FROM _l_raw_projects),
f AS (SELECT r.*, _l_money_value(_l_money_num_of(r.investment, r.inv_plain, r.inv_o), fi.scale, fi.factor) AS inv_fast FROM r
      LEFT JOIN _l_mfac fi ON fi.unit = _l_money_unit_of(r.inv_plain, r.inv_o, r.inv_u) AND fi.rest = _l_money_rest_of(r.inv_plain, r.inv_o))
SELECT f._file, f._row, f.id, f.name, f.district AS district_text, md.v_text AS district, f.links AS links_text,
       f.chain AS chain_text, CASE WHEN f.chain IN (SELECT id FROM _l_chain_ids) THEN f.chain END AS chain,
       f.stage AS stage_text, ms.v_text AS stage, ms.msg AS stage_msg,
       f.agreement AS agreement_text, ma.v_text AS agreement,
       f.investor, f.investor_credit_code AS cc_text, coalesce(_l_cc_fast(f.investor_credit_code), mc.v_text) AS cc,
       mc.msg AS cc_error,
       coalesce(f.inv_fast, mi.v_dec) AS investment,
       CASE WHEN f.inv_fast IS NOT NULL THEN f.investment ELSE mi.original END AS investment_original,
       CASE WHEN f.inv_fast IS NULL THEN mi.pkind END AS investment_pk, mi.msg AS investment_msg,
       coalesce(_l_date_fast(f.signed_on), mdt.v_date) AS signed_on,
       CASE WHEN _l_date_fast(f.signed_on) IS NULL THEN mdt.msg END AS signed_on_msg,
       coalesce(_l_flag_fast(f.illustrative), mf.v_bool, false) AS illustrative,
       CASE WHEN _l_flag_fast(f.illustrative) IS NULL AND mf.pkind IS NOT NULL THEN mf.original END AS illustrative_bad,
       f.source, f.id IS NOT NULL AND f.name IS NOT NULL AS complete
FROM f
LEFT JOIN _l_map md ON md.kind = 'district' AND md.unit = '' AND md.text = f.district
LEFT JOIN _l_map ms ON ms.kind = 'stage' AND ms.unit = '' AND ms.text = f.stage
LEFT JOIN _l_map ma ON ma.kind = 'agreement' AND ma.unit = '' AND ma.text = f.agreement
LEFT JOIN _l_map mc ON mc.kind = 'credit' AND mc.unit = '' AND mc.text = f.investor_credit_code
LEFT JOIN _l_map mi ON mi.kind = 'money' AND mi.unit = f.inv_u AND mi.text = f.investment
LEFT JOIN _l_map mdt ON mdt.kind = 'date' AND mdt.unit = '' AND mdt.text = f.signed_on
LEFT JOIN _l_map mf ON mf.kind = 'flag' AND mf.unit = '' AND mf.text = f.illustrative;

CREATE TEMP TABLE _l_p2 AS           -- the first complete row of an id is the project
SELECT *, complete AND _row > min(CASE WHEN complete THEN _row END) OVER (PARTITION BY id) AS duplicate
FROM _l_p;

-- name: items
CREATE TEMP TABLE _l_pi AS
WITH l AS (SELECT _row, string_split_regex(links_text, '[;；、]') AS items FROM _l_p WHERE links_text IS NOT NULL),
s AS (SELECT _row, _l_trim(unnest(items)) AS item, unnest(range(1, len(items) + 1)) AS n FROM l),
u AS (SELECT _row, replace(item, '：', ':') AS item, row_number() OVER (PARTITION BY _row ORDER BY n) AS pos
      FROM s WHERE item <> '')
SELECT _row, pos, _l_trim(regexp_extract(item, '(?s)^([^:]*)', 1)) AS link,
       CASE WHEN contains(item, ':') THEN nullif(_l_trim(regexp_extract(item, '(?s)^[^:]*:(.*)$', 1)), '') END AS share_text
FROM u;

-- name: share_wanted
SELECT DISTINCT 'share', share_text, '' FROM _l_pi WHERE share_text IS NOT NULL AND _l_share_fast(share_text) IS NULL;

-- name: item_checks
CREATE TEMP TABLE _l_pi2 AS
SELECT i.*, i.share_text IS NOT NULL AND _l_share_fast(i.share_text) IS NULL AND ms.pkind IS NOT NULL AS share_bad,
       i.link IN (SELECT id FROM _l_link_ids) AS known
FROM _l_pi i LEFT JOIN _l_map ms ON ms.kind = 'share' AND ms.unit = '' AND ms.text = i.share_text;

-- name: investor_codes
INSERT INTO _l_ckeys SELECT DISTINCT cc FROM _l_p2 WHERE complete AND NOT duplicate AND cc IS NOT NULL;

-- name: investor_wanted
SELECT DISTINCT 'norm', p.investor, '' FROM _l_p2 p LEFT JOIN _l_credit_index ci ON ci.cc = p.cc
WHERE p.complete AND NOT p.duplicate AND ci.eid IS NULL AND p.investor IS NOT NULL AND _l_norm_fast(p.investor) IS NULL;

-- name: investor_names
CREATE TEMP TABLE _l_pinv0 AS
SELECT p._row, p.investor, ci.eid AS by_code,
       CASE WHEN ci.eid IS NULL AND p.investor IS NOT NULL THEN coalesce(_l_norm_fast(p.investor), mn.v_text) END AS nkey
FROM _l_p2 p
LEFT JOIN _l_credit_index ci ON ci.cc = p.cc
LEFT JOIN _l_map mn ON mn.kind = 'norm' AND mn.unit = '' AND mn.text = p.investor
WHERE p.complete AND NOT p.duplicate;
INSERT INTO _l_nkeys SELECT DISTINCT nkey FROM _l_pinv0 WHERE nkey IS NOT NULL;
SELECT count(*) FROM _l_nkeys;

-- name: investors
CREATE TEMP TABLE _l_pinv AS
SELECT i._row, i.investor, i.by_code, coalesce(ni.ids, []::VARCHAR[]) AS by_name
FROM _l_pinv0 i LEFT JOIN _l_name_index ni ON ni.key = i.nkey;

-- name: ambiguous_investors
SELECT p._file, p._row, i.investor, i.by_name FROM _l_pinv i JOIN _l_p2 p USING (_row)
WHERE i.by_code IS NULL AND len(i.by_name) > 1 ORDER BY p._row;

-- name: stages
CREATE TEMP TABLE _l_s AS
SELECT s._file, s._row, s.project, s.stage AS stage_text, ms.v_text AS stage, ms.msg AS stage_msg,
       s."date" AS date_text, coalesce(_l_date_fast(s."date"), md.v_date) AS on_date,
       CASE WHEN _l_date_fast(s."date") IS NULL THEN md.msg END AS date_msg,
       s.project IN (SELECT id FROM _l_p2 WHERE complete AND NOT duplicate) AS known
FROM _l_raw_stages s
LEFT JOIN _l_map ms ON ms.kind = 'stage' AND ms.unit = '' AND ms.text = s.stage
LEFT JOIN _l_map md ON md.kind = 'date' AND md.unit = '' AND md.text = s."date";

CREATE TEMP TABLE _l_events AS       -- a project's events: the signing its signed_on implies, then the table's
WITH given AS (SELECT project, stage, on_date, _file, _row FROM _l_s WHERE known AND stage IS NOT NULL AND on_date IS NOT NULL),
implied AS (
    SELECT p.id AS project, 'signed' AS stage, p.signed_on AS on_date, NULL::VARCHAR AS _file, NULL::INTEGER AS _row
    FROM _l_p2 p WHERE p.complete AND NOT p.duplicate AND p.signed_on IS NOT NULL
      AND p.id NOT IN (SELECT project FROM given WHERE stage = 'signed'))
SELECT *, 0 AS ord FROM implied UNION ALL SELECT *, 1 FROM given;

-- name: problems
INSERT INTO _l_problems
SELECT 7, 0, _row, 1, 0, _file, 'id', 'required', NULL, NULL FROM _l_p2 WHERE id IS NULL
UNION ALL SELECT 7, 0, _row, 2, 0, _file, 'name', 'required', NULL, NULL FROM _l_p2 WHERE name IS NULL
UNION ALL SELECT 7, 0, _row, 3, 0, _file, 'district', 'required', NULL, NULL FROM _l_p2 WHERE district_text IS NULL
UNION ALL SELECT 7, 0, _row, 4, 0, _file, 'district', 'unknown_district', district_text, NULL FROM _l_p2
    WHERE district_text IS NOT NULL AND district IS NULL
UNION ALL SELECT 7, 0, i._row, 5, 2 * i.pos, p._file, 'links', 'bad_share', i.share_text, i.link
    FROM _l_pi2 i JOIN _l_p2 p USING (_row) WHERE i.share_bad
UNION ALL SELECT 7, 0, i._row, 5, 2 * i.pos + 1, p._file, 'links', 'unknown_link', i.link, NULL
    FROM _l_pi2 i JOIN _l_p2 p USING (_row) WHERE NOT i.known
UNION ALL SELECT 7, 0, _row, 6, 0, _file, 'chain', 'unknown_chain', chain_text, NULL FROM _l_p2
    WHERE chain_text IS NOT NULL AND chain IS NULL
UNION ALL SELECT 7, 0, _row, 7, 0, _file, 'stage', 'stage', NULL, stage_msg FROM _l_p2
    WHERE stage_text IS NOT NULL AND stage IS NULL
UNION ALL SELECT 7, 0, _row, 8, 0, _file, 'agreement', 'agreement', agreement_text, NULL FROM _l_p2
    WHERE agreement_text IS NOT NULL AND agreement IS NULL
UNION ALL SELECT 7, 0, _row, 9, 0, _file, 'investor_credit_code', 'credit_code', cc_text, cc_error FROM _l_p2
    WHERE cc_text IS NOT NULL AND cc IS NULL
UNION ALL SELECT 7, 0, _row, 10, 0, _file, 'investment', investment_pk,
    CASE WHEN investment_pk = 'negative' THEN investment_original END, investment_msg FROM _l_p2
    WHERE investment_pk IS NOT NULL
UNION ALL SELECT 7, 0, _row, 11, 0, _file, 'signed_on', 'date', NULL, signed_on_msg FROM _l_p2 WHERE signed_on_msg IS NOT NULL
UNION ALL SELECT 7, 0, _row, 12, 0, _file, 'illustrative', 'flag', illustrative_bad, NULL FROM _l_p2
    WHERE illustrative_bad IS NOT NULL
UNION ALL SELECT 7, 0, _row, 13, 0, _file, 'id', 'duplicate_project', id, NULL FROM _l_p2 WHERE duplicate
UNION ALL SELECT 8, 0, _row, 1, 0, _file, 'project', 'required', NULL, NULL FROM _l_s WHERE project IS NULL
UNION ALL SELECT 8, 0, _row, 2, 0, _file, 'stage', 'required', NULL, NULL FROM _l_s WHERE stage_text IS NULL
UNION ALL SELECT 8, 0, _row, 3, 0, _file, 'date', 'date', NULL, date_msg FROM _l_s WHERE date_msg IS NOT NULL
UNION ALL SELECT 8, 0, _row, 4, 0, _file, 'date', 'date_required', NULL, NULL FROM _l_s WHERE date_text IS NULL
UNION ALL SELECT 8, 0, _row, 5, 0, _file, 'stage', 'stage', NULL, stage_msg FROM _l_s
    WHERE stage_text IS NOT NULL AND stage IS NULL
UNION ALL SELECT 8, 0, _row, 6, 0, _file, 'project', 'unknown_project', project, NULL FROM _l_s
    WHERE project IS NOT NULL AND NOT known;

-- name: counts
SELECT (SELECT count(*) FROM _l_p2 WHERE complete AND NOT duplicate),
       (SELECT count(*) FROM _l_events WHERE _row IS NOT NULL);

-- name: write
INSERT INTO projects
SELECT $dataset, p.id, p.name, p.district, p.chain, p.investor, p.cc,
       coalesce(i.by_code, CASE WHEN p.investor IS NOT NULL AND len(i.by_name) = 1 THEN i.by_name[1] END),
       p.investment, p.investment_original,
       coalesce(p.stage, (SELECT arg_max(e.stage, [{stage_order}, epoch(e.on_date)]) FROM _l_events e WHERE e.project = p.id)),
       p.signed_on, p.agreement, p.illustrative, p.source, p._file, p._row
FROM _l_p2 p JOIN _l_pinv i USING (_row)
WHERE p.complete AND NOT p.duplicate ORDER BY p._row;

INSERT INTO project_links
SELECT $dataset, p.id, i.link FROM _l_pi2 i JOIN _l_p2 p USING (_row)
WHERE p.complete AND NOT p.duplicate AND i.known ORDER BY p._row, i.pos;

INSERT INTO stage_events
SELECT $dataset, e.project, e.stage, e.on_date, e._file, e._row
FROM _l_events e JOIN _l_p2 p ON p.id = e.project AND p.complete AND NOT p.duplicate
ORDER BY p._row, e.ord, e._row;
