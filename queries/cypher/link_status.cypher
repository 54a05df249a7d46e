// chaingap: status of every link (missing, being_filled, weak, normal, strong,
// insufficient_evidence, no_data), the numbers
// behind it and the extension flag (延链) - the question of queries/sparql/link_status.rq,
// computed here in Cypher from the graph `chaingap neo4j push` (or the neo4j-csv bulk import)
// writes from the tables of record, aggregates included. downstreamCount / criticality are
// read from the Link nodes, which carry them (graph/measures.py, as every engine reads them), unless
// $measures (a map link IRI -> [downstreamCount, criticality], {} for none) gives them: with a
// minimum feed weight the caller computes them over the edges that count (chaingap.cli.servers).
// $minFeedWeight: a FEEDS_INTO relationship whose weight is below it is ignored; one without a
// weight always counts (0: every relationship).
// Exact rules: docs/gap-rules.md. Schema: docs/property-graph.md.
// A division by zero gives null here, as the SPARQL's unbound result does.
// Parameters: $benchmark ("graph"|"dataset"), $lqBasis ("auto"|"revenue"|"count"),
//   $strongLqMin, $strongCountMin, $weakLqBelow, $weakCountBelow, $filledStageOrder,
//   $keyRevenueMin (万元), $domesticMin, $foreignMinUsd, $frameworkCounts (which projects count,
//   docs/pipeline.md), $localMin, $benchmarkMin (evidence minimums), $topShareAbove, $hhiAbove
//   (a strong or normal link whose top share or HHI, rounded half-up to 6 decimals, is above
//   either is flagged singleFirm, 单一企业依赖; topFirm names the local member with the largest
//   revenue x share, ties: the smallest IRI; x is compared rounded to 6 decimals, so float error
//   does not break a tie the decimal engines see). Run: chaingap query --cypher link_status

