-- The pipeline's tables: project_terms (from projects), project_transfers and targets
-- (checks.py, phase "pipeline", after the projects). Input: _l_p2 and _l_pi2 (the projects and
-- their link items as checked), _l_raw_projects, _l_raw_transfers, _l_raw_targets (cells as
-- text), _l_codes (industry codes of links), _l_map for what SQL cannot decide.

-- name: wanted
WITH r AS (SELECT *, coalesce(investment_unit, _hu_investment, '万元') AS inv_u FROM _l_raw_projects),
t AS (SELECT *, coalesce(investment_unit, _hu_investment, '万元') AS inv_u FROM _l_raw_targets)
SELECT DISTINCT 'currency', investment, inv_u FROM r WHERE investment IS NOT NULL
UNION ALL SELECT DISTINCT 'origin', origin, '' FROM r WHERE origin IS NOT NULL
UNION ALL SELECT DISTINCT 'decimal', land_mu, '' FROM r WHERE land_mu IS NOT NULL AND _p_dec_fast(land_mu) IS NULL
UNION ALL SELECT DISTINCT 'district', "from", '' FROM _l_raw_transfers WHERE "from" IS NOT NULL
UNION ALL SELECT DISTINCT 'district', "to", '' FROM _l_raw_transfers WHERE "to" IS NOT NULL
UNION ALL SELECT DISTINCT 'date', "date", '' FROM _l_raw_transfers WHERE "date" IS NOT NULL AND _l_date_fast("date") IS NULL
UNION ALL SELECT DISTINCT 'share', credit, '' FROM _l_raw_transfers WHERE credit IS NOT NULL AND _l_share_fast(credit) IS NULL
UNION ALL SELECT DISTINCT 'flag', illustrative, '' FROM _l_raw_transfers WHERE illustrative IS NOT NULL AND _l_flag_fast(illustrative) IS NULL
UNION ALL SELECT DISTINCT 'district', district, '' FROM t WHERE district IS NOT NULL
UNION ALL SELECT DISTINCT 'int', "year", '' FROM t WHERE "year" IS NOT NULL AND _l_int_fast("year") IS NULL
UNION ALL SELECT DISTINCT 'int', projects, '' FROM t WHERE projects IS NOT NULL AND _l_int_fast(projects) IS NULL
UNION ALL SELECT DISTINCT 'money', investment, inv_u FROM t WHERE investment IS NOT NULL
UNION ALL SELECT DISTINCT 'flag', illustrative, '' FROM t WHERE illustrative IS NOT NULL AND _l_flag_fast(illustrative) IS NULL;

-- name: terms
CREATE TEMP TABLE _l_pt AS
WITH r AS (SELECT *, coalesce(investment_unit, _hu_investment, '万元') AS inv_u FROM _l_raw_projects),
links AS (SELECT i._row, bool_or(_p_manufacturing(c.key)) AS mfg, count(*) > 0 AS any_link
          FROM _l_pi2 i LEFT JOIN _l_codes c ON c.link = i.link WHERE i.known GROUP BY i._row)
SELECT r._file, r._row, r.id, mc.v_text AS currency, r.origin AS origin_text, mo.v_text AS stated_origin,
       r.industry_code, r.land_mu AS land_text, coalesce(_p_dec_fast(r.land_mu), ml.v_dec) AS land_mu,
       CASE WHEN _p_dec_fast(r.land_mu) IS NULL THEN ml.pkind END AS land_pk, ml.msg AS land_msg,
       coalesce(_p_manufacturing(upper(regexp_replace(r.industry_code, '[^0-9A-Za-z]', '', 'g'))),
                coalesce(l.mfg, false)) AS manufacturing,
       coalesce(l.any_link, false) OR p.chain IS NOT NULL AS key_chain, p.investment
FROM r JOIN _l_p2 p ON p._row = r._row
LEFT JOIN links l ON l._row = r._row
LEFT JOIN _l_map mc ON mc.kind = 'currency' AND mc.unit = r.inv_u AND mc.text = r.investment
LEFT JOIN _l_map mo ON mo.kind = 'origin' AND mo.unit = '' AND mo.text = r.origin
LEFT JOIN _l_map ml ON ml.kind = 'decimal' AND ml.unit = '' AND ml.text = r.land_mu
WHERE p.complete AND NOT p.duplicate;

