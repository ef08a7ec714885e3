/**
 * Linear-network charts (Schuessler et al. 2020, Fig. C–D): the four normalised scalings vs g with
 * the theory curves, and the learning curves (loss, s1, s2 of ΔW) vs effective time τ̃.
 */
import type { LinearExperiment } from "../../analysis/lowRank/linearNetwork";
import {
  theoryConvergenceTime,
  theoryDeltaNorm,
  theoryGradientNorm,
  theoryLossSeries,
  theoryS1,
  theoryS2,
  theoryShuffleLoss,
} from "../../analysis/lowRank/linearTheory";
import type { Figure } from "../../display/figure";
import { lowRankChart, r4 } from "./chart";

function scalingPanel(points: Record<string, unknown>[], theory: Record<string, unknown>[], title: string, yTitle: string): Record<string, unknown> {
  return {
    width: 190,
    height: 170,
    title,
    layer: [
      {
        data: { values: theory },
        mark: { type: "line", color: "#333", strokeDash: [5, 4] },
        encoding: { x: { field: "g", type: "quantitative", title: "g" }, y: { field: "y", type: "quantitative", title: yTitle } },
      },
      {
        data: { values: points },
        mark: { type: "errorbar" },
        encoding: {
          // Every layer repeats the axis titles: vega-lite joins the layers' differing titles
          // (an untitled field gets its name), which printed "…, lo" on every panel.
          x: { field: "g", type: "quantitative", title: "g" },
          y: { field: "lo", type: "quantitative", title: yTitle },
          y2: { field: "hi" },
          color: { field: "target", type: "nominal", title: "ẑ" },
        },
      },
      {
        data: { values: points },
        mark: { type: "point", filled: true, size: 40 },
        encoding: { x: { field: "g", type: "quantitative", title: "g" }, y: { field: "y", type: "quantitative", title: yTitle }, color: { field: "target", type: "nominal", title: "ẑ" } },
      },
    ],
  };
}

/** Normalised convergence time, ‖ΔW‖, mean gradient and shuffle loss vs g, with theory (dashed). */
export function linearScalingChart(exp: LinearExperiment, opts: { title?: string } = {}): Figure {
  const gMax = Math.max(...exp.gs);
  const gridG = Array.from({ length: 61 }, (_, k) => (k / 60) * gMax);
  const th = (f: (g: number) => number) => gridG.map((g) => ({ g: r4(g), y: r4(f(g)) }));
  const pts = (key: "convergenceTime" | "deltaNorm" | "gradientNorm" | "shuffleLoss") =>
    exp.scaling.flatMap((s) =>
      s[key]
        .filter((p) => Number.isFinite(p.normalised))
        .map((p) => ({ target: String(s.target), g: p.g, y: r4(p.normalised), lo: r4(p.normalised - p.normalisedStd), hi: r4(p.normalised + p.normalisedStd) })),
    );
  const spec = {
    title: opts.title ?? `linear network (N = ${exp.n}): simulation vs theory`,
    hconcat: [
      scalingPanel(pts("convergenceTime"), th(theoryConvergenceTime), "convergence time", "τ_c / τ_c(g=0)   vs (1−g²)²"),
      scalingPanel(pts("deltaNorm"), th(theoryDeltaNorm), "‖ΔW‖", "normalised   vs 1−g²"),
      scalingPanel(pts("gradientNorm"), th(theoryGradientNorm), "mean gradient norm", "normalised   vs 1/(1−g²)"),
      scalingPanel(pts("shuffleLoss"), th(theoryShuffleLoss), "loss after shuffle", "loss / L0   vs g⁴(2−g²)²"),
    ],
  };
  const lines = exp.scaling.flatMap((s) =>
    s.convergenceTime.map(
      (p, i) =>
        `ẑ=${s.target} g=${p.g}: τ_c ${p.normalised.toFixed(3)} (theory ${p.theory.toFixed(3)}), ‖ΔW‖ ${s.deltaNorm[i]!.normalised.toFixed(3)} (${s.deltaNorm[i]!.theory.toFixed(3)}), grad ${s.gradientNorm[i]!.normalised.toFixed(2)} (${s.gradientNorm[i]!.theory.toFixed(2)}), shuffle ${s.shuffleLoss[i]!.mean.toFixed(3)} (${s.shuffleLoss[i]!.theory.toFixed(3)})`,
    ),
  );
  return lowRankChart(spec, `LinearExperiment\n${lines.join("\n")}`);
}

