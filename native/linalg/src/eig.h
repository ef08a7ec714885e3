// Dense real non-symmetric eigen-decomposition (Householder Hessenberg + Francis double-shift QR).
// Line-for-line the algorithm of src/analysis/linalg/hessenbergQr.ts; see that file for the
// conventions (row-major, real-packed eigenvectors, positive imaginary part first in a pair).
// Built with -ffp-contract=off (build.js) it is operation for operation that JS kernel, so both
// give the same bytes, on every CPU (test/determinism/fixedPointsGolden.test.ts): keep it so.
#pragma once
#include <cstddef>

namespace rnnatlas {

// Scratch doubles needed by eig_one for size n (h and work; z is supplied by the caller).
std::size_t eig_scratch_size(int n);

// Decomposes the row-major n×n matrix a. Writes eigenvalues to wr/wi (QR order). If z is non-null
// it receives the real-packed right eigenvectors (n×n). Returns false if QR does not converge or
// the matrix has non-finite entries.
bool eig_one(const double* a, int n, double* wr, double* wi, double* z, double* scratch);

// In-place-free inverse W = A⁻¹ of a row-major n×n matrix by LU with partial pivoting (same
// singularity test as eigCore.ts invertInto). lu needs n² doubles, piv n ints. False if singular.
bool invert(const double* a, int n, double* w, double* lu, int* piv);

}  // namespace rnnatlas
