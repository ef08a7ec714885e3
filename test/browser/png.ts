/**
 * Minimal PNG decoder (8-bit RGB/RGBA, non-interlaced: what Chromium screenshots are) so the browser
 * test can check that a WebGL canvas really drew pixels, without an image library.
 */
import { inflateSync } from "node:zlib";

export interface Rgba {
  width: number;
  height: number;
  /** width*height*4 bytes. */
  data: Uint8Array;
}

export function decodePng(buf: Buffer): Rgba {
  const sig = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (!sig.every((b, i) => buf[i] === b)) throw new Error("not a PNG file");
  let pos = 8;
  let width = 0, height = 0, colorType = -1;
  const idat: Buffer[] = [];
  while (pos < buf.length) {
    const len = buf.readUInt32BE(pos);
    const type = buf.toString("ascii", pos + 4, pos + 8);
    const body = buf.subarray(pos + 8, pos + 8 + len);
    if (type === "IHDR") {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      const depth = body[8], interlace = body[12];
      colorType = body[9]!;
      if (depth !== 8 || interlace !== 0 || (colorType !== 2 && colorType !== 6)) {
        throw new Error(`unsupported PNG (depth ${depth}, colour type ${colorType}, interlace ${interlace})`);
      }
    } else if (type === "IDAT") idat.push(body);
    else if (type === "IEND") break;
    pos += 12 + len;
  }
  const channels = colorType === 6 ? 4 : 3;
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const px = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? px[y * stride + x - channels]! : 0;
      const b = y > 0 ? px[(y - 1) * stride + x]! : 0;
      const c = x >= channels && y > 0 ? px[(y - 1) * stride + x - channels]! : 0;
      let v = line[x]!;
      if (filter === 1) v += a;
      else if (filter === 2) v += b;
      else if (filter === 3) v += (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c, pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
        v += pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      px[y * stride + x] = v & 255;
    }
  }
  const data = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    data[4 * i] = px[channels * i]!;
    data[4 * i + 1] = px[channels * i + 1]!;
    data[4 * i + 2] = px[channels * i + 2]!;
    data[4 * i + 3] = channels === 4 ? px[4 * i + 3]! : 255;
  }
  return { width, height, data };
}

/**
 * Distinct colours (quantised to 5 bits per channel), the fraction of non-white pixels, and the
 * fraction of saturated ones (max − min channel > 60: data colours, not grey axes and grid).
 */
export function colourStats(img: Rgba): { distinct: number; inked: number; saturated: number } {
  const seen = new Set<number>();
  let inked = 0;
  let saturated = 0;
  for (let i = 0; i < img.width * img.height; i++) {
    const r = img.data[4 * i]!, g = img.data[4 * i + 1]!, b = img.data[4 * i + 2]!;
    seen.add(((r >> 3) << 10) | ((g >> 3) << 5) | (b >> 3));
    if (r < 240 || g < 240 || b < 240) inked++;
    if (Math.max(r, g, b) - Math.min(r, g, b) > 60) saturated++;
  }
  const n = img.width * img.height;
  return { distinct: seen.size, inked: inked / n, saturated: saturated / n };
}
