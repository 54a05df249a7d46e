-- Checks across the rows of a dataset's tables of record, after the row checks
-- (chaingap.loaders.integrity): facts each row may state alone but not together.
-- Every query returns problem rows: file, row, column, kind, value, detail.
-- $dataset is the dataset id, $as_of its as_of date (NULL when not given).

-- name: credit_codes
-- one credit code, two enterprise ids (local or pool): the same firm twice
SELECT e._file, e._row, 'credit_code', 'duplicate_credit_code', e.credit_code,
       f.id || ' at ' || f._file || ' row ' || f._row
FROM (SELECT *, row_number() OVER (PARTITION BY credit_code ORDER BY NOT is_local, _file, _row) AS n
      FROM enterprises WHERE dataset = $dataset AND credit_code IS NOT NULL) e
JOIN (SELECT *, row_number() OVER (PARTITION BY credit_code ORDER BY NOT is_local, _file, _row) AS n
      FROM enterprises WHERE dataset = $dataset AND credit_code IS NOT NULL) f
  ON f.credit_code = e.credit_code AND f.n = 1
WHERE e.n > 1 AND e.id <> f.id
ORDER BY e._file, e._row;

-- name: shares
-- the shares of one enterprise's links add up to more than 1 (a little over 1 is rounding)
SELECT e._file, e._row, 'links', 'shares_over_one', e.id, CAST(s.total AS VARCHAR)
FROM (SELECT enterprise, sum(share) AS total FROM operations
      WHERE dataset = $dataset AND share IS NOT NULL GROUP BY enterprise) s
JOIN enterprises e ON e.dataset = $dataset AND e.id = s.enterprise
WHERE s.total > 1.001
ORDER BY e._file, e._row;

-- name: self_supply
SELECT _file, _row, 'customer', 'self_supply', supplier, NULL
FROM supply WHERE dataset = $dataset AND supplier = customer
ORDER BY _file, _row;

-- name: founded
-- founded after the day the data describes
SELECT _file, _row, 'founded', 'founded_after_as_of', CAST(founded AS VARCHAR), CAST($as_of AS VARCHAR)
FROM enterprises WHERE dataset = $dataset AND $as_of IS NOT NULL AND founded > $as_of
ORDER BY _file, _row;

-- name: outreach_dates
-- an outreach row dated after the day the data describes; a log in a dataset without as_of
SELECT _file, _row, 'date', 'outreach_after_as_of', CAST(on_date AS VARCHAR), CAST($as_of AS VARCHAR)
FROM outreach WHERE dataset = $dataset AND $as_of IS NOT NULL AND on_date > $as_of
UNION ALL
SELECT 'dataset.yaml', NULL, 'as_of', 'outreach_needs_as_of', NULL, NULL
FROM (SELECT 1 FROM outreach WHERE dataset = $dataset AND $as_of IS NULL LIMIT 1)
ORDER BY 1, 2 NULLS FIRST;

-- name: district_parents
SELECT id, parent, _file, _row FROM districts WHERE dataset = $dataset ORDER BY _row;

-- name: ids
-- every id a user writes and others refer to, for the comparison without width and zero-width
-- characters: only ids that are not plain printable ASCII can collide with another one, so
-- only those leave DuckDB (with the plain ids they may equal, found by _l_id_keys); the two
-- queries below read this one as _l_all_ids
SELECT 'districts' AS kind, id, _file, _row FROM districts WHERE dataset = $dataset
UNION ALL SELECT 'enterprises', id, _file, _row FROM enterprises WHERE dataset = $dataset
UNION ALL SELECT 'projects', id, _file, _row FROM projects WHERE dataset = $dataset
UNION ALL SELECT 'products', id, _file, _row FROM products WHERE dataset = $dataset
UNION ALL SELECT 'links', id, 'chains.yaml', _line FROM links WHERE dataset = $dataset
UNION ALL SELECT 'chains', id, 'chains.yaml', _line FROM chains WHERE dataset = $dataset;


-- name: odd_ids
SELECT kind, id, _file, _row FROM _l_all_ids WHERE NOT regexp_full_match(id, '[!-~]*') ORDER BY kind, _file, _row;

-- name: plain_matches
-- the first plain id equal to each key
SELECT k.kind, k.key, min_by(a.id, (a._file, a._row)), min_by(a._file, (a._file, a._row)), min_by(a._row, (a._file, a._row))
FROM _l_id_keys k JOIN _l_all_ids a ON a.kind = k.kind AND a.id = k.key
GROUP BY k.kind, k.key
