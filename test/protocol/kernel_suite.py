"""The Jupyter project's kernel conformance suite (jupyter_kernel_test) with TypeScript samples.

Run by test/protocol/kernelSuite.test.ts; by hand:

    KERNEL_NAME=<kernelspec name> /usr/bin/python3 -m unittest -v kernel_suite

with JUPYTER_PATH pointing at the kernelspec and the working directory the notebook folder
(a folder whose node_modules/rnn-atlas links to the repository, for the rich-display samples).

Every optional test is configured except one, justified where its sample is left empty:
- test_pager (code_page_something): TypeScript has no help/pager syntax (IPython's `obj?`), and
  tslab offers documentation through inspect_request (tested by test_inspect) instead.
"""
import os
import unittest

import jupyter_kernel_test


class TsKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = os.environ.get("KERNEL_NAME", "tslab")
    language_name = "typescript"
    file_extension = ".ts"

    code_hello_world = 'console.log("hello, world");'
    code_stderr = 'console.error("this goes to stderr");'

    # Cursor at the end of the text.
    completion_samples = [
        {"text": "Math.ma", "matches": {"max"}},
        {"text": "const abcdef = 1; abcd", "matches": {"abcdef"}},
    ]

    complete_code_samples = ["1 + 1", "function f() { return 1; }", "const x = [1, 2, 3];"]
    incomplete_code_samples = ["function f() {", "const x = [1, 2,", "if (true) {"]
    # tslab (like ipykernel for many inputs) answers "complete" for code that will not compile: the
    # front end then executes it and shows the compile error. No "invalid" samples, by design.
    invalid_code_samples = []

    code_page_something = ""  # see the module docstring

    code_generate_error = 'throw new Error("deliberate");'

    code_execute_result = [
        {"code": "1 + 2 + 3", "result": "6"},
        {"code": "const sq = (v: number) => v * v;\nsq(7)", "result": "49"},
        {"code": '"text"', "result": "'text'"},
        {"code": "[1, 2, 3].map((v) => v * 2)", "result": "[ 2, 4, 6 ]"},
        # The display hooks' rich last value: one multi-MIME execute_result.
        {
            "code": 'import { lineChart } from "rnn-atlas/dist/src/display";\nlineChart([3, 1, 2])',
            "mime": "application/vnd.vegalite.v5+json",
        },
    ]

    code_display_data = [
        {"code": 'import * as tslab from "tslab";\ntslab.display.html("<b>bold</b>");', "mime": "text/html"},
        {"code": 'import * as tslab from "tslab";\ntslab.display.png(new Uint8Array([137, 80, 78, 71]));', "mime": "image/png"},
        {
            # The static picture travels as an <img> in text/html; the raw SVG copy is not sent (df8714a).
            "code": 'import { display, heatmap } from "rnn-atlas/dist/src/display";\ndisplay(heatmap([[1, 2], [3, 4]]));',
            "mime": "text/html",
        },
    ]

    # Matches exactly one of the code_execute_result inputs (the "unique" sub-test).
    code_history_pattern = "1 + 2*"
    supported_history_operations = ("tail", "range", "search")

    code_inspect_sample = "Math.max"

    code_clear_output = (
        'import { clearOutput } from "rnn-atlas/dist/kernel-helpers/kernel/api";\n'
        'console.log("soon gone");\nclearOutput();'
    )


if __name__ == "__main__":
    unittest.main()
