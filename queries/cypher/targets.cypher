// chaingap: ranked recruitment candidates for one link - the question of
// queries/sparql/targets.rq computed in Cypher. Pool enterprises (isLocal never true) working
// in the link or one of its sub-links; every score part in 0..1 times its weight; score = sum.
// Ties: enterprise IRI ascending. Exact rules: docs/gap-rules.md. Schema: docs/property-graph.md.
// The score is rounded to 9 decimals before ranking so that float sums that are equal in
// decimal arithmetic (as SPARQL computes them) tie here too.
// Parameters: $link (IRI), $wFit $wSize $wQuality $wTies $wGroup $wProximity $wExpansion,
//   $pSame $pNeighbouring $pRegion $pOther, $provinceClass (map: province name ->
//   "same_province" | "neighbouring" | "same_region"; others are "other"), $top,
//   $domesticMin, $foreignMinUsd, $frameworkCounts (which projects count), $declinedHoldDays
//   (days a decline in the outreach log holds a firm back).
MATCH (link:Resource {iri: $link})
MATCH (e:Resource)-[op:OPERATES_IN]->(:Resource)-[:SUB_LINK_OF*0..]->(link)
WHERE NOT coalesce(e.isLocal, false)
  // already recruited: it invests in a project that counts for this link (docs/pipeline.md)
  AND NOT EXISTS {
    MATCH (held:Project)-[:HAS_INVESTOR]->(e), (held)-[:TARGETS_LINK]->(:Resource)-[:SUB_LINK_OF*0..]->(link)
    WHERE (held.agreement IS NULL OR held.agreement <> "framework" OR $frameworkCounts)
      AND CASE WHEN held.investmentOrigin = "foreign" THEN coalesce(held.investmentUsd >= $foreignMinUsd, false)
               ELSE coalesce(held.investment >= $domesticMin, false) END
  }
  // declined lately: its latest contact is a decline less than $declinedHoldDays days before the
  // as_of of the dataset that logged it (docs/pipeline.md, outreach)
  AND NOT EXISTS {
    MATCH (e)-[:HAS_OUTREACH]->(no:Outreach)-[:RECORDED_IN]->(noSet:Resource)
    WHERE no.outreachKind = "declined" AND no.onDate + duration({days: $declinedHoldDays}) > noSet.asOf
      AND NOT EXISTS {
        MATCH (e)-[:HAS_OUTREACH]->(later:Outreach)
        WHERE later.outreachKind <> "declined" AND later.onDate > no.onDate
      }
  }
WITH e, max(coalesce(op.share, 1.0)) AS fit
CALL (e) {
  WITH CASE WHEN e.province IS NULL THEN [] WHEN valueType(e.province) STARTS WITH "LIST" THEN e.province
            ELSE [e.province] END AS provinces
  RETURN CASE WHEN size(provinces) = 0 THEN null ELSE provinces[0] END AS province,
         [p IN provinces WHERE $provinceClass[p] IS NOT NULL | $provinceClass[p]] AS classes
}
CALL (classes) {
  UNWIND (CASE WHEN size(classes) = 0 THEN [null] ELSE classes END) AS class
  RETURN min(class) AS proximityClass
}
CALL (e) {
  WITH CASE WHEN e.expansionSignal IS NULL THEN [] WHEN valueType(e.expansionSignal) STARTS WITH "LIST"
            THEN e.expansionSignal ELSE [e.expansionSignal] END AS signals
  UNWIND (CASE WHEN size(signals) = 0 THEN [null] ELSE signals END) AS signal
  WITH signal WHERE signal IS NULL OR size(signal) > 0
  RETURN min(signal) AS signal
}
CALL (e) {
  OPTIONAL MATCH (e)-[:SUPPLIES_TO]->(customer:Resource {isLocal: true})
  RETURN count(DISTINCT customer) AS localCustomers
}
CALL (e) {
  OPTIONAL MATCH (supplier:Resource {isLocal: true})-[:SUPPLIES_TO]->(e)
  RETURN count(DISTINCT supplier) AS localSuppliers
}
CALL (e) {
  OPTIONAL MATCH (branch:Resource {isLocal: true})-[:PARENT_GROUP]->(e)
  RETURN count(DISTINCT branch) AS localBranches
}
WITH e, fit, province, proximityClass, signal, localCustomers, localSuppliers, localBranches,
     // size on what is known: revenue, else registered capital (same decades), else employees (a
     // person counts as 10万元), else 3 decades if listed
     CASE WHEN e.revenue IS NOT NULL THEN "revenue" WHEN e.registeredCapital IS NOT NULL THEN "registered_capital"
          WHEN e.employees IS NOT NULL THEN "employees"
          WHEN coalesce(e.isListed, false) THEN "listed" ELSE "none" END AS sizeBasis,
     coalesce(e.revenue, e.registeredCapital, e.employees * 10.0, 0.0) AS r,
     (CASE WHEN coalesce(e.isListed, false) THEN 1 ELSE 0 END + CASE WHEN coalesce(e.isSpecialised, false) THEN 1 ELSE 0 END
      + CASE WHEN coalesce(e.isHighTech, false) THEN 1 ELSE 0 END + CASE WHEN coalesce(e.isChainLeader, false) THEN 1 ELSE 0 END) AS flags
WITH e, province, proximityClass, signal, localCustomers, localSuppliers, localBranches, sizeBasis,
     $wFit * fit AS fitPart,
     $wSize * toFloat(CASE WHEN sizeBasis = "listed" THEN 3
                      ELSE CASE WHEN r >= 100 THEN 1 ELSE 0 END + CASE WHEN r >= 1000 THEN 1 ELSE 0 END
                      + CASE WHEN r >= 10000 THEN 1 ELSE 0 END + CASE WHEN r >= 100000 THEN 1 ELSE 0 END
                      + CASE WHEN r >= 1000000 THEN 1 ELSE 0 END END) / 5 AS sizePart,
     $wQuality * (toFloat(flags) / 4) AS qualityPart,
     $wTies * (toFloat(CASE WHEN localCustomers + localSuppliers > 2 THEN 2 ELSE localCustomers + localSuppliers END) / 2) AS tiesPart,
     $wGroup * CASE WHEN localBranches > 0 THEN 1 ELSE 0 END AS groupPart,
     $wProximity * CASE proximityClass WHEN "same_province" THEN $pSame WHEN "neighbouring" THEN $pNeighbouring
                                       WHEN "same_region" THEN $pRegion ELSE $pOther END AS proximityPart,
     $wExpansion * CASE WHEN signal IS NULL THEN 0 ELSE 1 END AS expansionPart
WITH *, fitPart + sizePart + qualityPart + tiesPart + groupPart + proximityPart + expansionPart AS score
RETURN e.iri AS e, e.name AS name, province, e.revenue AS revenue, localCustomers, localSuppliers, localBranches,
       proximityClass, signal, sizeBasis, fitPart, sizePart, qualityPart, tiesPart, groupPart, proximityPart, expansionPart, score
ORDER BY round(score, 9) DESC, e ASC
LIMIT $top
