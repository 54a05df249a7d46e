-- project_commitments (项目承诺): what a project's contract commits it to, by date, and what it
-- reached (checks.py, phase "commitments", after the pipeline). Input: _l_raw_commitments (cells
-- as text), _l_p2 (the projects as checked), _l_map for what SQL cannot decide.

-- name: wanted
WITH r AS (SELECT *, coalesce(amount_unit, _hu_amount, '万元') AS amt_u FROM _l_raw_commitments)
SELECT DISTINCT 'commitment_kind', kind, '' FROM r WHERE kind IS NOT NULL
UNION ALL SELECT DISTINCT 'commitment_record', record, '' FROM r WHERE record IS NOT NULL
UNION ALL SELECT DISTINCT 'date', "date", '' FROM r WHERE "date" IS NOT NULL AND _l_date_fast("date") IS NULL
UNION ALL SELECT DISTINCT 'money', amount, amt_u FROM r WHERE amount IS NOT NULL
UNION ALL SELECT DISTINCT 'flag', illustrative, '' FROM r WHERE illustrative IS NOT NULL AND _l_flag_fast(illustrative) IS NULL;

-- name: rows
CREATE TEMP TABLE _l_cm AS
WITH r AS (SELECT *, coalesce(amount_unit, _hu_amount, '万元') AS amt_u FROM _l_raw_commitments)
SELECT r._file, r._row, r.project, r.project IN (SELECT id FROM _l_p2 WHERE complete AND NOT duplicate) AS known,
       r.kind AS kind_text, mk.v_text AS kind, r.record AS record_text, mr.v_text AS record,
       r."date" AS date_text, coalesce(_l_date_fast(r."date"), md.v_date) AS on_date,
       CASE WHEN _l_date_fast(r."date") IS NULL THEN md.msg END AS date_msg,
       r.amount AS amount_text, ma.v_dec AS amount, ma.original AS amount_original, ma.pkind AS amount_pk, ma.msg AS amount_msg,
       coalesce(_l_flag_fast(r.illustrative), mi.v_bool, false) AS illustrative,
       CASE WHEN _l_flag_fast(r.illustrative) IS NULL AND mi.pkind IS NOT NULL THEN mi.original END AS illustrative_bad,
       r.source
FROM r
LEFT JOIN _l_map mk ON mk.kind = 'commitment_kind' AND mk.unit = '' AND mk.text = r.kind
LEFT JOIN _l_map mr ON mr.kind = 'commitment_record' AND mr.unit = '' AND mr.text = r.record
LEFT JOIN _l_map md ON md.kind = 'date' AND md.unit = '' AND md.text = r."date"
LEFT JOIN _l_map ma ON ma.kind = 'money' AND ma.unit = r.amt_u AND ma.text = r.amount
LEFT JOIN _l_map mi ON mi.kind = 'flag' AND mi.unit = '' AND mi.text = r.illustrative;

-- name: problems
INSERT INTO _l_problems
SELECT 15, 0, _row, 1, 0, _file, 'project', 'required', NULL, NULL FROM _l_cm WHERE project IS NULL
UNION ALL SELECT 15, 0, _row, 2, 0, _file, 'project', 'unknown_project', project, NULL FROM _l_cm
    WHERE project IS NOT NULL AND NOT known
UNION ALL SELECT 15, 0, _row, 3, 0, _file, 'kind', 'required', NULL, NULL FROM _l_cm WHERE kind_text IS NULL
UNION ALL SELECT 15, 0, _row, 4, 0, _file, 'kind', 'commitment_kind', kind_text, NULL FROM _l_cm
    WHERE kind_text IS NOT NULL AND kind IS NULL
UNION ALL SELECT 15, 0, _row, 5, 0, _file, 'record', 'required', NULL, NULL FROM _l_cm WHERE record_text IS NULL
UNION ALL SELECT 15, 0, _row, 6, 0, _file, 'record', 'commitment_record', record_text, NULL FROM _l_cm
    WHERE record_text IS NOT NULL AND record IS NULL
UNION ALL SELECT 15, 0, _row, 7, 0, _file, 'date', 'date_required', NULL, NULL FROM _l_cm WHERE date_text IS NULL
UNION ALL SELECT 15, 0, _row, 8, 0, _file, 'date', 'date', NULL, date_msg FROM _l_cm WHERE date_msg IS NOT NULL
UNION ALL SELECT 15, 0, _row, 9, 0, _file, 'amount', 'required', NULL, NULL FROM _l_cm WHERE amount_text IS NULL
UNION ALL SELECT 15, 0, _row, 10, 0, _file, 'amount', amount_pk,
    CASE WHEN amount_pk = 'negative' THEN amount_original END, amount_msg FROM _l_cm WHERE amount_pk IS NOT NULL
UNION ALL SELECT 15, 0, _row, 11, 0, _file, 'illustrative', 'flag', illustrative_bad, NULL FROM _l_cm
    WHERE illustrative_bad IS NOT NULL;

-- name: counts
SELECT count(*) FROM _l_cm;

-- name: write
INSERT INTO project_commitments
SELECT $dataset, project, kind, record, on_date, amount, amount_original, illustrative, source, _file, _row
FROM _l_cm WHERE known AND kind IS NOT NULL AND record IS NOT NULL AND on_date IS NOT NULL AND amount IS NOT NULL
ORDER BY _row;
