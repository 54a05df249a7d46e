-- chaingap: the stage of each project on $as_of (docs/pipeline.md, dates and stages): the
-- furthest stage with a dated event on or before $as_of (a project that reached 开工 without a
-- dated 落地 has landed by then too: stages count by order). Every project with an event by
-- then, counted or not; a project with none is in no stage yet and has no row.
-- Parameters: $as_of. Small table the engine registers for the run:
--   gap_stage_orders(stage, stage_order)   chaingap.ontology.vocab.STAGES
SELECT e.project, arg_max(s.stage, s.stage_order) AS stage, max(s.stage_order) AS stage_order
FROM (SELECT DISTINCT project, stage, on_date FROM stage_events) e
JOIN gap_stage_orders s ON s.stage = e.stage
WHERE e.on_date <= $as_of
GROUP BY e.project
ORDER BY e.project
