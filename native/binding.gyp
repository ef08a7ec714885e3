{
  "targets": [
    {
      "target_name": "rnn_atlas_native",
      "sources": ["src/binding.cpp", "src/rnn.cpp"],
      "cflags_cc!": ["-fno-exceptions", "-O2", "-O0"],
      "cflags!": ["-fno-exceptions", "-O2", "-O0"],
      "cflags_cc": ["-O3", "-march=native", "-ffp-contract=fast", "-fno-math-errno", "-std=gnu++17", "-fexceptions"],
      "ldflags": ["-pthread"],
      "xcode_settings": {
        "GCC_ENABLE_CPP_EXCEPTIONS": "YES",
        "OTHER_CPLUSPLUSFLAGS": ["-O3", "-march=native", "-ffp-contract=fast"]
      }
    }
  ]
}
