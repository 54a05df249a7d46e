-- Which enterprises a text names (an id, a credit code or a name), as the loader has always
-- resolved them: an accepted enterprise id as written, else the first enterprise with that
-- credit code (normalised), else every enterprise whose normalised name it is (in file order).
-- Input: _l_rtexts(text); output appended to _l_res(text, ids). The credit-code and name
-- indexes are built only for the keys asked for (_l_ckeys, _l_nkeys).

-- name: tables
CREATE TEMP TABLE _l_res (text VARCHAR, ids VARCHAR[]);
CREATE TEMP TABLE _l_rtexts (text VARCHAR);
CREATE TEMP TABLE _l_ckeys (cc VARCHAR);
CREATE TEMP TABLE _l_nkeys (key VARCHAR);
CREATE TEMP TABLE _l_credit_index (cc VARCHAR, eid VARCHAR);
CREATE TEMP TABLE _l_name_index (key VARCHAR, ids VARCHAR[]);

-- name: credit_index
INSERT INTO _l_credit_index
SELECT a.cc, arg_min(a.eid, [a._fno, a._row]) FROM _l_acc a
WHERE a.cc IN (SELECT cc FROM _l_ckeys) AND a.cc NOT IN (SELECT cc FROM _l_credit_index) GROUP BY a.cc;
DELETE FROM _l_ckeys;

-- name: names
CREATE TEMP TABLE _l_names AS        -- the matching key of every enterprise's name (NULL: ask Python)
SELECT _fno, _row, eid, name, CASE WHEN name IS NULL THEN '' ELSE _l_norm_fast(name) END AS key FROM _l_acc;

-- name: names_wanted
SELECT DISTINCT 'norm', name, '' FROM _l_names WHERE key IS NULL;

-- name: names_patch
UPDATE _l_names SET key = m.v_text FROM _l_map m
WHERE m.kind = 'norm' AND m.unit = '' AND m.text = _l_names.name AND _l_names.key IS NULL;

-- name: name_index
INSERT INTO _l_name_index
SELECT key, list(eid ORDER BY _fno, _row) FROM _l_names
WHERE key IN (SELECT key FROM _l_nkeys) AND key NOT IN (SELECT key FROM _l_name_index) GROUP BY key;
DELETE FROM _l_nkeys;

-- name: exact
CREATE OR REPLACE TEMP TABLE _l_rt AS
SELECT t.text, a.eid IS NOT NULL AS exact
FROM (SELECT DISTINCT text FROM _l_rtexts WHERE text NOT IN (SELECT text FROM _l_res)) t
LEFT JOIN (SELECT eid FROM _l_acc) a ON a.eid = t.text;

-- name: ckey_wanted
SELECT DISTINCT 'ccnorm', text, '' FROM _l_rt WHERE NOT exact AND _l_ccnorm_fast(text) IS NULL;

-- name: ckeys
CREATE OR REPLACE TEMP TABLE _l_rt2 AS
SELECT t.*, CASE WHEN NOT t.exact THEN coalesce(_l_ccnorm_fast(t.text), m.v_text) END AS ckey
FROM _l_rt t LEFT JOIN _l_map m ON m.kind = 'ccnorm' AND m.unit = '' AND m.text = t.text;
INSERT INTO _l_ckeys SELECT DISTINCT ckey FROM _l_rt2 WHERE ckey IS NOT NULL;

-- name: nkey_wanted
SELECT DISTINCT 'norm', t.text, '' FROM _l_rt2 t LEFT JOIN _l_credit_index ci ON ci.cc = t.ckey
WHERE NOT t.exact AND ci.eid IS NULL AND _l_norm_fast(t.text) IS NULL;

-- name: nkeys
CREATE OR REPLACE TEMP TABLE _l_rt3 AS
SELECT t.*, ci.eid AS by_code,
       CASE WHEN NOT t.exact AND ci.eid IS NULL THEN coalesce(_l_norm_fast(t.text), m.v_text) END AS nkey
FROM _l_rt2 t
LEFT JOIN _l_credit_index ci ON ci.cc = t.ckey
LEFT JOIN _l_map m ON m.kind = 'norm' AND m.unit = '' AND m.text = t.text;
INSERT INTO _l_nkeys SELECT DISTINCT nkey FROM _l_rt3 WHERE nkey IS NOT NULL;
SELECT count(*) FROM _l_nkeys;

-- name: resolve
INSERT INTO _l_res
SELECT t.text, CASE WHEN t.exact THEN [t.text] WHEN t.by_code IS NOT NULL THEN [t.by_code]
                    ELSE coalesce(ni.ids, []::VARCHAR[]) END
FROM _l_rt3 t LEFT JOIN _l_name_index ni ON ni.key = t.nkey;
DELETE FROM _l_rtexts;
