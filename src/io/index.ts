// Public API of src/io: atomic writes, NumPy/safetensors arrays, network and population files.
export { writeFileAtomic } from "./atomic";
export { type Dtype, type TypedData, type NdArray, type NdArrayLike, toFloat32, toFloat64, shapeSize } from "./ndarray";
export { parseNpy, encodeNpy, readNpy, writeNpy } from "./npy";
export { parseNpz, encodeNpz, readNpz, writeNpz, npzByteLimit, type NpzReadOptions, type DeclaredArray } from "./npz";
export { parseSafetensors, encodeSafetensors, readSafetensors, writeSafetensors, type Safetensors } from "./safetensors";
export { crc32, encodeZip, decodeZip, zipEntries, inflateZipEntry, type ZipEntry } from "./zip";
export { CONVERT_SNIPPET } from "./pickle";
export { FORMAT as NETWORK_FILE_FORMAT, FORMAT_VERSION as NETWORK_FILE_VERSION, MANIFEST_FILE, ARRAYS_FILE, type Manifest, type ModelMeta } from "./manifest";
export { modelFromTorchArrays, READOUT_NAMES, type TorchImportOptions, type TorchImport } from "./torchNames";
export { saveModel, loadModel, exportModel, type LoadModelOptions, type LoadedModel, type ExportOptions } from "./network";
export { savePopulation, loadPopulation, type LoadedPopulation } from "./populationFiles";
export { claimRunFolder, lockRunFolder, describeRun, moveAside, RunFolderError, LOCK_FILE, type RunFolderClaim, type ClaimOptions } from "./runFolder";
