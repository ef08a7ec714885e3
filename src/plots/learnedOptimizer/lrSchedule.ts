/**
 * lrSchedulePlot(schedules): effective learning rate −∂Δx/∂g against the step (lrScheduleOnRun /
 * lrScheduleZeroGradient), one line per schedule.
 */
import type { Figure } from "../../display/figure";
import { lineChart } from "../../display/lineChart";
import { LR_SCHEDULE_KIND, type LrSchedule } from "../../analysis/learnedOptimizer/schedule";

export function isLrSchedule(v: unknown): v is LrSchedule {
  return v != null && typeof v === "object" && (v as { kind?: unknown }).kind === LR_SCHEDULE_KIND;
}

export function lrSchedulePlot(schedules: LrSchedule | readonly { label: string; schedule: LrSchedule }[], options: { title?: string } = {}): Figure {
  const list = Array.isArray(schedules) ? (schedules as readonly { label: string; schedule: LrSchedule }[]) : [{ label: (schedules as LrSchedule).source, schedule: schedules as LrSchedule }];
  if (list.length === 0 || list.some((s) => !isLrSchedule(s.schedule))) throw new Error("lrSchedulePlot: expected an LrSchedule (lrScheduleOnRun / lrScheduleZeroGradient) or a list of { label, schedule }.");
  const rows = list.flatMap(({ label, schedule }) => Array.from(schedule.lr, (lr, t) => ({ step: t, lr, series: label })));
  return lineChart(rows, { x: "step", y: "lr", series: "series", title: options.title ?? "Effective learning rate over the run", xLabel: "step t", yLabel: "lr_eff = −∂Δx/∂g", seriesLabel: "run" });
}
