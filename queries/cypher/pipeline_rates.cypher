// chaingap: the landing, start and statistics-entry rates of a signing cohort (docs/pipeline.md) -
// the figures of queries/sql/pipeline_rates.sql and queries/sparql/pipeline_rates.rq, over the
// graph `chaingap neo4j push` writes. Parameters: $domesticMin, $foreignMinUsd, $frameworkCounts;
// $cohortFrom, $cohortTo, $asOf (dates); $district (null: the whole city; else a district IRI).
MATCH (p:Project)
WHERE (p.agreement IS NULL OR p.agreement <> "framework" OR $frameworkCounts)
  AND CASE WHEN p.investmentOrigin = "foreign" THEN coalesce(p.investmentUsd >= $foreignMinUsd, false)
           ELSE coalesce(p.investment >= $domesticMin, false) END
MATCH (p)-[:HAS_STAGE_EVENT]->(e:Resource)-[:STAGE]->(s:Resource) WHERE s.stageOrder = 1
WITH p, min(e.onDate) AS signed
WHERE $cohortFrom <= signed <= $cohortTo AND signed <= $asOf
MATCH (p)-[:HAS_STAGE_EVENT]->(event:Resource)-[:STAGE]->(stage:Resource) WHERE event.onDate <= $asOf
WITH p, max(stage.stageOrder) AS reachedOrder
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
WITH p, reachedOrder, w WHERE w > 0
UNWIND [["landing", 2, 1], ["start", 3, 2], ["statistics", 5, 3]] AS wanted
WITH wanted[0] AS rate, wanted[1] AS needed, wanted[2] AS pos, p, reachedOrder, w
WITH rate, pos, sum(CASE WHEN reachedOrder >= needed THEN w ELSE 0.0 END) AS numerator, sum(w) AS denominator,
     collect(CASE WHEN reachedOrder >= needed THEN p.iri END) AS reached, collect(p.iri) AS cohort
RETURN rate, numerator, denominator, CASE WHEN denominator = 0 THEN null ELSE numerator / denominator END AS value,
       reached, cohort
ORDER BY pos
