/**
 * The example solutions of Turner et al. 2021 §2.3, one per regime, chosen among good networks:
 * - FP: the good network whose state is most stationary between t = 10 and t = 11;
 * - LC: the first good network with complex eigenvalues whose real parts exceed 1;
 * - SO: the good network with the smallest max Re λ(W).
 */
import { eig2 } from "./classify";
import { integrate, stepCount } from "./dynamics";
import { toWeights, type WeightsLike } from "./population";
import { EVAL_INTEGRATION, TWO_NEURON_PROBLEM, type TwoNeuronPopulationStats, type TwoNeuronType } from "./types";

/** Index of the example network of each type, or −1 when no good network has that type. */
export type TwoNeuronExamples = Readonly<Record<TwoNeuronType, number>>;

export function selectTwoNeuronExamples(weights: WeightsLike, stats: TwoNeuronPopulationStats): TwoNeuronExamples {
  const w = toWeights(weights, "selectTwoNeuronExamples");
  if (w.length / 4 !== stats.count) throw new Error(`selectTwoNeuronExamples: ${w.length / 4} networks but stats describe ${stats.count}.`);
  let fp = -1, fpMove = Infinity, lc = -1, so = -1, soRe = Infinity;
  const x = new Float64Array(2);
  const integ = EVAL_INTEGRATION;
  const n10 = stepCount(TWO_NEURON_PROBLEM.T, integ.dt);
  const n1 = stepCount(1, integ.dt);
  for (let i = 0; i < stats.count; i++) {
    if (!stats.good[i]) continue;
    const t = stats.types[i]!;
    const e = eig2(w, 4 * i);
    if (t === "FP") {
      x[0] = TWO_NEURON_PROBLEM.x0[0];
      x[1] = TWO_NEURON_PROBLEM.x0[1];
      integrate(w, 4 * i, x, n10, integ);
      const a = x[0]!, b = x[1]!;
      integrate(w, 4 * i, x, n1, integ);
      const move = Math.hypot(x[0]! - a, x[1]! - b);
      if (move < fpMove) { fpMove = move; fp = i; }
    } else if (t === "LC" && lc < 0 && e.im > 0 && e.re1 > 1) {
      lc = i;
    }
    if (t === "SO" && e.re1 < soRe) { soRe = e.re1; so = i; }
  }
  return { FP: fp, LC: lc, SO: so };
}
