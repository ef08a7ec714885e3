/**
 * `Figure`: what every chart helper returns. It displays itself (JUPYTER_DISPLAY) as one multi-MIME
 * bundle: text/plain + vega-lite (2-D) or plotly (3-D) + an SVG picture and its <img> HTML.
 */
import { JUPYTER_DISPLAY, MIME, MaybePromise, MimeBundle } from "./mime";
import { getDisplayPolicy } from "./policy";
import { VegaLiteSpec, renderVegaLiteSvg, vegaLiteBundleMaybeSync } from "./vega";
import { withHouseStyle } from "./houseStyle";
import { PlotlyFigure, plotlyHtml } from "./plotly";
import { svgImgHtml } from "./policy";

export type FigureKind = "line" | "scatter" | "heatmap" | "scatter3d";

export interface FigureParts {
  kind: FigureKind;
  /** One-line description used as text/plain. */
  description: string;
  /** 2-D charts: the vega-lite spec. 3-D charts: the static 2-D projection's spec. */
  vegaLite: VegaLiteSpec;
  /** 3-D charts only: the interactive plotly figure. */
  plotly?: PlotlyFigure;
}

export class Figure {
  readonly kind: FigureKind;
  readonly description: string;
  readonly vegaLite: VegaLiteSpec;
  readonly plotly?: PlotlyFigure;

  constructor(parts: FigureParts) {
    this.kind = parts.kind;
    this.description = parts.description;
    this.vegaLite = parts.vegaLite;
    if (parts.plotly) this.plotly = parts.plotly;
    Object.freeze(this);
  }

  /** The static picture (for 3-D: the 2-D projection) as an SVG string. */
  toSVG(): Promise<string> {
    return renderVegaLiteSvg(this.vegaLite);
  }

  /** The full bundle (policy not applied; `toMimeBundle(fig)` applies it). */
  async bundle(): Promise<MimeBundle> {
    return this[JUPYTER_DISPLAY]();
  }

  /** Synchronous when the SVG can be rendered synchronously (always for inline data). */
  [JUPYTER_DISPLAY](): MaybePromise<MimeBundle> {
    const text = this.description;
    if (!this.plotly) {
      if (getDisplayPolicy() === "interactive") return { [MIME.text]: text, [MIME.vegaLite]: withHouseStyle(this.vegaLite) };
      return vegaLiteBundleMaybeSync(this.vegaLite, text);
    }
    const plotly = this.plotly;
    const finish = (b: MimeBundle): MimeBundle => {
      const svg = b[MIME.svg] as string | undefined;
      return {
        [MIME.text]: text,
        [MIME.plotly]: plotly,
        [MIME.html]: plotlyHtml(plotly, svg ? svgImgHtml(svg, text) : ""),
        ...(svg ? { [MIME.svg]: svg } : {}),
      };
    };
    if (getDisplayPolicy() === "interactive") return finish({});
    const b = vegaLiteBundleMaybeSync(this.vegaLite, text);
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