/**
 * Loss and the top two singular values of ΔW vs τ̃ for one target (first seed of each g), with the
 * third-order theory (dashed). Curves of different g collapse on τ̃.
 */
export function linearLearningChart(exp: LinearExperiment, opts: { target?: number; title?: string } = {}): Figure {
  const target = opts.target ?? exp.scaling[0]!.target;
  const seed = exp.runs.find((r) => r.target === target)?.seed;
  const runs = exp.runs.filter((r) => r.target === target && r.seed === seed);
  if (runs.length === 0) throw new Error(`linearLearningChart: no runs with target ${target}.`);
  const loss: Record<string, unknown>[] = [];
  const sv: Record<string, unknown>[] = [];
  for (const r of runs) {
    const stride = Math.max(1, Math.floor(r.loss.length / 100));
    for (let e = 0; e < r.loss.length; e += stride) loss.push({ g: String(r.g), tt: r4(r.tauTilde[e]!), loss: r4(Math.max(r.loss[e]!, 1e-12)) });
    r.svEpochs.forEach((e, k) => {
      sv.push({ g: String(r.g), tt: r4(r.tauTilde[e]!), which: "s1", s: r4(r.s1[k]!) });
      sv.push({ g: String(r.g), tt: r4(r.tauTilde[e]!), which: "s2", s: r4(r.s2[k]!) });
    });
  }
  const ttMax = Math.max(...runs.map((r) => r.tauTilde[r.tauTilde.length - 1]!));
  const grid = Array.from({ length: 80 }, (_, k) => (k / 79) * Math.min(ttMax, 3));
  const g0 = runs.find((r) => r.g === 0) ?? runs[0]!;
  const thLoss = grid.map((t) => ({ tt: r4(t), loss: r4(Math.max(theoryLossSeries(target, t, g0.beta), 1e-12)) }));
  const thS = grid.flatMap((t) => [
    { tt: r4(t), which: "s1", s: r4(theoryS1(target, t, g0.beta) * g0.beta) },
    { tt: r4(t), which: "s2", s: r4(theoryS2(target, t)) },
  ]);
  const xEnc = { field: "tt", type: "quantitative", title: "effective learning time τ̃ = β²·lr·updates" };
  const spec = {
    title: opts.title ?? `linear network, ẑ = ${target}: learning vs effective time`,
    hconcat: [
      {
        width: 260,
        height: 200,
        title: "loss (theory dashed)",
        layer: [
          { data: { values: thLoss }, mark: { type: "line", color: "#333", strokeDash: [5, 4] }, encoding: { x: xEnc, y: { field: "loss", type: "quantitative", scale: { type: "log" }, title: "loss" } } },
          { data: { values: loss }, mark: "line", encoding: { x: xEnc, y: { field: "loss", type: "quantitative", scale: { type: "log" }, title: "loss" }, color: { field: "g", type: "nominal", title: "g" } } },
        ],
      },
      {
        width: 260,
        height: 200,
        title: "s1, s2 of ΔW × β (theory dashed)",
        layer: [
          {
            data: { values: thS },
            mark: { type: "line", color: "#333", strokeDash: [5, 4] },
            encoding: { x: xEnc, y: { field: "s", type: "quantitative", title: "β·s_k(ΔW)" }, detail: { field: "which" } },
          },
          {
            data: { values: sv.map((d) => ({ ...d, s: r4(Number(d.s) * runs.find((r) => String(r.g) === d.g)!.beta) })) },
            mark: "line",
            encoding: { x: xEnc, y: { field: "s", type: "quantitative", title: "β·s_k(ΔW)" }, color: { field: "g", type: "nominal" }, strokeDash: { field: "which", type: "nominal" } },
          },
        ],
      },
    ],
  };
  return lowRankChart(spec, `linear learning curves, ẑ = ${target}, g ∈ {${runs.map((r) => r.g).join(", ")}}`);
}
