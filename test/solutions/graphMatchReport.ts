/**
 * Per-network comparison of our compact graphs with the authors' stored ones.
 * Run: npx tsc -p . && node dist/test/solutions/graphMatchReport.js [substring-filter]
 */
import { compareWithStored, fixtureNets } from "./fixtures";

const filter = process.argv[2] ?? "";
const nets = fixtureNets().filter((n) => n.name.includes(filter));
let counts = 0;
let iso = 0;
let turner = 0;
for (const net of nets) {
  let r;
  try {
    r = compareWithStored(net);
  } catch (e) {
    console.log(`${net.name.padEnd(44)} ERROR ${(e as Error).message}`);
    continue;
  }
  counts += r.countsMatch ? 1 : 0;
  iso += r.isomorphic ? 1 : 0;
  turner += r.turnerType ? 1 : 0;
  console.log(
    `${r.name.padEnd(44)} ours ${r.ours.padEnd(36)} stored ${r.stored.padEnd(36)} counts:${r.countsMatch ? "Y" : "n"} types:${r.edgeTypesMatch ? "Y" : "n"} iso:${r.isomorphic ? "Y" : "n"} turner:${r.turnerType ? "Y" : "n"} ${r.ms}ms`,
  );
}
console.log(`\nnetworks ${nets.length}: counts match ${counts}, labelled isomorphism ${iso}, authors' type rule ${turner}`);
