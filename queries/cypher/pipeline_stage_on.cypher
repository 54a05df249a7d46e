// chaingap: the stage of each project on $asOf (docs/pipeline.md, dates and stages) - the rows of
// queries/sql/pipeline_stage_on.sql and queries/sparql/pipeline_stage_on.rq, over the graph
// `chaingap neo4j push` writes: the furthest stage (by stageOrder) with a dated event on or
// before $asOf; every project with such an event, counted or not. Parameter: $asOf (a date).
MATCH (p:Project)-[:HAS_STAGE_EVENT]->(e:Resource)-[:STAGE]->(s:Resource)
WHERE e.onDate <= $asOf
WITH p, s ORDER BY s.stageOrder DESC
WITH p, collect(s)[0] AS top
RETURN p.iri AS project, top.iri AS stage, top.stageOrder AS stageOrder
ORDER BY project