-- name: transfers
CREATE TEMP TABLE _l_tr AS
SELECT r._file, r._row, r.project, r.project IN (SELECT id FROM _l_p2 WHERE complete AND NOT duplicate) AS known,
       r."date" AS date_text, coalesce(_l_date_fast(r."date"), md.v_date) AS on_date,
       CASE WHEN _l_date_fast(r."date") IS NULL THEN md.msg END AS date_msg,
       r."from" AS from_text, mf.v_text AS from_district, r."to" AS to_text, mt.v_text AS to_district,
       r.credit AS credit_text, coalesce(_l_share_fast(r.credit), ms.v_dec, CASE WHEN r.credit IS NULL THEN 1 END) AS credit,
       coalesce(_l_flag_fast(r.illustrative), mi.v_bool, false) AS illustrative,
       CASE WHEN _l_flag_fast(r.illustrative) IS NULL AND mi.pkind IS NOT NULL THEN mi.original END AS illustrative_bad,
       r.source
FROM _l_raw_transfers r
LEFT JOIN _l_map md ON md.kind = 'date' AND md.unit = '' AND md.text = r."date"
LEFT JOIN _l_map mf ON mf.kind = 'district' AND mf.unit = '' AND mf.text = r."from"
LEFT JOIN _l_map mt ON mt.kind = 'district' AND mt.unit = '' AND mt.text = r."to"
LEFT JOIN _l_map ms ON ms.kind = 'share' AND ms.unit = '' AND ms.text = r.credit
LEFT JOIN _l_map mi ON mi.kind = 'flag' AND mi.unit = '' AND mi.text = r.illustrative;

-- name: targets
CREATE TEMP TABLE _l_tg AS
WITH t AS (SELECT *, coalesce(investment_unit, _hu_investment, '万元') AS inv_u FROM _l_raw_targets)
SELECT t._file, t._row, t."year" AS year_text, coalesce(_l_int_fast(t."year"), my.v_int) AS "year",
       t.district AS district_text, md.v_text AS district,
       t.projects AS projects_text, coalesce(_l_int_fast(t.projects), mp.v_int) AS projects,
       mi.v_dec AS investment, mi.original AS investment_original, mi.pkind AS investment_pk, mi.msg AS investment_msg,
       coalesce(_l_flag_fast(t.illustrative), mf.v_bool, false) AS illustrative,
       CASE WHEN _l_flag_fast(t.illustrative) IS NULL AND mf.pkind IS NOT NULL THEN mf.original END AS illustrative_bad,
       t.source
FROM t
LEFT JOIN _l_map my ON my.kind = 'int' AND my.unit = '' AND my.text = t."year"
LEFT JOIN _l_map md ON md.kind = 'district' AND md.unit = '' AND md.text = t.district
LEFT JOIN _l_map mp ON mp.kind = 'int' AND mp.unit = '' AND mp.text = t.projects
LEFT JOIN _l_map mi ON mi.kind = 'money' AND mi.unit = t.inv_u AND mi.text = t.investment
LEFT JOIN _l_map mf ON mf.kind = 'flag' AND mf.unit = '' AND mf.text = t.illustrative;

-- name: problems
INSERT INTO _l_problems
SELECT 7, 0, _row, 14, 0, _file, 'origin', 'origin', origin_text, NULL FROM _l_pt
    WHERE origin_text IS NOT NULL AND stated_origin IS NULL
UNION ALL SELECT 7, 0, _row, 15, 0, _file, 'land_mu', land_pk, land_text, land_msg FROM _l_pt WHERE land_pk IS NOT NULL
UNION ALL SELECT 13, 0, _row, 1, 0, _file, 'project', 'required', NULL, NULL FROM _l_tr WHERE project IS NULL
UNION ALL SELECT 13, 0, _row, 2, 0, _file, 'project', 'unknown_project', project, NULL FROM _l_tr
    WHERE project IS NOT NULL AND NOT known
UNION ALL SELECT 13, 0, _row, 3, 0, _file, 'date', 'date_required', NULL, NULL FROM _l_tr WHERE date_text IS NULL
UNION ALL SELECT 13, 0, _row, 4, 0, _file, 'date', 'date', NULL, date_msg FROM _l_tr WHERE date_msg IS NOT NULL
UNION ALL SELECT 13, 0, _row, 5, 0, _file, 'from', 'required', NULL, NULL FROM _l_tr WHERE from_text IS NULL
UNION ALL SELECT 13, 0, _row, 6, 0, _file, 'from', 'unknown_district', from_text, NULL FROM _l_tr
    WHERE from_text IS NOT NULL AND from_district IS NULL