// totals e(.,R), e(.,N): each enterprise working in at least one link, once, whole revenue
CALL () {
  MATCH (e:Resource) WHERE EXISTS { (e)-[:OPERATES_IN]->() }
  WITH coalesce(e.isLocal, false) AS isLoc, coalesce(e.revenue, 0.0) AS r
  RETURN sum(CASE WHEN isLoc THEN 1 ELSE 0 END) AS totalLocalCount,
         sum(CASE WHEN isLoc THEN r ELSE 0.0 END) AS totalLocalRevenue,
         count(*) AS totalAllCount, sum(r) AS totalAllRevenue
}
CALL () {
  OPTIONAL MATCH (bl:Resource) WHERE bl.benchmarkEnterprises IS NOT NULL AND NOT EXISTS { ()-[:SUB_LINK_OF]->(bl) }
  RETURN sum(bl.benchmarkEnterprises) AS totalBenchCount
}
CALL () {
  OPTIONAL MATCH (bl:Resource) WHERE bl.benchmarkRevenue IS NOT NULL AND NOT EXISTS { ()-[:SUB_LINK_OF]->(bl) }
  RETURN sum(bl.benchmarkRevenue) AS totalBenchRevenue
}
// per-link aggregates: a link counts the enterprises of its sub-links; share = the largest
// share of the enterprise in the link or its sub-links (1 when none is given)
MATCH (:Resource)-[:HAS_LINK]->(link:Resource)
WITH DISTINCT link, totalLocalCount, totalLocalRevenue, totalAllCount, totalAllRevenue, totalBenchCount, totalBenchRevenue
CALL (link) {
  OPTIONAL MATCH (e:Resource)-[op:OPERATES_IN]->(:Resource)-[:SUB_LINK_OF*0..]->(link)
  WITH e, max(coalesce(op.share, 1.0)) AS s
  WITH e, s, coalesce(e.isLocal, false) AS isLoc, coalesce(e.revenue, 0.0) AS rev
  WITH e, isLoc, rev, rev * s AS x
  WITH e, isLoc, x, CASE WHEN isLoc THEN x ELSE 0.0 END AS localX,
       CASE WHEN isLoc AND (coalesce(e.isListed, false) OR coalesce(e.isSpecialised, false)
                            OR coalesce(e.isChainLeader, false) OR rev >= $keyRevenueMin) THEN 1 ELSE 0 END AS isKey
  RETURN sum(CASE WHEN e IS NOT NULL AND isLoc THEN 1 ELSE 0 END) AS n,
         coalesce(sum(CASE WHEN e IS NULL THEN 0.0 ELSE localX END), 0.0) AS eR,
         coalesce(max(CASE WHEN e IS NULL THEN 0.0 ELSE localX END), 0.0) AS localMax,
         coalesce(sum(CASE WHEN e IS NULL THEN 0.0 ELSE localX * localX END), 0.0) AS localSumSq,
         sum(CASE WHEN e IS NULL THEN 0 ELSE isKey END) AS nKey,
         count(e) AS nN,
         coalesce(sum(CASE WHEN e IS NULL THEN 0.0 ELSE x END), 0.0) AS eN
}
// the local member with the largest x (ties: the smallest IRI)
CALL (link) {
  OPTIONAL MATCH (e:Resource)-[op:OPERATES_IN]->(:Resource)-[:SUB_LINK_OF*0..]->(link)
  WHERE coalesce(e.isLocal, false)
  WITH e, max(coalesce(op.share, 1.0)) AS s
  WITH e, coalesce(e.revenue, 0.0) * s AS x
  ORDER BY round(x, 6) DESC, e.iri ASC
  LIMIT 1
  RETURN e.iri AS topFirm
}
// project pipeline: projects targeting the link or a sub-link, furthest stage reached
CALL (link) {
  OPTIONAL MATCH (p:Project)-[:TARGETS_LINK]->(:Resource)-[:SUB_LINK_OF*0..]->(link),
                 (p)-[:CURRENT_STAGE]->(stage:Resource)
  // only the projects that count (docs/pipeline.md): no framework agreement, the threshold reached
  WHERE (p.agreement IS NULL OR p.agreement <> "framework" OR $frameworkCounts)
    AND CASE WHEN p.investmentOrigin = "foreign" THEN coalesce(p.investmentUsd >= $foreignMinUsd, false)
             ELSE coalesce(p.investment >= $domesticMin, false) END
  RETURN count(DISTINCT p) AS projects, coalesce(max(stage.stageOrder), 0) AS maxStageOrder
}
WITH link, n, eR, localMax, localSumSq, nKey, nN, eN, projects, maxStageOrder, topFirm,
     link.benchmarkEnterprises AS bn, link.benchmarkRevenue AS be,
     totalLocalCount, totalLocalRevenue, totalAllCount, totalAllRevenue, totalBenchCount, totalBenchRevenue
WITH *,
     CASE WHEN totalLocalCount * nN = 0 THEN null
          ELSE toFloat(n * totalAllCount) / (totalLocalCount * nN) END AS lqCountGraph,
     CASE WHEN totalLocalRevenue * eN = 0 THEN null
          ELSE (eR * totalAllRevenue) / (totalLocalRevenue * eN) END AS lqRevenueGraph,
     CASE WHEN bn IS NULL OR totalLocalCount * bn = 0 THEN null
          ELSE toFloat(n * totalBenchCount) / (totalLocalCount * bn) END AS lqCountDataset,
     CASE WHEN be IS NULL OR totalLocalRevenue * be = 0 THEN null
          ELSE (eR * totalBenchRevenue) / (totalLocalRevenue * be) END AS lqRevenueDataset
WITH *,
     CASE WHEN $benchmark = "dataset" THEN coalesce(lqCountDataset, lqCountGraph) ELSE lqCountGraph END AS lqCount,
     CASE WHEN $benchmark = "dataset" THEN coalesce(lqRevenueDataset, lqRevenueGraph) ELSE lqRevenueGraph END AS lqRevenue
WITH *,
     CASE WHEN $lqBasis = "count" OR ($lqBasis = "auto" AND (eR = 0 OR lqRevenue IS NULL))
          THEN "count" ELSE "revenue" END AS lqBasisUsed
