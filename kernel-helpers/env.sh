# Project-local Jupyter environment for rnn-atlas. Source it from any directory:
#
#   source kernel-helpers/env.sh      # then: jupyter lab / jupyter kernelspec list / code .
#
# Every Jupyter path points into <repo>/.jupyter, so the project's `tslab` kernelspec is found first
# and nothing is written to $HOME (jupyter-core and IPython otherwise create ~/.jupyter,
# ~/.local/share/jupyter and ~/.ipython).
_rnn_atlas_root="$(cd "$(dirname "${BASH_SOURCE[0]:-$0}")/.." && pwd)"
export RNN_ATLAS_ROOT="$_rnn_atlas_root"
export JUPYTER_PATH="$_rnn_atlas_root/.jupyter"
export JUPYTER_CONFIG_DIR="$_rnn_atlas_root/.jupyter/config"
export JUPYTER_DATA_DIR="$_rnn_atlas_root/.jupyter/data"
export JUPYTER_RUNTIME_DIR="$_rnn_atlas_root/.jupyter/runtime"
export IPYTHONDIR="$_rnn_atlas_root/.jupyter/ipython"
# The Python that has jupyter_client/nbclient/nbconvert (Debian's, unless setup chose another).
if [ -z "${RNN_ATLAS_PYTHON:-}" ] && [ -f "$_rnn_atlas_root/.jupyter/python" ]; then
  RNN_ATLAS_PYTHON="$(cat "$_rnn_atlas_root/.jupyter/python")"
  export RNN_ATLAS_PYTHON
fi
unset _rnn_atlas_root
