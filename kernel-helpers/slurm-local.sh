#!/usr/bin/env bash
# A single-node Slurm + munge cluster in a project-local folder, for the Slurm tests and for trying
# the `--executor slurm` path before using a real cluster.
#
#   bash kernel-helpers/slurm-local.sh start    # install (apt, as root) if needed, then start
#   bash kernel-helpers/slurm-local.sh status   # running or not; exit 0 when it accepts jobs
#   bash kernel-helpers/slurm-local.sh stop     # stop the daemons (the folder is kept)
#   bash kernel-helpers/slurm-local.sh env      # print the export line the Slurm commands need
#
# Everything lives in $RNN_ATLAS_SLURM_DIR (default <repo>/.slurm): slurm.conf, the munge key and
# socket, state, spool and logs. Nothing is written to /etc. The daemons are started directly (no
# systemd), on ports of their own, so a system Slurm on the same machine is not disturbed.
# Commands then need SLURM_CONF=<dir>/slurm.conf (printed by `start` and `env`).
#
# Needs root: apt installs slurm-wlm and munge, and munged must run as the munge user.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DIR="${RNN_ATLAS_SLURM_DIR:-$ROOT/.slurm}"
CONF="$DIR/slurm.conf"
MUNGE_SOCKET="$DIR/munge/munge.socket"
# Ports follow the folder, so two checkouts' test clusters on one machine do not collide.
PORT_CTLD="${RNN_ATLAS_SLURM_PORT:-$(( 20000 + $(printf '%s' "$DIR" | cksum | cut -d' ' -f1) % 5000 * 2 ))}"
PORT_D=$((PORT_CTLD + 1))

say() { echo "slurm-local: $*"; }
die() { echo "slurm-local: ERROR: $*" >&2; exit 1; }

need_root() {
  [ "$(id -u)" = 0 ] && return 0
  die "$1 needs root: apt installs slurm-wlm and munge, and munged runs as the munge user.
  Run as root (e.g. sudo bash kernel-helpers/slurm-local.sh start), or use a real cluster:
  rnn-atlas only needs sbatch, squeue and scancel on PATH and a run folder on shared storage."
}

install_packages() {
  command -v slurmctld >/dev/null 2>&1 && command -v munged >/dev/null 2>&1 && return 0
  need_root "installing Slurm"
  [ -f /etc/debian_version ] && command -v apt-get >/dev/null 2>&1 || die "slurm-wlm and munge are not installed and this is not a Debian/Ubuntu machine: install Slurm ≥ 22.05 and munge with your package manager."
  export DEBIAN_FRONTEND=noninteractive
  say "apt-get install slurm-wlm munge"
  apt-get install -y --no-install-recommends slurm-wlm munge >/dev/null || { apt-get update >/dev/null; apt-get install -y --no-install-recommends slurm-wlm munge >/dev/null; }
}

pid_alive() { [ -f "$1" ] && kill -0 "$(cat "$1" 2>/dev/null)" 2>/dev/null; }

write_conf() {
  local host cpus mem
  host="$(hostname -s)"
  cpus="$(nproc)"
  # RealMemory in MiB, less a margin so slurmd does not drain the node for reporting less.
  mem=$(( $(awk '/MemTotal/ {print int($2/1024)}' /proc/meminfo) * 9 / 10 ))
  cat > "$CONF.tmp" <<EOF
# Written by kernel-helpers/slurm-local.sh: a one-node test cluster.
ClusterName=rnnatlas
SlurmctldHost=$host
SlurmctldPort=$PORT_CTLD
SlurmdPort=$PORT_D
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$MUNGE_SOCKET
StateSaveLocation=$DIR/state
SlurmdSpoolDir=$DIR/spool
SlurmctldPidFile=$DIR/run/slurmctld.pid
SlurmdPidFile=$DIR/run/slurmd.pid
SlurmctldLogFile=$DIR/log/slurmctld.log
SlurmdLogFile=$DIR/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MpiDefault=none
SwitchType=switch/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
ReturnToService=2
SchedulerType=sched/backfill
MinJobAge=600
NodeName=$host CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF
  mv "$CONF.tmp" "$CONF"
}

start_munge() {
  pid_alive "$DIR/munge/munged.pid" && return 0
  mkdir -p "$DIR/munge"
  [ -f "$DIR/munge/munge.key" ] || dd if=/dev/urandom of="$DIR/munge/munge.key" bs=1024 count=1 status=none
  chown -R munge:munge "$DIR/munge"
  chmod 700 "$DIR/munge"
  chmod 400 "$DIR/munge/munge.key"
  rm -f "$MUNGE_SOCKET" "$MUNGE_SOCKET.lock"
  # munged refuses keys and sockets under group/world-writable parents; the folder is 0700 munge.
  su -s /bin/sh munge -c "munged --key-file='$DIR/munge/munge.key' --socket='$MUNGE_SOCKET' --pid-file='$DIR/munge/munged.pid' --log-file='$DIR/munge/munged.log' --seed-file='$DIR/munge/munged.seed' --force" \
    || die "munged did not start; see $DIR/munge/munged.log"
  # Slurm's daemons (root) reach the socket through the 0700 folder: root bypasses the mode.
}

cmd_start() {
  install_packages
  need_root "starting the test cluster"
  mkdir -p "$DIR"/{state,spool,run,log}
  write_conf
  start_munge
  export SLURM_CONF="$CONF"
  pid_alive "$DIR/run/slurmctld.pid" || slurmctld -f "$CONF" || die "slurmctld did not start; see $DIR/log/slurmctld.log"
  pid_alive "$DIR/run/slurmd.pid" || slurmd -f "$CONF" || die "slurmd did not start; see $DIR/log/slurmd.log"
  # The node registers within seconds; wait until it is idle (or mixed/allocated from earlier jobs).
  local i state=""
  for i in $(seq 1 60); do
    state="$(sinfo -h -o '%t' 2>/dev/null | head -1 || true)"
    case "$state" in idle*|mix*|alloc*) break ;; esac
    sleep 1
  done
  case "$state" in
    idle*|mix*|alloc*) ;;
    *) die "the node did not come up (state '${state:-none}'); see $DIR/log/slurmctld.log and $DIR/log/slurmd.log" ;;
  esac
  say "running: 1 node ($(hostname -s), $(nproc) CPUs), partition debug"
  say "export SLURM_CONF=$CONF"
}

cmd_stop() {
  local f
  for f in "$DIR/run/slurmd.pid" "$DIR/run/slurmctld.pid" "$DIR/munge/munged.pid"; do
    if pid_alive "$f"; then
      kill "$(cat "$f")" 2>/dev/null || true
      for _ in $(seq 1 50); do pid_alive "$f" || break; sleep 0.1; done
    fi
  done
  say "stopped"
}

cmd_status() {
  if ! pid_alive "$DIR/run/slurmctld.pid" || ! pid_alive "$DIR/run/slurmd.pid" || ! pid_alive "$DIR/munge/munged.pid"; then
    say "not running (start it with: bash kernel-helpers/slurm-local.sh start)"
    exit 1
  fi
  SLURM_CONF="$CONF" sinfo
  say "export SLURM_CONF=$CONF"
}

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  env) echo "export SLURM_CONF=$CONF" ;;
  -h|--help|"") sed -n '2,16p' "$0" ;;
  *) die "unknown command '$1' (known: start, stop, status, env)" ;;
esac
