// chaingap: laggards (未按约定推进项目, docs/pipeline.md) on $asOf - the rows of
// queries/sql/pipeline_laggards.sql and queries/sparql/pipeline_laggards.rq, over the graph
// `chaingap neo4j push` writes. For each project that counts, signed by $asOf and credited to
// $district (w > 0; 1 for the whole city), and each commitment kind: committed = the amount of
// the latest "committed" row due on or before $asOf (the largest when two share that date),
// actual = the latest "actual" row on or before $asOf (0 when none); a row when actual < committed.
// Parameters: $domesticMin, $foreignMinUsd, $frameworkCounts; $asOf (a date); $district (null:
// the whole city; else a district IRI).
MATCH (p:Project)
WHERE (p.agreement IS NULL OR p.agreement <> "framework" OR $frameworkCounts)
  AND CASE WHEN p.investmentOrigin = "foreign" THEN coalesce(p.investmentUsd >= $foreignMinUsd, false)
           ELSE coalesce(p.investment >= $domesticMin, false) END
MATCH (p)-[:HAS_STAGE_EVENT]->(e:Resource)-[:STAGE]->(s:Resource) WHERE s.stageOrder = 1
WITH p, min(e.onDate) AS signed
WHERE signed <= $asOf
MATCH (p)-[:HAS_COMMITMENT]->(c:Resource) WHERE c.commitmentRecord = "committed" AND c.onDate <= $asOf
WITH p, c.commitmentKind AS kind, collect(c) AS due
WITH p, kind, reduce(last = null, x IN due | CASE WHEN last IS NULL OR x.onDate > last.onDate
     OR (x.onDate = last.onDate AND x.commitmentAmount > last.commitmentAmount) THEN x ELSE last END) AS latest
OPTIONAL MATCH (p)-[:HAS_COMMITMENT]->(a:Resource)
WHERE a.commitmentRecord = "actual" AND a.commitmentKind = kind AND a.onDate <= $asOf
WITH p, kind, latest, collect(a) AS done
WITH p, kind, latest, reduce(last = null, x IN done | CASE WHEN last IS NULL OR x.onDate > last.onDate
     OR (x.onDate = last.onDate AND x.commitmentAmount > last.commitmentAmount) THEN x ELSE last END) AS reached
WITH p, kind, latest.onDate AS dueOn, latest.commitmentAmount AS committed,
     coalesce(reached.commitmentAmount, 0.0) AS actual, reached.onDate AS actualOn
WHERE actual < committed
CALL (p) {
  WITH p WHERE $district IS NULL
  RETURN 1.0 AS w
  UNION
  WITH p WHERE $district IS NOT NULL
  MATCH (whole:Resource {iri: $district})
  OPTIONAL MATCH (p)-[:HAS_TRANSFER]->(t:Resource)
  WITH p, whole, collect(t) AS moves
  WITH p, whole, moves, reduce(s = 0.0, m IN moves | s + m.creditShare) AS given,
       head([m IN moves WHERE all(o IN moves WHERE o.onDate >= m.onDate)]) AS first
  RETURN CASE WHEN size(moves) = 0
              THEN CASE WHEN size([(p)-[:LOCATED_IN]->()-[:PART_OF*0..]->(whole) | 1]) > 0 THEN 1.0 ELSE 0.0 END
              ELSE reduce(s = 0.0, m IN moves |
                          s + CASE WHEN size([(m)-[:TO_DISTRICT]->()-[:PART_OF*0..]->(whole) | 1]) > 0
                                   THEN m.creditShare ELSE 0.0 END)
                   + CASE WHEN size([(first)-[:FROM_DISTRICT]->()-[:PART_OF*0..]->(whole) | 1]) > 0
                          THEN 1.0 - given ELSE 0.0 END END AS w
}
WITH p, kind, dueOn, committed, actual, actualOn, w WHERE w > 0
MATCH (p)-[:LOCATED_IN]->(d:Resource)
RETURN p.iri AS project, p.name AS name, d.iri AS district, kind, dueOn, committed, actual, actualOn,
       committed - actual AS gap, w
ORDER BY district, gap DESC, project, kind
