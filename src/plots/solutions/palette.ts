/**
 * Colours of the reduced-graph drawings, fixed per value (not per graph) so that the same output
 * label or input type has the same colour in every graph of a notebook.
 *
 * Node fill = discretised output: −1 blue, 0 light grey (silent), +1 orange; other labels cycle
 * through the categorical palette. Edge colour = input type: 0 (autonomous flow) grey, pulse
 * type k > 0 the k-th categorical colour (2 orange, 4 teal, 8 pink, ...).
 */
import { CATEGORY_COLORS } from "../style";

/** Fill colours of the common discretised outputs. */
export const OUTPUT_COLORS: Readonly<Record<string, string>> = Object.freeze({ "-1": "#6baed6", "0": "#eeeeee", "1": "#fd8d3c" });

/** Autonomous-flow edges (type 0). */
export const AUTONOMOUS_EDGE_COLOR = "#888888";

export function outputColor(output: number): string {
  const known = OUTPUT_COLORS[String(output)];
  if (known) return known;
  const k = Math.abs(Math.round(output * 7)) % 9;
  return CATEGORY_COLORS[k]!;
}

export function edgeTypeColor(type: number): string {
  if (type === 0) return AUTONOMOUS_EDGE_COLOR;
  // the tenth categorical colour is a grey, kept for type 0 only
  return CATEGORY_COLORS[(Math.max(1, Math.round(type)) - 1) % 9]!;
}

/** Names of input types per task, from the graph probes' conventions (RSG 2 = Set; ID 4/2 = first/second pulse). */
export function edgeTypeName(type: number, task: string): string {
  if (type === 0) return "autonomous";
  const t = task.toLowerCase();
  if ((t.includes("rsg") || t.includes("reproduction") || t.includes("ready")) && type === 2) return "Set pulse";
  if (t.includes("interval-discrimination") || t.includes("interval_discrimination")) {
    if (type === 4) return "first pulse";
    if (type === 2) return "second pulse";
  }
  if (t.includes("delayed")) return `pulse, amplitude code ${type}`;
  return `input type ${type}`;
}

/** Escapes text for SVG/XML content and attribute values. */
export function xmlEscape(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}
