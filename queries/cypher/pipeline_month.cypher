// chaingap: what happened to the projects that count in [$periodFrom, $periodTo] (docs/pipeline.md,
// the monthly report) - the rows of queries/sql/pipeline_month.sql and queries/sparql/pipeline_month.rq,
// over the graph `chaingap neo4j push` writes: kind "signed" (the first signing falls in the
// period), "stage" (a dated stage event other than signing in the period), "transfer" (a transfer
// dated in the period). Parameters: $domesticMin, $foreignMinUsd, $frameworkCounts; $periodFrom,
// $periodTo (dates).
MATCH (p:Project)-[:LOCATED_IN]->(d:Resource)
WHERE (p.agreement IS NULL OR p.agreement <> "framework" OR $frameworkCounts)
  AND CASE WHEN p.investmentOrigin = "foreign" THEN coalesce(p.investmentUsd >= $foreignMinUsd, false)
           ELSE coalesce(p.investment >= $domesticMin, false) END
CALL (p) {
  MATCH (p)-[:HAS_STAGE_EVENT]->(e:Resource)-[:STAGE]->(s:Resource) WHERE s.stageOrder = 1
  WITH s, min(e.onDate) AS on
  RETURN "signed" AS kind, s.iri AS stage, on, null AS fromDistrict, null AS toDistrict, null AS credit
  UNION ALL
  MATCH (p)-[:HAS_STAGE_EVENT]->(e:Resource)-[:STAGE]->(s:Resource) WHERE s.stageOrder <> 1
  RETURN DISTINCT "stage" AS kind, s.iri AS stage, e.onDate AS on, null AS fromDistrict, null AS toDistrict,
         null AS credit
  UNION ALL
  MATCH (p)-[:HAS_TRANSFER]->(t:Resource)-[:FROM_DISTRICT]->(f:Resource), (t)-[:TO_DISTRICT]->(r:Resource)
  RETURN "transfer" AS kind, null AS stage, t.onDate AS on, f.iri AS fromDistrict, r.iri AS toDistrict,
         t.creditShare AS credit
}
WITH p, d, kind, stage, on, fromDistrict, toDistrict, credit
WHERE $periodFrom <= on <= $periodTo
RETURN kind, p.iri AS project, p.name AS name, d.iri AS district, stage, on, fromDistrict, toDistrict, credit,
       p.investment AS investment
ORDER BY kind, on, project
