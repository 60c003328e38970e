#!/bin/sh
# Run each reproduction: the original program, then a copy rewritten by `sturdy --write`.
# Usage: repro/run.sh [STURDY]   (default: /work/wt/bin-s6/sturdy, the session-start binary)
set -e
STURDY=${1:-/work/wt/bin-s6/sturdy}
HERE=$(cd "$(dirname "$0")" && pwd)
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
for case in external-subclass nominal-check namespace-public reexport-public; do
    echo "=== $case"
    cp -r "$HERE/$case" "$T/$case"
    cp -r "$T/$case/original" "$T/$case/rewritten"
    "$STURDY" --write "$T/$case/rewritten" >/dev/null 2>&1 || true
    case $case in
        external-subclass)
            echo "original:";  python3 "$T/$case/sdk/sdk_user.py" "$T/$case/original/src"
            echo "rewritten:"; python3 "$T/$case/sdk/sdk_user.py" "$T/$case/rewritten/src" ;;
        nominal-check)
            echo "original:";  python3 "$T/$case/original/exporters.py"
            echo "rewritten:"; python3 "$T/$case/rewritten/exporters.py" ;;
        *)
            echo "original:";  python3 "$T/$case/user.py" "$T/$case/original/src"
            echo "rewritten:"; python3 "$T/$case/user.py" "$T/$case/rewritten/src" 2>&1 | tail -n 3 ;;
    esac
    diff -ru "$T/$case/original" "$T/$case/rewritten" | grep '^[-+][^-+]' || true
done
