#!/bin/sh
# The backup service: PostgreSQL is E-Raport's only source of truth (the read model is rebuilt from its
# events), so every night at BACKUP_TIME (in TZ) this takes a pg_dump of it, checks that the dump reads
# back with every event, and keeps the newest BACKUP_KEEP_DAYS dumps in BACKUP_DIR.
#   backup.sh [schedule]   run forever, one backup a day (the compose service)
#   backup.sh now          one backup right away, e.g. before an update: docker compose run --rm backup now
# The database comes from libpq's variables (PGHOST, PGPORT, PGUSER, PGDATABASE, PGPASSWORD).
# EVENTS_SCHEMA is Marten's schema (the app's EventStore:Schema, default eraport).
# POSIX sh on purpose: it runs unchanged in the postgres image, whose pg_dump matches the server.
set -u

dir="${BACKUP_DIR:-/backups}"
keep="${BACKUP_KEEP_DAYS:-14}"
at="${BACKUP_TIME:-01:30}"
schema="${EVENTS_SCHEMA:-eraport}"
database="${PGDATABASE:-eraport}"
export TZ="${TZ:-Asia/Jakarta}"
failed_marker="$dir/BACKUP-FAILED.txt"
# Dumps hold every student's grades and the accounts' password hashes.
umask 077

say() { echo "$(date '+%Y-%m-%d %H:%M:%S %Z') eraport-backup: $*"; }
refuse() { say "cannot start: $*" >&2; exit 2; }

# Free space where the dumps go, for failure messages. A full disk is the usual reason a dump breaks, and it does
# not always say so itself: a dump smaller than pg_dump's output buffer is lost at exit without an error.
room() {
    df -Pk "$dir" 2>/dev/null | awk 'NR == 2 {
        if ($4 < 1024) printf "%d kB free in %s: the disk is full", $4, dir
        else if ($4 < 1048576) printf "%.0f MB free in %s", $4 / 1024, dir
        else printf "%.1f GB free in %s", $4 / 1048576, dir }' dir="$dir"
}

# A failed run leaves a marker next to the dumps (and the service unhealthy) until a backup succeeds:
# an operator who only looks at the folder or at `docker compose ps` still notices. On a full disk the marker
# may stay empty, but it is there.
failed() {
    why="$*"
    space=$(room)
    [ -z "$space" ] || why="$why ($space)"
    say "FAILED: $why" >&2
    say "FAILED: $why" >"$failed_marker" 2>/dev/null
    return 1
}

# A wrong time zone name makes date fall back to UTC without a word: the backup would run hours off.
[ -f "/usr/share/zoneinfo/$TZ" ] || refuse "TZ=$TZ is not a known time zone (e.g. Asia/Jakarta, Asia/Makassar, Asia/Jayapura)"
case "$keep" in
    '' | *[!0-9]* | 0) refuse "BACKUP_KEEP_DAYS=$keep must be a whole number of at least 1" ;;
esac
case "$at" in
    [0-2][0-9]:[0-5][0-9] | [0-2][0-9]:[0-5][0-9]:[0-5][0-9]) date -d "$at" >/dev/null 2>&1 || refuse "BACKUP_TIME=$at is not a time of day (HH:MM, e.g. 01:30)" ;;
    *) refuse "BACKUP_TIME=$at is not a time of day (HH:MM, e.g. 01:30)" ;;
esac
[ -n "${PGPASSWORD:-}" ] || refuse "PGPASSWORD is not set (in docker compose it comes from POSTGRES_PASSWORD in .env)"

