{
  "variables": { "rnn_atlas_portable%": "0" },
  "targets": [
    {
      "target_name": "rnn_atlas_native",
      "sources": ["src/binding.cpp", "src/rnn.cpp"],
      "cflags_cc!": ["-fno-exceptions", "-O2", "-O0"],
      "cflags!": ["-fno-exceptions", "-O2", "-O0"],
      "cflags_cc": ["-O3", "-ffp-contract=off", "-fno-math-errno", "-std=gnu++17", "-fexceptions"],
      "ldflags": ["-pthread"],
      "xcode_settings": {
        "GCC_ENABLE_CPP_EXCEPTIONS": "YES",
        "OTHER_CPLUSPLUSFLAGS": ["-O3", "-ffp-contract=off", "-fno-math-errno"]
      },
      "conditions": [
        ["rnn_atlas_portable=='1'",
          { "defines": ["RNN_ATLAS_PORTABLE=1"] },
          { "cflags_cc": ["-march=native"], "xcode_settings": { "OTHER_CPLUSPLUSFLAGS": ["-march=native"] } }]
      ]
    }
  ]
}
