"""Shared by the Python notebook generators: build cells and write a tslab notebook atomically
(same JSON layout as kernel-helpers/notebook-json.mjs)."""
import json
import os


def lines(text):
    t = text.lstrip("\n").rstrip()
    parts = t.split("\n")
    return [l + "\n" if i < len(parts) - 1 else l for i, l in enumerate(parts)]


def write_notebook(cells, out, id_prefix):
    """cells: list of ("markdown" | "code", source); ids are f"{id_prefix}-NN"."""
    nb = {
        "cells": [],
        "metadata": {
            "kernelspec": {"name": "tslab", "display_name": "TypeScript", "language": "typescript"},
            "language_info": {"name": "typescript", "file_extension": ".ts", "mimetype": "text/typescript"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    for i, (kind, src) in enumerate(cells):
        cid = "%s-%02d" % (id_prefix, i + 1)
        if kind == "code":
            nb["cells"].append({"cell_type": "code", "execution_count": None, "id": cid, "metadata": {}, "outputs": [], "source": lines(src)})
        else:
            nb["cells"].append({"cell_type": "markdown", "id": cid, "metadata": {}, "source": lines(src)})
    tmp = out + ".tmp"
    with open(tmp, "w") as f:
        f.write(json.dumps(nb, indent=1, ensure_ascii=False) + "\n")
    os.replace(tmp, out)
    print("wrote", out, len(cells), "cells")
