# The machine-wide runtime lock, sourced by local/runtime/run (and by RuntimeLockTest). Needs CAIRN_LOCK_FILE,
# DIR (the runtime's work directory, written into the lock file) and the functions log and die.

# First come, first served: flock alone wakes waiters in no order, so a test suite that starts runtimes back to
# back kept winning over one that had waited for an hour. Each waiter takes a ticket (a file named by its arrival
# time and pid) and tries the lock only while its ticket is the oldest of a live process.
acquire_lock() {
  local wait=${CAIRN_RUNTIME_LOCK_WAIT:-900} deadline left queue ticket oldest
  mkdir -p "$(dirname "$CAIRN_LOCK_FILE")"
  exec 9<>"$CAIRN_LOCK_FILE"
  queue=$CAIRN_LOCK_FILE.queue
  mkdir -p "$queue"
  ticket=$(date +%s%N).$$
  : >"$queue/$ticket"
  deadline=$(( $(date +%s) + wait ))
  while :; do
    oldest=$(oldest_ticket "$queue")
    if [ "$oldest" = "$ticket" ] && flock -w 5 9; then
      break
    fi
    left=$(( deadline - $(date +%s) ))
    if [ "$left" -le 0 ]; then
      rm -f "$queue/$ticket"
      die "another cairn runtime holds $CAIRN_LOCK_FILE ($(tr '\n' ' ' <"$CAIRN_LOCK_FILE")) and did not finish within $wait s"
    fi
    log "waiting for the runtime lock ($(ls "$queue" | wc -l) in line), held by: $(tr '\n' ' ' <"$CAIRN_LOCK_FILE")"
    [ "$oldest" = "$ticket" ] || sleep 2
  done
  rm -f "$queue/$ticket"
  printf 'pid=%s work_dir=%s since=%s\n' "$$" "$DIR" "$(date -u +%FT%TZ)" >"$CAIRN_LOCK_FILE"
}

# oldest_ticket QUEUE: the oldest ticket whose process lives; the tickets of processes gone are removed.
oldest_ticket() {
  local t
  for t in $(ls "$1" | sort); do
    if kill -0 "${t##*.}" 2>/dev/null; then
      echo "$t"
      return
    fi
    rm -f "$1/$t"
  done
}
