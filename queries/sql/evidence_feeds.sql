-- chaingap: the feeds-into edges of one link (explain --evidence): each edge into or out of
-- $link, once per chain-file entry that declares it, with the dataset and the line of the
-- chain file (chains.yaml) where it is written, and its weight, evidence and confidence (NULL
-- when the entry gives none; a minimum feed weight decides what counts, not this list).
--
-- Parameters: $link (link id).
SELECT f.source, f.target, f.chain, f.dataset, 'chains.yaml' AS file, f._line AS line, d.as_of,
       f.weight, f.evidence, f.confidence
FROM feeds f LEFT JOIN dataset d ON d.dataset = f.dataset
WHERE f.source = $link OR f.target = $link
ORDER BY f.source, f.target, f.dataset, f._line
