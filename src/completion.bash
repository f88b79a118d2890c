# bash completion for vdktop. Installed by `make install` as
# $(PREFIX)/share/bash-completion/completions/vdktop; to try it from a
# checkout: source src/completion.bash
#
# Completes the options, file names after --config and --trace, theme names
# after --theme (from the theme directories vdktop itself reports with
# --paths) and context names after --context (from the configuration file
# vdktop would read); the subcommands (jobs, runs, logs, run, deploy,
# cancel, enable, disable, help) with their options, directories after
# deploy, and subcommand names after help.

_vdktop_options="--url --team --context --config --theme --no-color --read-only --refresh
--check --paths --trace --version --help"

_vdktop_subcommands="jobs runs logs run deploy cancel enable disable properties secrets help"
# Options every subcommand takes, before or after its name.
_vdktop_global="--url --team --context --config --read-only --trace --help"

# The options of subcommand $1.
_vdktop_sub_options()
{
	local own=
	case $1 in
	jobs) own="--json --failed --running" ;;
	runs) own="--failed --running --since --job --json" ;;
	logs) own="--follow --tail --no-timestamps" ;;
	run) own="--args --wait --follow" ;;
	deploy) own="--python --disabled --wait" ;;
	properties) own="--json --get --set --delete --overwrite" ;;
	secrets) own="--json --reveal --set-prompt --delete" ;;
	esac
	printf '%s\n' $own $_vdktop_global
}

# The subcommand on the line before the word being completed, if any:
# the first word that is neither an option nor an option's value.
_vdktop_find_sub()
{
	local i w
	for ((i = 1; i < COMP_CWORD; i++)); do
		w=${COMP_WORDS[i]}
		case $w in
		--url | --team | --context | --config | --theme | --refresh | --trace | --since | --job | --tail | \
			--args | --python | --get | --set | --delete | --overwrite | --set-prompt)
			((i++))
			[[ ${COMP_WORDS[i]} == "=" ]] && ((i++))
			;;
		-*) ;;
		*)
			[[ " $_vdktop_subcommands " == *" $w "* ]] && printf '%s' "$w"
			return 0
			;;
		esac
	done
}

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
	--url | --team | --args | --python | --job)
		return 0
		;;
	--since)
		mapfile -t COMPREPLY < <(compgen -W $'1h\n24h\n7d' -- "$cur")
		return 0
		;;
	--tail)
		mapfile -t COMPREPLY < <(compgen -W $'10\n100\n1000' -- "$cur")
		return 0
		;;
	esac
	IFS=$' \t\n'
	local sub
	sub=$(_vdktop_find_sub)
	if [[ -n $sub ]]; then
		if [[ $cur == -* ]]; then
			mapfile -t COMPREPLY < <(compgen -W "$(_vdktop_sub_options "$sub")" -- "$cur")
		elif [[ $sub == deploy ]]; then
			compopt -o filenames 2>/dev/null
			mapfile -t COMPREPLY < <(compgen -d -- "$cur")
		elif [[ $sub == help ]]; then
			mapfile -t COMPREPLY < <(compgen -W "$_vdktop_subcommands" -- "$cur")
		fi
		return 0
	fi
	if [[ $cur == -* ]]; then
		mapfile -t COMPREPLY < <(compgen -W "$_vdktop_options" -- "$cur")
	else
		mapfile -t COMPREPLY < <(compgen -W "$_vdktop_options $_vdktop_subcommands" -- "$cur")
	fi
	return 0
}

complete -F _vdktop vdktop
