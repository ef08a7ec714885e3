/**
 * TF.js backend selection: one function, called before any tensor work.
 *
 * Order: `@tensorflow/tfjs-node` (native TensorFlow, an optionalDependency that often fails to
 * install) when it loads, else the WebAssembly backend (always available; about 2× faster than
 * the pure-JS cpu backend here). Override with the environment variable
 *
 *   RNN_ATLAS_TF_BACKEND=node | wasm | cpu
 *
 * The choice is logged once to stderr. Calling `initTf()` again returns the same promise.
 */
import * as tf from "@tensorflow/tfjs";
import { notice } from "./notice";

export type TfBackendChoice = "node" | "wasm" | "cpu";

/** TF.js' own registry name for each choice. */
const REGISTRY_NAME: Record<TfBackendChoice, string> = { node: "tensorflow", wasm: "wasm", cpu: "cpu" };

let ready: Promise<typeof tf> | null = null;
let chosen: TfBackendChoice | null = null;

/** The backend picked by `initTf()`, or null before it finished. */
export function tfBackendChoice(): TfBackendChoice | null {
  return chosen;
}

function requestedBackend(): TfBackendChoice | null {
  const raw = (process.env.RNN_ATLAS_TF_BACKEND ?? "").trim().toLowerCase();
  if (raw === "") return null;
  if (raw === "node" || raw === "wasm" || raw === "cpu") return raw;
  throw new Error(
    `RNN_ATLAS_TF_BACKEND must be "node", "wasm" or "cpu", got "${raw}". Unset it to pick automatically.`,
  );
}

function tryLoadNode(): Error | null {
  try {
    // Optional dependency: absent on machines where its native install failed.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require("@tensorflow/tfjs-node");
    return null;
  } catch (e) {
    return e instanceof Error ? e : new Error(String(e));
  }
}

async function activate(choice: TfBackendChoice): Promise<void> {
  if (choice === "wasm") {
    // Registers the "wasm" backend with the shared tfjs-core instance.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require("@tensorflow/tfjs-backend-wasm");
  }
  const ok = await tf.setBackend(REGISTRY_NAME[choice]);
  if (!ok) throw new Error(`TF.js backend "${REGISTRY_NAME[choice]}" failed to initialise.`);
  await tf.ready();
}

async function choose(): Promise<typeof tf> {
  const wanted = requestedBackend();
  let choice: TfBackendChoice;
  let why: string;
  if (wanted === "node") {
    const err = tryLoadNode();
    if (err) {
      throw new Error(
        `RNN_ATLAS_TF_BACKEND=node but @tensorflow/tfjs-node does not load (${err.message.split("\n")[0]}). ` +
          `Install it (npm install @tensorflow/tfjs-node) or use RNN_ATLAS_TF_BACKEND=wasm.`,
      );
    }
    choice = "node";
    why = "RNN_ATLAS_TF_BACKEND=node";
  } else if (wanted !== null) {
    choice = wanted;
    why = `RNN_ATLAS_TF_BACKEND=${wanted}`;
  } else {
    const err = tryLoadNode();
    choice = err ? "wasm" : "node";
    why = err ? "@tensorflow/tfjs-node not installed" : "@tensorflow/tfjs-node loaded";
  }
  await activate(choice);
  tf.enableProdMode();
  chosen = choice;
  notice(`rnn-atlas: TF.js backend "${tf.getBackend()}" (${why})`);
  return tf;
}

/**
 * Pick and initialise the TF.js backend (see module doc). Idempotent: every call returns the same
 * promise; a failed initialisation can be retried.
 */
export function initTf(): Promise<typeof tf> {
  if (ready === null) {
    ready = choose().catch((e: unknown) => {
      ready = null;
      throw e;
    });
  }
  return ready;
}
