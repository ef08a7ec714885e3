/**
 * PyTorch .pt/.pth files are pickles, which can run arbitrary code when loaded; rnn-atlas never
 * loads them. This module recognises them and explains how to convert.
 */
import * as path from "node:path";

const PICKLE_EXT = new Set([".pt", ".pth", ".pkl", ".pickle", ".ckpt", ".bin", ".tar"]);

export const CONVERT_SNIPPET = [
  "import torch, numpy as np",
  'sd = torch.load("model.pt", map_location="cpu", weights_only=True)  # a state dict',
  'sd = sd.get("state_dict", sd) if isinstance(sd, dict) else sd.state_dict()',
  "arrays = {k: v.detach().cpu().numpy() for k, v in sd.items()}",
  'np.savez("model.npz", **arrays)  # then loadModel("model.npz", { arch: ... })',
].join("\n");

export function pickleError(file: string): Error {
  return new Error(
    `${file}: PyTorch/pickle files are not loaded (unpickling can run arbitrary code). Convert the state dict to .npz ` +
      `(or .safetensors) with Python:\n\n${CONVERT_SNIPPET}\n`,
  );
}

/** True when the name or the first bytes say "pickle" (protocol 2+ opcode, or torch's zip with data.pkl). */
export function looksLikePickle(file: string, head: Uint8Array): boolean {
  if (PICKLE_EXT.has(path.extname(file).toLowerCase()) && !(head[0] === 0x93 && head[1] === 0x4e)) return true;
  if (head[0] === 0x80 && head[1] !== undefined && head[1] >= 2 && head[1] <= 5) return true;
  if (head[0] === 0x50 && head[1] === 0x4b) {
    const text = Buffer.from(head).toString("latin1");
    if (/data\.pkl/.test(text)) return true;
  }
  return false;
}
