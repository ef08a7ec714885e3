/** Extrapolation summary for every fixture network. Run: node dist/test/solutions/extrapolationReport.js [filter] */
import { fixtureNets, loadNet } from "./fixtures";
import { delayedDiscriminationGrid, intervalDiscriminationGrid, rsgExtrapolation } from "../../src/solutions/extrapolation";

const filter = process.argv[2] ?? "";
for (const net of fixtureNets().filter((n) => n.name.includes(filter))) {
  const m = loadNet(net);
  if (net.task === "rsg") {
    const r = rsgExtrapolation(m);
    const tp = (ts: number) => r.points.find((p) => p.ts === ts)?.tp;
    console.log(`${net.name.padEnd(44)} trained ${r.trainedAccuracy.toFixed(2)} ext ${r.extrapolationAccuracy.toFixed(2)} spont ${JSON.stringify(r.spontaneousOnsets.slice(0, 4))} tp(100)=${tp(100)} tp(200)=${tp(200)} ${r.behaviour} (${r.reason})`);
  } else {
    const g = net.task === "interval-discrimination" ? intervalDiscriminationGrid(m) : delayedDiscriminationGrid(m, { delays: [0, 10, 19, 40, 80] });
    const rs = Object.entries(g.regions).map(([k, v]) => `${k} ${(100 * v.accuracy).toFixed(1)}%${v.fixedSign !== null ? ` fixed ${v.fixedSign}` : ""}`);
    console.log(`${net.name.padEnd(44)} ${rs.join(" | ")} → ${g.behaviour}`);
  }
}
