/**
 * `Figure`: the one thing every renderer and chart helper returns. It displays itself
 * (JUPYTER_DISPLAY) as one multi-MIME bundle whose forms follow from what it carries:
 *
 *   vegaLite            2-D chart: the spec + its SVG picture (and the picture's <img> HTML)
 *   vegaLite + plotly   3-D view: plotly (interactive) + the static 2-D projection's picture
 *   svg (+ vegaLite)    a hand-drawn picture (graphs); vegaLite, if given, is its interactive form
 *   html                a table (no picture)
 *   nothing             text only (a record with nothing to draw still shows its summary)
 *
 * `data` carries what a caller may need besides the picture (e.g. a graph's laid-out nodes).
 */
import { JUPYTER_DISPLAY, MIME, MaybePromise, MimeBundle } from "./mime";
import { getDisplayPolicy, svgImgHtml } from "./policy";
import { VL_SCHEMA, VegaLiteSpec, renderVegaLiteSvg, vegaLiteBundleMaybeSync } from "./vega";
import { withHouseStyle } from "./houseStyle";
import { PlotlyFigure, plotlyHtml } from "./plotly";

/** What a figure shows; "chart" is a composite 2-D vega-lite chart (layers, panels). */
export type FigureKind = "line" | "scatter" | "heatmap" | "scatter3d" | "chart" | "graph" | "table" | "text";

export interface FigureParts<D = undefined> {
  kind: FigureKind;
  /** One-line description used as text/plain (and, unless `alt` is given, the picture's alt text). */
  description: string;
  /** The picture's alt text, when it differs from the description. */
  alt?: string;
  /** 2-D charts: the vega-lite spec. 3-D charts: the static 2-D projection's spec. Graphs: the interactive form. */
  vegaLite?: VegaLiteSpec;
  /** 3-D charts only: the interactive plotly figure (needs vegaLite for the static picture). */
  plotly?: PlotlyFigure;
  /** A picture drawn by hand (an SVG document); used instead of rendering vegaLite. */
  svg?: string;
  /** Tables and preformatted text: HTML shown as is (no picture). */
  html?: string;
  /** Extra data for callers (not displayed). */
  data?: D;
}

export class Figure<D = undefined> {
  readonly kind: FigureKind;
  readonly description: string;
  readonly alt?: string;
  readonly vegaLite?: VegaLiteSpec;
  readonly plotly?: PlotlyFigure;
  readonly svg?: string;
  readonly html?: string;
  readonly data: D;

  constructor(parts: FigureParts<D>) {
    if (!parts || typeof parts.description !== "string") throw new TypeError("new Figure({ kind, description, ... }): description must be a string.");
    if (parts.plotly && !parts.vegaLite) throw new TypeError(`Figure "${parts.description}": a plotly figure needs a vegaLite spec for its static picture.`);
    if (parts.svg !== undefined && (typeof parts.svg !== "string" || !parts.svg.includes("<svg"))) {
      throw new TypeError(`Figure "${parts.description}": svg must be an SVG document string starting with <svg ...>.`);
    }
    this.kind = parts.kind;
    this.description = parts.description;
    if (parts.alt !== undefined && parts.alt !== parts.description) this.alt = parts.alt;
    if (parts.vegaLite) this.vegaLite = parts.vegaLite;
    if (parts.plotly) this.plotly = parts.plotly;
    if (parts.svg !== undefined) this.svg = parts.svg;
    if (parts.html !== undefined) this.html = parts.html;
    this.data = parts.data as D;
    Object.freeze(this);
  }

  /**
   * The same figure with another text/plain description (e.g. a record's own summary); the picture
   * keeps its alt text (what the picture shows).
   */
  withDescription(description: string): Figure<D> {
    const { kind, vegaLite, plotly, svg, html, data } = this;
    return new Figure<D>({
      kind,
      description,
      alt: this.alt ?? this.description,
      ...(vegaLite ? { vegaLite } : {}),
      ...(plotly ? { plotly } : {}),
      ...(svg !== undefined ? { svg } : {}),
      ...(html !== undefined ? { html } : {}),
      data,
    });
  }

  /** The static picture (for 3-D: the 2-D projection) as an SVG string. */
  toSVG(): Promise<string> {
    if (this.svg !== undefined) return Promise.resolve(this.svg);
    if (!this.vegaLite) return Promise.reject(new Error(`Figure<${this.kind}> "${this.description}" has no picture (it is ${this.html !== undefined ? "a table" : "text only"}).`));
    return renderVegaLiteSvg(this.vegaLite);
  }

  /** The full bundle (policy not applied; `toMimeBundle(fig)` applies it). */
  async bundle(): Promise<MimeBundle> {
    return this[JUPYTER_DISPLAY]();
  }

  /** Synchronous when the SVG can be rendered synchronously (always for inline data). */
  [JUPYTER_DISPLAY](): MaybePromise<MimeBundle> {
    const text = this.description;
    const alt = this.alt ?? text;
    if (this.svg !== undefined) {
      return {
        [MIME.text]: text,
        ...(this.vegaLite ? { [MIME.vegaLite]: { $schema: VL_SCHEMA, ...this.vegaLite } } : {}),
        [MIME.svg]: this.svg,
        [MIME.html]: svgImgHtml(this.svg, alt),
      };
    }
    if (!this.vegaLite) return this.html !== undefined ? { [MIME.text]: text, [MIME.html]: this.html } : { [MIME.text]: text };
    const withText = (b: MimeBundle): MimeBundle => ({ ...b, [MIME.text]: text });
    if (!this.plotly) {
      if (getDisplayPolicy() === "interactive") return { [MIME.text]: text, [MIME.vegaLite]: withHouseStyle(this.vegaLite) };
      const b = vegaLiteBundleMaybeSync(this.vegaLite, alt);
      return alt === text ? b : b instanceof Promise ? b.then(withText) : withText(b);
    }
    const plotly = this.plotly;
    const finish = (b: MimeBundle): MimeBundle => {
      const svg = b[MIME.svg] as string | undefined;
      return {
        [MIME.text]: text,
        [MIME.plotly]: plotly,
        [MIME.html]: plotlyHtml(plotly, svg ? svgImgHtml(svg, alt) : ""),
        ...(svg ? { [MIME.svg]: svg } : {}),
      };
    };
    if (getDisplayPolicy() === "interactive") return finish({});
    const b = vegaLiteBundleMaybeSync(this.vegaLite, alt);
    return b instanceof Promise ? b.then(finish) : finish(b);
  }

  toString(): string {
    return this.description;
  }

  /** Plain Node: util.inspect shows the description instead of the spec. */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return `Figure<${this.kind}> ${this.description}`;
  }
}

/** A Figure, also one made by another copy of the module (src vs dist). */
export function isFigure(v: unknown): v is Figure<unknown> {
  if (v instanceof Figure) return true;
  const o = v as Record<string | symbol, unknown> | null;
  return o != null && typeof o === "object" && o.constructor?.name === "Figure" && typeof o.description === "string" && typeof o[JUPYTER_DISPLAY] === "function";
}
