//! `antq completions bash|zsh|fish`: the script generated from the command line's definition
//! (subcommands, options, the values of `--lang`, `--format`, `--role`), with one addition per
//! shell: after an option that takes a unit's code the script asks `antq complete-units` for the
//! codes valid in the year given by `--year` (and in the database given by `--db`).

use crate::text::Lang;
use clap::ValueEnum;

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
}

/// The options whose value is a unit's code.
pub const CODE_OPTIONS: [&str; 3] = ["--unit", "--district", "--locality"];

/// The whole completion script for `shell`, its descriptions (zsh, fish) in `lang`.
pub fn script(shell: Shell, lang: Lang) -> String {
    let mut cmd = super::help::command(lang);
    let mut out = Vec::new();
    let generator = match shell {
        Shell::Bash => clap_complete::Shell::Bash,
        Shell::Zsh => clap_complete::Shell::Zsh,
        Shell::Fish => clap_complete::Shell::Fish,
    };
    clap_complete::generate(generator, &mut cmd, "antq", &mut out);
    let generated = String::from_utf8_lossy(&out).into_owned();
    match shell {
        Shell::Bash => format!("{generated}{BASH_CODES}"),
        Shell::Zsh => zsh_with_codes(&generated),
        Shell::Fish => format!("{generated}{FISH_CODES}"),
    }
}

/// Bash: a wrapper registered in place of the generated function; it answers after a code option
/// and hands every other word to the generated completion.
const BASH_CODES: &str = r#"
# Unit codes valid in the year on the command line, asked of antq itself.
_antq_codes() {
    local prev="${COMP_WORDS[COMP_CWORD-1]}"
    case "$prev" in
        --unit|--district|--locality)
            local i args=()
            for ((i = 1; i < COMP_CWORD; i++)); do
                case "${COMP_WORDS[i]}" in
                    --year|--db) args+=("${COMP_WORDS[i]}" "${COMP_WORDS[i+1]}") ;;
                esac
            done
            local codes
            codes="$(antq complete-units "${args[@]}" 2>/dev/null | cut -f1)"
            COMPREPLY=($(compgen -W "$codes" -- "${COMP_WORDS[COMP_CWORD]}"))
            return 0
            ;;
    esac
    _antq "$@"
}
complete -F _antq_codes -o bashdefault -o default antq
"#;

/// Fish: completions add up, so a line per code option offers the codes beside the generated ones.
const FISH_CODES: &str = r#"
# Unit codes valid in the year on the command line, asked of antq itself.
function __antq_codes
    set -l words (commandline -opc)
    set -l args
    for i in (seq (count $words))
        switch $words[$i]
            case --year --db
                set -a args $words[$i] $words[(math $i + 1)]
        end
    end
    antq complete-units $args 2>/dev/null
end
complete -c antq -l unit -f -r -a '(__antq_codes)'
complete -c antq -l district -f -r -a '(__antq_codes)'
complete -c antq -l locality -f -r -a '(__antq_codes)'
"#;

/// Zsh: the generated `_arguments` specs of the code options call `_antq_codes` for their value.
const ZSH_CODES: &str = r#"
# Unit codes valid in the year on the command line, asked of antq itself.
_antq_codes() {
    local i args=()
    for ((i = 2; i < CURRENT; i++)); do
        case "${words[i]}" in
            --year|--db) args+=("${words[i]}" "${words[i+1]}") ;;
        esac
    done
    local -a codes
    codes=("${(@f)$(antq complete-units "${args[@]}" 2>/dev/null | sed 's/:/\\:/g; s/\t/:/')}")
    _describe 'code' codes
}
"#;

fn zsh_with_codes(generated: &str) -> String {
    let mut text = String::with_capacity(generated.len() + ZSH_CODES.len());
    for line in generated.lines() {
        text.push_str(&zsh_line(line));
        text.push('\n');
        if line.starts_with("#compdef") {
            text.push_str(ZSH_CODES);
        }
    }
    text
}

/// A generated `'--unit=[…]:CODE:_default'` spec (the value's name in the help's language) with
/// the codes as its action.
fn zsh_line(line: &str) -> String {
    let trimmed = line.trim_start();
    let is_code_option = CODE_OPTIONS
        .iter()
        .any(|o| trimmed.starts_with(&format!("'{o}=")));
    if is_code_option && line.contains(":_default'") {
        line.replace(":_default'", ":_antq_codes'")
    } else {
        line.to_string()
    }
}
