-- chaingap: projects targeting one link or one of its sub-links, by current stage (explain).
-- Parameter: $link (a link id).
WITH RECURSIVE closure(sub) AS (
    SELECT CAST($link AS VARCHAR)
    UNION
    SELECT l.id FROM closure c JOIN links l ON l.parent = c.sub
)
SELECT p.stage, count(DISTINCT p.id) AS projects
FROM projects p
JOIN project_links pl ON pl.project = p.id
SEMI JOIN closure c ON c.sub = pl.link
WHERE p.stage IS NOT NULL
GROUP BY p.stage
