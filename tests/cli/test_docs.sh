# docs/architecture.md keeps up with the source tree: every project file it
# names in backticks exists, and every .c file under src/ is named in it.
# (The program itself is not run; lib.sh wants its path all the same.)
. "$(dirname "$0")/lib.sh"
root=$(cd "$(dirname "$0")/../.." && pwd)
doc=docs/architecture.md
cd "$root" || exit 1

if [ ! -f "$doc" ]; then
	echo "FAIL: $doc is missing"
	exit 1
fi

# Every backticked span, outside fenced code blocks, as "FOLDER<TAB>SPAN":
# FOLDER is the src/ folder the current "## name/" or "### name/" heading
# is about ("-" when none), so a bare "x.c" in its table means src/FOLDER/x.c.
spans=$(awk '
	/^```/ { fence = !fence; next }
	fence { next }
	/^##/ {
		folder = "-"
		n = split($0, w, " ")
		for (i = 2; i <= n; i++)
			if (w[i] ~ /^[a-z_]+\/$/) { folder = substr(w[i], 1, length(w[i]) - 1); break }
	}
	{
		n = split($0, part, "`")
		for (i = 2; i <= n; i += 2)
			if (part[i] != "") printf "%s\t%s\n", folder, part[i]
	}
	BEGIN { folder = "-" }
' "$doc")

tab=$(printf '\t')
# Which spans look like files of the project.
paths=$(printf '%s\n' "$spans" | grep -E "${tab}((src|include|tests|docs)/[A-Za-z0-9_.*/<>-]*|[A-Za-z0-9_*-]+\.[ch])\$")

# The files named under src/ and include/ with a given name.
count_named() {
	find src include -type f -name "$1" | wc -l | tr -d ' '
}

# A pattern with * must match something; a placeholder (<module>) is skipped.
exists() {
	case $1 in
	*'<'*) return 0 ;;
	*'*'*)
		for f in $1; do
			[ -e "$f" ] && return 0
		done
		return 1 ;;
	*) [ -e "$1" ] ;;
	esac
}

old_ifs=$IFS
IFS='
'
for entry in $paths; do
	IFS=$old_ifs
	folder=${entry%%"$tab"*}
	name=${entry#*"$tab"}
	checks=$((checks + 1))
	case $name in
	src/* | include/* | tests/* | docs/*)
		if ! exists "$name"; then
			echo "FAIL: $doc names $name, which does not exist"
			failures=$((failures + 1))
		fi ;;
	*)
		# A bare name: in the table's folder, else exactly one of that
		# name under src/ or include/.
		if [ "$folder" != - ] && exists "src/$folder/$name"; then
			:
		elif [ "$(count_named "$name")" -eq 1 ]; then
			:
		else
			n=$(count_named "$name")
			where=
			[ "$folder" = - ] || where=" (in the $folder/ table)"
			if [ "$n" -eq 0 ]; then
				echo "FAIL: $doc names $name$where, which does not exist"
			else
				echo "FAIL: $doc names $name$where, which is ambiguous: $n files"
			fi
			failures=$((failures + 1))
		fi ;;
	esac
	IFS='
'
done
IFS=$old_ifs

# Every source file is named, bare or as a path, in backticks.
names=$(printf '%s\n' "$spans" | cut -f2)
for f in $(find src -type f -name '*.c' | sort); do
	checks=$((checks + 1))
	base=${f##*/}
	if ! printf '%s\n' "$names" | grep -qxF -e "$base" -e "$f"; then
		echo "FAIL: $f is not described in $doc"
		failures=$((failures + 1))
	fi
done

# Every diagnosis id is listed in docs/diagnosis.md, and nothing else is.
ids=$(sed -n 's/^	{"\([a-z0-9.-]*\)", N_(.*/\1/p' src/proto/diag_kinds_*.c | sort)
listed=$(sed -n 's/^| `\([a-z0-9.-]*\)` | .*/\1/p' docs/diagnosis.md | sort)
checks=$((checks + 1))
if [ -z "$ids" ] || [ "$ids" != "$listed" ]; then
	echo "FAIL: the ids in docs/diagnosis.md differ from src/proto/diag_kinds_*.c:"
	printf '%s\n' "$ids" >"${TMPDIR:-/tmp}/smtpdbg-ids.$$"
	printf '%s\n' "$listed" | diff "${TMPDIR:-/tmp}/smtpdbg-ids.$$" - | head -20
	rm -f "${TMPDIR:-/tmp}/smtpdbg-ids.$$"
	failures=$((failures + 1))
fi

finish