WITH *, CASE WHEN lqBasisUsed = "count" THEN lqCount ELSE lqRevenue END AS lq
// an LQ is rounded half-up to 6 decimals before any threshold sees it (docs/gap-rules.md)
WITH *, floor(lq * 1e6 + 0.5) / 1e6 AS lqRounded
// the benchmark firms the evidence rests on: the dataset's count when it is used, else the graph's
WITH *, CASE WHEN $benchmark = "dataset" AND coalesce(bn, 0) > 0 THEN bn ELSE nN END AS bCount
WITH *, (n >= $strongCountMin AND n >= $localMin AND bCount >= $benchmarkMin
         AND coalesce(lqRounded >= $strongLqMin, false)) AS isStrong
WITH collect({link: link, n: n, eR: eR, nKey: nKey, nN: nN, eN: eN, bn: bn, be: be,
              lqCount: lqCount, lqRevenue: lqRevenue, lq: lq, lqRounded: lqRounded, lqBasisUsed: lqBasisUsed,
              isStrong: isStrong, bCount: bCount,
              localMax: localMax, localSumSq: localSumSq, projects: projects, topFirm: topFirm,
              maxStageOrder: maxStageOrder}) AS rows
WITH rows, [row IN rows WHERE row.isStrong | row.link.iri] AS strongIris
UNWIND rows AS row
WITH row, row.link AS link, strongIris
CALL (link, strongIris) {
  OPTIONAL MATCH (link)-[f:FEEDS_INTO]-(nb:Resource)
    WHERE nb.iri IN strongIris AND (f.weight IS NULL OR f.weight >= $minFeedWeight)
  RETURN count(DISTINCT nb) AS strongNeighbours
}
CALL (link, strongIris) {
  RETURN EXISTS { MATCH (link)-[f:FEEDS_INTO]->(down:Resource)
                  WHERE down.iri IN strongIris AND (f.weight IS NULL OR f.weight >= $minFeedWeight) } AS feedsStrong
}
WITH row, link, strongNeighbours, feedsStrong,
     CASE WHEN row.bCount = 0 THEN "no_data"
          WHEN row.n = 0 AND row.maxStageOrder >= $filledStageOrder THEN "being_filled"
          WHEN row.bCount < $benchmarkMin OR (row.n > 0 AND row.n < $localMin) THEN "insufficient_evidence"
          WHEN row.n = 0 THEN "missing"
          WHEN row.isStrong THEN "strong"
          WHEN row.n < $weakCountBelow OR coalesce(row.lqRounded < $weakLqBelow, false) THEN "weak"
          ELSE "normal" END AS status
WITH row, link, strongNeighbours, feedsStrong, status,
     CASE WHEN row.eR > 0 THEN row.localMax / row.eR WHEN row.n = 0 THEN null ELSE 1.0 / row.n END AS topShare,
     CASE WHEN row.eR > 0 THEN row.localSumSq / (row.eR * row.eR) WHEN row.n = 0 THEN null ELSE 1.0 / row.n END AS hhi
RETURN link.iri AS link, row.n AS n, row.eR AS eR, row.nKey AS nKey, row.nN AS nN, row.eN AS eN,
       row.bn AS bn, row.be AS be, row.lqCount AS lqCount, row.lqRevenue AS lqRevenue, row.lq AS lq,
       row.lqBasisUsed AS lqBasisUsed, topShare, hhi,
       row.projects AS projects, row.maxStageOrder AS maxStageOrder,
       coalesce($measures[link.iri][0], link.downstreamCount, 0) AS downstreamCount,
       coalesce($measures[link.iri][1], link.criticality, 0.0) AS criticality,
       status, strongNeighbours, feedsStrong, (feedsStrong AND row.n = 0 AND status IN ["missing", "being_filled"]) AS supplyGap,
       (status IN ["missing", "being_filled", "weak"] AND strongNeighbours > 0) AS extension,
       row.topFirm AS topFirm,
       (status IN ["strong", "normal"]
        AND (coalesce(floor(topShare * 1e6 + 0.5) / 1e6 > $topShareAbove, false)
             OR coalesce(floor(hhi * 1e6 + 0.5) / 1e6 > $hhiAbove, false))) AS singleFirm
ORDER BY link
