// The architecture and nonlinearity codes both native addons use. One table for the whole project:
// src/models/arch/codes.ts holds the same numbers for the TypeScript side, and a test compares the two.
#pragma once

namespace rnnatlas {

enum class ArchCode : int { Vanilla = 0, Gru = 1, Lstm = 2, Leaky = 3, Ugrnn = 4 };
enum class PhiCode : int { Tanh = 0, Relu = 1, Identity = 2 };

// Highest code in the table (range checks at the addon boundaries).
constexpr int kLastArchCode = static_cast<int>(ArchCode::Ugrnn);

// Gate blocks stacked in W_ih / W_hh (src/models/spec.ts gateCount): GRU r,z,n; LSTM i,f,g,o; UGRNN c,u.
constexpr int gateCount(ArchCode a) { return a == ArchCode::Gru ? 3 : a == ArchCode::Lstm ? 4 : a == ArchCode::Ugrnn ? 2 : 1; }
// State size per hidden unit: LSTM carries [h, c].
constexpr int stateFactor(ArchCode a) { return a == ArchCode::Lstm ? 2 : 1; }

}  // namespace rnnatlas
