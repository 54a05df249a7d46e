-- chaingap: provinces of the local firms and how many firms give each (the region's province
-- when neither the profile nor the region's district names one: the most common).
-- Parameters: $district (NULL, or the district whose firms alone count as local), $region
-- (NULL, or the district whose firms, local or pool, count as local).
WITH RECURSIVE district_parts(id) AS (
    SELECT CAST(coalesce($region, $district) AS VARCHAR) WHERE coalesce($region, $district) IS NOT NULL
    UNION
    SELECT d.id FROM district_parts p JOIN districts d ON d.parent = p.id
)
SELECT province, count(*) AS firms
FROM enterprises
WHERE (is_local OR $region IS NOT NULL) AND province IS NOT NULL AND province <> ''
  AND (coalesce($region, $district) IS NULL OR district IN (SELECT id FROM district_parts))
GROUP BY province
ORDER BY province
