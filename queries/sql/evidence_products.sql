-- chaingap: the products of one link (explain --evidence): every product whose link is $link or
-- a sub-link of it (products.link), with its brand, the firm that makes it and where the row
-- came from. (The chain file names no products of its own.)
--
-- Parameters: $link (link id).
WITH RECURSIVE
closure(sub) AS (
    SELECT CAST($link AS VARCHAR)
    UNION
    SELECT l.id FROM closure c JOIN links l ON l.parent = c.sub
)
SELECT p.id AS product, p.name, p.brand, p.enterprise, p.link, p.dataset, p._file AS file, p._row AS "row", d.as_of
FROM products p JOIN closure c ON c.sub = p.link
LEFT JOIN dataset d ON d.dataset = p.dataset
ORDER BY p.id, p.dataset, p._row
