/**
 * optimizerEigenvaluePlot(fp): eigenvalues of the learned optimizer's linearisation at its stable
 * zero-gradient fixed point (optimizerFixedPoints) in the complex plane, via eigenvaluePlot; the
 * title names the leading eigenvalue (the momentum β when real).
 */
import { Figure } from "../../display/figure";
import { eigenvaluePlot } from "../eigenvalues";
import { OPTIMIZER_FIXED_POINTS_KIND, type OptimizerFixedPoints } from "../../analysis/learnedOptimizer/zeroGradientFixedPoints";

export function isOptimizerFixedPoints(v: unknown): v is OptimizerFixedPoints {
  return v != null && typeof v === "object" && (v as { kind?: unknown }).kind === OPTIMIZER_FIXED_POINTS_KIND;
}

export function optimizerEigenvaluePlot(fp: OptimizerFixedPoints, options: { title?: string } = {}): Figure {
  if (!isOptimizerFixedPoints(fp)) throw new Error("optimizerEigenvaluePlot: expected the result of optimizerFixedPoints(...).");
  if (fp.main < 0) return new Figure({ kind: "text", description: `No stable zero-gradient fixed point among ${fp.points.count} points found: nothing to draw.` });
  const l = fp.leading;
  const lead = Math.abs(l.im) < 1e-9 ? l.re.toFixed(3) : `${l.re.toFixed(3)} ± ${Math.abs(l.im).toFixed(3)}i`;
  return eigenvaluePlot({ re: fp.eigRe, im: fp.eigIm }, { title: options.title ?? `Optimizer state at its zero-gradient fixed point: eigenvalues (λ1 = ${lead})` });
}
