-- outreach (走访记录): each contact with a firm - a visit, a talk, a decline, a signing (checks.py,
-- phase "outreach", after the small tables; docs/pipeline.md, held back). Input: _l_raw_outreach
-- (cells as text), _l_res (what the enterprise texts resolve to), _l_map for what SQL cannot
-- decide. A date after the dataset's as_of is a problem across tables (integrity.sql).

-- name: wanted
SELECT DISTINCT 'outreach_kind', kind, '' FROM _l_raw_outreach WHERE kind IS NOT NULL
UNION ALL SELECT DISTINCT 'date', "date", '' FROM _l_raw_outreach WHERE "date" IS NOT NULL AND _l_date_fast("date") IS NULL
UNION ALL SELECT DISTINCT 'flag', illustrative, '' FROM _l_raw_outreach
    WHERE illustrative IS NOT NULL AND _l_flag_fast(illustrative) IS NULL;

-- name: rows
CREATE TEMP TABLE _l_or AS
SELECT r._file, r._row, r.enterprise, e.ids AS found,
       r.kind AS kind_text, mk.v_text AS kind,
       r."date" AS date_text, coalesce(_l_date_fast(r."date"), md.v_date) AS on_date,
       CASE WHEN _l_date_fast(r."date") IS NULL THEN md.msg END AS date_msg, r.note,
       coalesce(_l_flag_fast(r.illustrative), mi.v_bool, false) AS illustrative,
       CASE WHEN _l_flag_fast(r.illustrative) IS NULL AND mi.pkind IS NOT NULL THEN mi.original END AS illustrative_bad,
       r.source
FROM _l_raw_outreach r
LEFT JOIN _l_res e ON e.text = r.enterprise
LEFT JOIN _l_map mk ON mk.kind = 'outreach_kind' AND mk.unit = '' AND mk.text = r.kind
LEFT JOIN _l_map md ON md.kind = 'date' AND md.unit = '' AND md.text = r."date"
LEFT JOIN _l_map mi ON mi.kind = 'flag' AND mi.unit = '' AND mi.text = r.illustrative;

-- name: problems
INSERT INTO _l_problems
SELECT 16, 0, _row, 1, 0, _file, 'enterprise', 'required', NULL, NULL FROM _l_or WHERE enterprise IS NULL
UNION ALL SELECT 16, 0, _row, 2, 0, _file, 'enterprise', CASE WHEN len(found) = 0 THEN 'unknown_enterprise'
    ELSE 'ambiguous_enterprise' END, enterprise, array_to_string(found, ', ') FROM _l_or
    WHERE enterprise IS NOT NULL AND len(found) <> 1
UNION ALL SELECT 16, 0, _row, 3, 0, _file, 'date', 'date_required', NULL, NULL FROM _l_or WHERE date_text IS NULL
UNION ALL SELECT 16, 0, _row, 4, 0, _file, 'date', 'date', NULL, date_msg FROM _l_or WHERE date_msg IS NOT NULL
UNION ALL SELECT 16, 0, _row, 5, 0, _file, 'kind', 'required', NULL, NULL FROM _l_or WHERE kind_text IS NULL
UNION ALL SELECT 16, 0, _row, 6, 0, _file, 'kind', 'outreach_kind', kind_text, NULL FROM _l_or
    WHERE kind_text IS NOT NULL AND kind IS NULL
UNION ALL SELECT 16, 0, _row, 7, 0, _file, 'illustrative', 'flag', illustrative_bad, NULL FROM _l_or
    WHERE illustrative_bad IS NOT NULL;

-- name: counts
SELECT count(*) FROM _l_or WHERE len(found) = 1 AND kind IS NOT NULL AND on_date IS NOT NULL;

-- name: write
INSERT INTO outreach
SELECT $dataset, found[1], on_date, kind, note, illustrative, source, _file, _row
FROM _l_or WHERE len(found) = 1 AND kind IS NOT NULL AND on_date IS NOT NULL
ORDER BY _row;