UNION ALL SELECT 13, 0, _row, 7, 0, _file, 'to', 'required', NULL, NULL FROM _l_tr WHERE to_text IS NULL
UNION ALL SELECT 13, 0, _row, 8, 0, _file, 'to', 'unknown_district', to_text, NULL FROM _l_tr
    WHERE to_text IS NOT NULL AND to_district IS NULL
UNION ALL SELECT 13, 0, _row, 9, 0, _file, 'credit', 'credit_share', credit_text, NULL FROM _l_tr WHERE credit IS NULL
UNION ALL SELECT 13, 0, _row, 10, 0, _file, 'illustrative', 'flag', illustrative_bad, NULL FROM _l_tr
    WHERE illustrative_bad IS NOT NULL
UNION ALL SELECT 13, 0, t._row, 11, 0, t._file, 'credit', 'credit_total', t.project, CAST(s.total AS VARCHAR)
    FROM _l_tr t JOIN (SELECT project, sum(credit) AS total FROM _l_tr WHERE known GROUP BY project HAVING sum(credit) > 1) s
    USING (project) WHERE t._row = (SELECT max(_row) FROM _l_tr x WHERE x.project = t.project)
UNION ALL SELECT 14, 0, _row, 1, 0, _file, 'year', 'required', NULL, NULL FROM _l_tg WHERE year_text IS NULL
UNION ALL SELECT 14, 0, _row, 2, 0, _file, 'year', 'integer', NULL, 'not a year: ' || year_text FROM _l_tg
    WHERE year_text IS NOT NULL AND "year" IS NULL
UNION ALL SELECT 14, 0, _row, 3, 0, _file, 'district', 'unknown_district', district_text, NULL FROM _l_tg
    WHERE district_text IS NOT NULL AND district IS NULL
UNION ALL SELECT 14, 0, _row, 4, 0, _file, 'projects', 'integer', NULL, 'not a whole number: ' || projects_text FROM _l_tg
    WHERE projects_text IS NOT NULL AND projects IS NULL
UNION ALL SELECT 14, 0, _row, 5, 0, _file, 'investment', investment_pk,
    CASE WHEN investment_pk = 'negative' THEN investment_original END, investment_msg FROM _l_tg
    WHERE investment_pk IS NOT NULL
UNION ALL SELECT 14, 0, _row, 6, 0, _file, 'illustrative', 'flag', illustrative_bad, NULL FROM _l_tg
    WHERE illustrative_bad IS NOT NULL;

-- name: counts
SELECT (SELECT count(*) FROM _l_tr), (SELECT count(*) FROM _l_tg);

-- name: write
INSERT INTO project_terms
SELECT $dataset, id, currency,
       coalesce(stated_origin, CASE WHEN currency IS NOT NULL AND currency <> 'CNY' THEN 'foreign' ELSE 'domestic' END),
       industry_code, manufacturing, key_chain, land_mu,
       CASE WHEN $usd_rate > 0 THEN (investment / $usd_rate)::DECIMAL(38, 8) END
FROM _l_pt ORDER BY _row;

INSERT INTO project_transfers
SELECT $dataset, project, on_date, from_district, to_district, credit, illustrative, source, _file, _row
FROM _l_tr WHERE known AND on_date IS NOT NULL AND from_district IS NOT NULL AND to_district IS NOT NULL
     AND credit IS NOT NULL ORDER BY _row;

INSERT INTO targets
SELECT $dataset, "year", district, projects, investment, investment_original, illustrative, source, _file, _row
FROM _l_tg WHERE "year" IS NOT NULL ORDER BY _row;

-- name: macros
CREATE OR REPLACE TEMP MACRO _p_dec_fast(x) AS CASE WHEN {fast} AND regexp_full_match(x, '[0-9]{{1,12}}(\.[0-9]{{1,4}})?')
    THEN x::DECIMAL(18, 4) END;
-- GB/T 4754 section C (manufacturing): the letter C, or a numeric code whose division is 13-43
CREATE OR REPLACE TEMP MACRO _p_manufacturing(key) AS CASE WHEN key IS NULL OR key = '' THEN NULL
    WHEN starts_with(key, 'C') THEN true
    WHEN regexp_full_match(key, '[0-9]{{2}}.*') THEN substr(key, 1, 2)::INTEGER BETWEEN 13 AND 43
    ELSE false END;
