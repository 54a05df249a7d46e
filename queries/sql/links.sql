-- chaingap: every link with its chain, segment and names, for the gap engine's answer.
-- A link listed by several datasets (or chains) is listed once, under the smallest chain IRI
-- (the percent-encoded chain id); names are the smallest given.
WITH listed AS (
    SELECT id AS link, arg_min(chain, url_encode(chain)) AS chain, coalesce(min(segment), '') AS segment,
           min(name) AS name, coalesce(min(name_en), '') AS name_en
    FROM links
    GROUP BY id
),
chain_names AS (SELECT id AS chain, min(name) AS chain_name FROM chains GROUP BY id)
SELECT l.link, l.chain, coalesce(c.chain_name, '') AS chain_name, l.segment, l.name, l.name_en
FROM listed l LEFT JOIN chain_names c ON c.chain = l.chain
ORDER BY l.link