# Events in a dump and the last sequence number, read back from the dump itself: this proves that the
# event table's data decompresses, and counts exactly what was saved (the live table keeps growing).
events_in() {
    { pg_restore --data-only --schema="$schema" --table=mt_events --file=- "$1"; echo "pg_restore exit $?"; } | awk '
        /^COPY / {
            copying = 1
            columns = $0; sub(/^[^(]*\(/, "", columns); sub(/\).*$/, "", columns)
            n = split(columns, names, ", ")
            for (i = 1; i <= n; i++) if (names[i] == "seq_id") seq = i
            next
        }
        copying && $0 == "\\." { copying = 0; next }
        copying { count++; split($0, field, "\t"); if (field[seq] + 0 > last) last = field[seq] + 0; next }
        /^pg_restore exit / { status = $3 }
        END { if (status != "0" || !seq) exit 1; printf "%.0f %.0f\n", count, last }'
}

backup() {
    mkdir -p "$dir" 2>/dev/null
    if ! true 2>/dev/null >>"$dir/.lock"; then
        failed "cannot write to $dir (on the server: ./backups next to docker-compose.yml, written by root in the container)"
        return
    fi
    (
        # One backup at a time: a `now` at 01:30 must not remove the scheduled run's unfinished file.
        flock -n 9 || { say "another backup is running; this one is skipped" >&2; exit 1; }
        started=$(date +%s)
        name="eraport-$(date +%Y-%m-%d_%H%M%S).dump"
        partial="$dir/$name.partial"
        # Left by a run that was stopped half way (docker stop, a reboot): never a finished backup.
        rm -f "$dir"/eraport-*.dump.partial

        if ! errors=$(pg_dump --format=custom --no-password "$database" 2>&1 >"$partial"); then
            rm -f "$partial"
            failed "pg_dump of database $database on ${PGHOST:-localhost} failed: $(echo "$errors" | tr '\n' ' ')- the previous backups are kept"
            exit 1
        fi
        if ! toc=$(pg_restore --list "$partial" 2>&1); then
            rm -f "$partial"
            failed "the new dump does not read back (pg_restore --list: $(echo "$toc" | tail -n 3 | tr '\n' ' ')) - the previous backups are kept"
            exit 1
        fi
        if ! echo "$toc" | grep -q " TABLE DATA $schema mt_events "; then
            rm -f "$partial"
            failed "the new dump holds no $schema.mt_events: wrong database, or the app never started on it - the previous backups are kept"
            exit 1
        fi
        if ! counts=$(events_in "$partial"); then
            rm -f "$partial"
            failed "the events in the new dump do not read back - the previous backups are kept"
            exit 1
        fi
        sync "$partial"
        mv "$partial" "$dir/$name"
        rm -f "$failed_marker"

        # Names sort by time. The new dump is never removed, even if the clock once ran ahead.
        removed=0
        for old in $(ls -1 "$dir" | grep -E '^eraport-[0-9]{4}-[0-9]{2}-[0-9]{2}_[0-9]{6}\.dump$' | sort -r | tail -n +"$((keep + 1))" | grep -vx "$name"); do
            rm -f "$dir/$old" && removed=$((removed + 1))
        done
        size=$(stat -c %s "$dir/$name")
        say "OK $dir/$name, $(awk -v b="$size" 'BEGIN { if (b < 1048576) printf "%.0f kB", b / 1024; else printf "%.1f MB", b / 1048576 }'), $(($(date +%s) - started)) s," \
            "${counts% *} events (last sequence ${counts#* }), $removed old dump(s) removed, keeping the newest $keep"
    ) 9>>"$dir/.lock"
}

case "${1:-schedule}" in
    now)
        backup
        ;;
    schedule)
        # docker stop: end now, and take the running nap along (it would outlive the script by minutes).
        nap=
        trap '[ -z "$nap" ] || kill "$nap" 2>/dev/null; exit 0' TERM INT
        say "a backup of database $database every day at $at ($TZ) into $dir, keeping the newest $keep"
        while :; do
            target=$(date -d "$at" +%s)
            [ "$target" -gt "$(date +%s)" ] || target=$(date -d "tomorrow $at" +%s)
            say "next backup at $(date -d "@$target" '+%Y-%m-%d %H:%M:%S %Z')"
            # Short naps, each measured against the clock: a suspended VPS or a clock step does not
            # shift the backup by hours.
            while left=$((target - $(date +%s))); [ "$left" -gt 0 ]; do
                sleep "$((left < 300 ? left : 300))" &
                nap=$!
                wait "$nap"
                nap=
            done
            backup
        done
        ;;
    *)
        echo "usage: backup.sh [schedule|now]" >&2
        exit 2
        ;;
esac
