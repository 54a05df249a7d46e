-- The districts table (checks.py, phase "districts"). Input: _l_raw_districts (one row per
-- non-empty row of the file, cells as text, NULL when empty); the kind, admin-code and yes/no
-- cells the fast macros cannot decide are in _l_map.

-- name: rows
CREATE TEMP TABLE _l_d AS
SELECT r._file, r._row, r.id, r.name, r.kind AS kind_text, mk.v_text AS kind, r.parent,
       r.admin_code AS admin_text, coalesce(_l_admin_fast(r.admin_code), ma.v_bool, false) AS admin_ok,
       coalesce(_l_flag_fast(r.illustrative), mf.v_bool, false) AS illustrative,
       CASE WHEN _l_flag_fast(r.illustrative) IS NULL AND mf.pkind IS NOT NULL THEN mf.original END AS illustrative_bad,
       r.source,
       r.id IS NOT NULL AND r.name IS NOT NULL AND mk.v_text IS NOT NULL AS complete
FROM _l_raw_districts r
LEFT JOIN _l_map mk ON mk.kind = 'kind' AND mk.unit = '' AND mk.text = r.kind
LEFT JOIN _l_map ma ON ma.kind = 'admin' AND ma.unit = '' AND ma.text = r.admin_code
LEFT JOIN _l_map mf ON mf.kind = 'flag' AND mf.unit = '' AND mf.text = r.illustrative;

CREATE TEMP TABLE _l_d2 AS           -- the first complete row of an id is the district
SELECT *, complete AND _row > min(CASE WHEN complete THEN _row END) OVER (PARTITION BY id) AS duplicate
FROM _l_d;

-- name: problems
INSERT INTO _l_problems
SELECT 3, 0, _row, 1, 0, _file, 'id', 'required', NULL, NULL FROM _l_d2 WHERE id IS NULL
UNION ALL SELECT 3, 0, _row, 2, 0, _file, 'name', 'required', NULL, NULL FROM _l_d2 WHERE name IS NULL
UNION ALL SELECT 3, 0, _row, 3, 0, _file, 'kind', 'required', NULL, NULL FROM _l_d2 WHERE kind_text IS NULL
UNION ALL SELECT 3, 0, _row, 4, 0, _file, 'kind', 'district_kind', kind_text, NULL FROM _l_d2
    WHERE kind_text IS NOT NULL AND kind IS NULL
UNION ALL SELECT 3, 0, _row, 5, 0, _file, 'id', 'duplicate_district', id, NULL FROM _l_d2 WHERE duplicate
UNION ALL SELECT 3, 0, _row, 6, 0, _file, 'admin_code', 'admin_code', admin_text, NULL FROM _l_d2
    WHERE complete AND NOT duplicate AND admin_text IS NOT NULL AND NOT admin_ok
UNION ALL SELECT 3, 0, _row, 7, 0, _file, 'illustrative', 'flag', illustrative_bad, NULL FROM _l_d2
    WHERE complete AND NOT duplicate AND illustrative_bad IS NOT NULL
UNION ALL SELECT 4, 0, d._row, 1, 0, d._file, 'parent', 'unknown_parent_district', d.parent, NULL FROM _l_d2 d
    WHERE d.complete AND NOT d.duplicate AND d.parent IS NOT NULL
      AND d.parent NOT IN (SELECT id FROM _l_d2 WHERE complete AND NOT duplicate);

-- name: write
INSERT INTO districts
SELECT $dataset, id, name, kind, parent, CASE WHEN admin_ok THEN admin_text END, NULL, illustrative, source, _file, _row
FROM _l_d2 WHERE complete AND NOT duplicate ORDER BY _row;
