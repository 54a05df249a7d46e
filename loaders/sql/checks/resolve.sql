-- Which enterprises a text names (an id, a credit code or a name), as the loader has always
-- resolved them: an accepted enterprise id as written, else the first enterprise with that
-- credit code (normalised), else every enterprise whose normalised name it is (in file order).
-- Input: _l_rtexts(text); output appended to _l_res(text, ids).

-- name: pending
SELECT count(*) FROM (SELECT DISTINCT text FROM _l_rtexts) t
LEFT JOIN _l_acc a ON a.eid = t.text
LEFT JOIN _l_map mk ON mk.kind = 'ccnorm' AND mk.unit = '' AND mk.text = t.text
LEFT JOIN _l_credit_index ci ON ci.cc = coalesce(_l_ccnorm_fast(t.text), mk.v_text)
WHERE t.text NOT IN (SELECT text FROM _l_res) AND a.eid IS NULL AND ci.eid IS NULL;

-- name: wanted
SELECT DISTINCT 'ccnorm', text, '' FROM _l_rtexts WHERE _l_ccnorm_fast(text) IS NULL
UNION ALL SELECT DISTINCT 'norm', text, '' FROM _l_rtexts WHERE _l_norm_fast(text) IS NULL;

-- name: resolve
INSERT INTO _l_res
SELECT t.text, CASE WHEN a.eid IS NOT NULL THEN [t.text] WHEN ci.eid IS NOT NULL THEN [ci.eid]
                    ELSE coalesce(ni.ids, []::VARCHAR[]) END
FROM (SELECT DISTINCT text FROM _l_rtexts WHERE text NOT IN (SELECT text FROM _l_res)) t
LEFT JOIN _l_acc a ON a.eid = t.text
LEFT JOIN _l_map mk ON mk.kind = 'ccnorm' AND mk.unit = '' AND mk.text = t.text
LEFT JOIN _l_credit_index ci ON ci.cc = coalesce(_l_ccnorm_fast(t.text), mk.v_text)
LEFT JOIN _l_map mn ON mn.kind = 'norm' AND mn.unit = '' AND mn.text = t.text
LEFT JOIN _l_name_index ni ON ni.key = coalesce(_l_norm_fast(t.text), mn.v_text);
DELETE FROM _l_rtexts;
