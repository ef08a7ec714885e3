// The architecture and nonlinearity codes both native addons use. One table for the whole project:
// src/models/arch/codes.ts holds the same numbers for the TypeScript side, and a test compares the two.
#pragma once

namespace rnnatlas {

enum class ArchCode : int { Vanilla = 0, Gru = 1, Lstm = 2, Leaky = 3 };
enum class PhiCode : int { Tanh = 0, Relu = 1, Identity = 2 };

}  // namespace rnnatlas
