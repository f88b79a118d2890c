# bash completion for vdktop. Installed by `make install` as
# $(PREFIX)/share/bash-completion/completions/vdktop; to try it from a
# checkout: source src/completion.bash
#
# Completes the options, file names after --config and --trace, theme names
# after --theme (from the theme directories vdktop itself reports with
# --paths) and context names after --context (from the configuration file
# vdktop would read).

_vdktop_options="--url --team --context --config --theme --no-color --read-only --refresh
--check --paths --trace --version --help"

# The output of `vdktop [--config FILE] --paths`, or nothing when the
# program cannot be run. $1: the command as typed, $2: a --config value.
_vdktop_paths()
{
	local prog=$1 cfg=$2
	command -v "$prog" >/dev/null 2>&1 || prog=vdktop
	command -v "$prog" >/dev/null 2>&1 || return 0
	if [[ -n $cfg ]]; then
		"$prog" --config "$cfg" --paths 2>/dev/null
	else
		"$prog" --paths 2>/dev/null
	fi
}

# Theme names: NAME of every NAME.theme in the theme directories.
_vdktop_themes()
{
	local line dir f dirs=()
	while IFS= read -r line; do
		[[ $line =~ ^themes[[:space:]]+(.*)[[:space:]]\(found\)$ ]] && dirs+=("${BASH_REMATCH[1]}")
	done < <(_vdktop_paths "$1" "$2")
	if ((${#dirs[@]} == 0)); then
		local xdg=${XDG_CONFIG_HOME:-}
		[[ $xdg == /* ]] || xdg=$HOME/.config
		dirs=("$xdg/vdktop/themes")
		printf "%s\n" default light solarized-dark high-contrast monochrome
	fi
	for dir in "${dirs[@]}"; do
		for f in "$dir"/*.theme; do
			[[ -f $f ]] || continue
			f=${f##*/}
			printf '%s\n' "${f%.theme}"
		done
	done
}

# Context names: every `name = "..."` (or `name: "..."`) of the
# configuration file, which is the --config value, else what --paths
# reports, else the default path.
_vdktop_contexts()
{
	local file=$2 line
	if [[ -z $file ]]; then
		while IFS= read -r line; do
			if [[ $line =~ ^config\ file[[:space:]]+(.*)[[:space:]]\([^\(\)]*\)$ ]]; then
				file=${BASH_REMATCH[1]}
				break
			fi
		done < <(_vdktop_paths "$1" "")
	fi
	if [[ -z $file ]]; then
		if [[ -n ${VDKTOP_CONFIG:-} ]]; then
			file=$VDKTOP_CONFIG
		else
			local xdg=${XDG_CONFIG_HOME:-}
			[[ $xdg == /* ]] || xdg=$HOME/.config
			file=$xdg/vdktop/config
		fi
	fi
	file=${file/#\~/$HOME}
	[[ -r $file && -f $file ]] || return 0
	grep -oE '(^|[{;,[:space:]])name[[:space:]]*[=:][[:space:]]*"[^"]*"' -- "$file" 2>/dev/null |
		sed -E 's/.*"([^"]*)"$/\1/'
}

_vdktop()
{
	local cur=${COMP_WORDS[COMP_CWORD]} prev=
	((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
	# "--theme=li" arrives as "--theme" "=" "li" (= breaks words).
	if [[ $cur == "=" ]]; then
		cur=
	elif [[ $prev == "=" ]] && ((COMP_CWORD > 1)); then
		prev=${COMP_WORDS[COMP_CWORD - 2]}
	fi

	# A --config given earlier on the line decides the contexts and themes.
	local i cfg=
	for ((i = 1; i < COMP_CWORD; i++)); do
		if [[ ${COMP_WORDS[i]} == --config ]]; then
			if [[ ${COMP_WORDS[i + 1]} == "=" ]]; then
				cfg=${COMP_WORDS[i + 2]}
			else
				cfg=${COMP_WORDS[i + 1]}
			fi
		fi
	done
	cfg=${cfg/#\~/$HOME}

	# Names are one per line: split the word lists on newlines only.
	local IFS=$'\n'
	case $prev in
	--config | --trace)
		compopt -o filenames 2>/dev/null
		mapfile -t COMPREPLY < <(compgen -f -- "$cur")
		return 0
		;;
	--theme)
		mapfile -t COMPREPLY < <(compgen -W "$(_vdktop_themes "${COMP_WORDS[0]}" "$cfg" | sort -u)" -- "$cur")
		return 0
		;;
	--context)
		mapfile -t COMPREPLY < <(compgen -W "$(_vdktop_contexts "${COMP_WORDS[0]}" "$cfg" | sort -u)" -- "$cur")
		return 0
		;;
	--refresh)
		mapfile -t COMPREPLY < <(compgen -W $'2\n5\n10\n30\n60' -- "$cur")
		return 0
		;;
	--url | --team)
		return 0
		;;
	esac
	IFS=$' \t\n'
	mapfile -t COMPREPLY < <(compgen -W "$_vdktop_options" -- "$cur")
	return 0
}

complete -F _vdktop vdktop
