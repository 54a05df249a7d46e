-- chaingap: the regions the datasets describe (dataset.yaml region), smallest IRI first, with
-- what their district rows say about them: its name, province and admin code (GB/T 2260).
-- A province district is its own province.
SELECT d.region, min(x.name) AS name,
       coalesce(min(x.province), min(x.name) FILTER (WHERE x.kind = 'province')) AS province,
       min(x.admin_code) AS admin_code
FROM dataset d
LEFT JOIN districts x ON x.id = d.region
WHERE d.region IS NOT NULL
GROUP BY d.region
ORDER BY url_encode(d.region)
