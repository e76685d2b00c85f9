#!/usr/bin/env bash
# Fails when a library includes from a layer above it (docs/architecture.md draws the layers).
# Each folder may include its own headers and those of the folders listed for it, nothing else
# of the project's: the rules know nothing of storage, the store nothing of games, rooms nothing
# of sockets. Usage: check_layers.sh [SOURCE_DIR]
set -u
root=${1:-$(cd "$(dirname "$0")/../.." && pwd)}
cd "$root" || exit 2

# folder -> the project folders its code may include from (besides itself).
declare -A allowed=(
  [catalog]=""
  [games]=""
  [store]=""
  [reports]="games store catalog"
  [server/rooms]="games store"
  [server/net]="server/rooms reports store games catalog"
  [server]="server/net server/rooms reports store games catalog"
  [client]="games"
)
# The most specific folder first, so server/rooms is not taken for server.
order=(server/rooms server/net server catalog games store reports client)

bad=0
checked=0
for folder in "${order[@]}"; do
  while IFS= read -r -d '' file; do
    # Files of a more specific folder are checked against that folder's rule.
    owner=$folder
    for f in "${order[@]}"; do
      case "$file" in "$f"/*) owner=$f; break ;; esac
    done
    [ "$owner" = "$folder" ] || continue
    checked=$((checked + 1))
    while IFS= read -r line; do
      target=${line#*\"}; target=${target%%\"*}
      case "$target" in */*) ;; *) continue ;; esac  # same-folder includes ("lean_socket.hpp")
      ok=0
      for dep in "$folder" ${allowed[$folder]}; do
        case "$target" in
          "$dep"/*)
            # Within server/, the folder itself is server/ only, not its sub-libraries.
            if [ "$dep" = server ] && { [[ $target == server/net/* ]] || [[ $target == server/rooms/* ]]; }; then
              [[ " ${allowed[$folder]} " == *" ${target%/*} "* ]] && ok=1
            else
              ok=1
            fi ;;
        esac
      done
      if [ "$ok" = 0 ]; then
        echo "layers: $file includes \"$target\": $folder may include only from: $folder ${allowed[$folder]}"
        bad=$((bad + 1))
      fi
    done < <(grep -E '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' "$file")
  done < <(find "$folder" -type f \( -name '*.cpp' -o -name '*.hpp' \) -print0)
done

echo "layers: $checked files checked, $bad includes from a layer above"
[ "$checked" -gt 0 ] && [ "$bad" = 0 ]
