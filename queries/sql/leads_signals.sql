-- chaingap: the expansion signal of each of $enterprises (VARCHAR[]) and the as-of date of the
-- dataset whose row states it (the signal is as recent as the data): the smallest signal, and
-- the latest as-of among the rows giving that signal. docs/gap-rules.md, "Leads".
WITH given AS (
    SELECT e.id, e.expansion_signal AS signal, d.as_of
    FROM enterprises e LEFT JOIN dataset d ON d.dataset = e.dataset
    WHERE e.id IN (SELECT unnest(CAST($enterprises AS VARCHAR[]))) AND coalesce(e.expansion_signal, '') <> ''
),
smallest AS (SELECT id, min(signal) AS signal FROM given GROUP BY id)
SELECT s.id AS enterprise, s.signal, max(g.as_of) AS as_of
FROM smallest s JOIN given g ON g.id = s.id AND g.signal = s.signal
GROUP BY s.id, s.signal
ORDER BY s.id
