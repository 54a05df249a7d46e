// chaingap: projects signed in a period (docs/pipeline.md) - the figures of
// queries/sql/pipeline_signed.sql and queries/sparql/pipeline_signed.rq, over the graph
// `chaingap neo4j push` writes. Parameters: $domesticMin, $foreignMinUsd, $frameworkCounts
// (which projects count); $periodFrom, $periodTo, $beforeFrom, $beforeTo (dates), $year; $district
// (null: the whole city; else a district IRI: the credit it or a district inside it holds).
MATCH (p:Project)
WHERE (p.agreement IS NULL OR p.agreement <> "framework" OR $frameworkCounts)
  AND CASE WHEN p.investmentOrigin = "foreign" THEN coalesce(p.investmentUsd >= $foreignMinUsd, false)
           ELSE coalesce(p.investment >= $domesticMin, false) END
MATCH (p)-[:HAS_STAGE_EVENT]->(e:Resource)-[:STAGE]->(s:Resource) WHERE s.stageOrder = 1
WITH p, min(e.onDate) AS signed
WITH p, CASE WHEN $periodFrom <= signed <= $periodTo THEN "this"
             WHEN $beforeFrom <= signed <= $beforeTo THEN "before" END AS period
WHERE period IS NOT NULL
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
WITH p, period, w WHERE w > 0
WITH sum(CASE WHEN period = "this" THEN w ELSE 0.0 END) AS projects,
     sum(CASE WHEN period = "this" THEN w * p.investment ELSE 0.0 END) AS investment,
     sum(CASE WHEN period = "before" THEN w ELSE 0.0 END) AS projectsBefore,
     sum(CASE WHEN period = "before" THEN w * p.investment ELSE 0.0 END) AS investmentBefore,
     sum(CASE WHEN period = "this" AND p.manufacturing THEN w ELSE 0.0 END) AS manufacturing,
     sum(CASE WHEN period = "this" AND p.inKeyChain THEN w ELSE 0.0 END) AS keyChain,
     collect(CASE WHEN period = "this" THEN p.iri END) AS ids,
     collect(CASE WHEN period = "before" THEN p.iri END) AS idsBefore
CALL () {
  OPTIONAL MATCH (target:AnnualTarget) WHERE target.targetYear = $year
    AND CASE WHEN $district IS NULL THEN NOT EXISTS { (target)-[:TARGET_DISTRICT]->() }
             ELSE EXISTS { (target)-[:TARGET_DISTRICT]->(:Resource {iri: $district}) } END
  RETURN max(target.targetProjects) AS targetProjects, max(target.targetInvestment) AS targetInvestment
}
RETURN projects, investment, projectsBefore, investmentBefore,
       CASE WHEN projectsBefore = 0 THEN null ELSE (projects - projectsBefore) / projectsBefore END AS projectsGrowth,
       CASE WHEN investmentBefore = 0 THEN null ELSE (investment - investmentBefore) / investmentBefore END AS investmentGrowth,
       targetProjects, CASE WHEN coalesce(targetProjects, 0) = 0 THEN null ELSE projects / targetProjects END AS projectsOfTarget,
       targetInvestment,
       CASE WHEN coalesce(targetInvestment, 0) = 0 THEN null ELSE investment / targetInvestment END AS investmentOfTarget,
       manufacturing, CASE WHEN projects = 0 THEN null ELSE manufacturing / projects END AS manufacturingShare,
       keyChain, CASE WHEN projects = 0 THEN null ELSE keyChain / projects END AS keyChainShare,
       ids, idsBefore
