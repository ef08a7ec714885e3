{
  "targets": [
    {
      "target_name": "rnn_atlas_linalg",
      "sources": ["src/addon.cc", "src/eig.cc", "src/gemm.cc", "src/fixedpoints.cc"],
      "cflags_cc!": ["-fno-exceptions"],
      "cflags_cc": ["-O3", "-march=native", "-std=c++17", "-pthread", "-ffp-contract=off", "-fno-math-errno"],
      "ldflags": ["-pthread"]
    }
  ]
}
