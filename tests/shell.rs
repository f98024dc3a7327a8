//! What shell users expect: completions, man pages, colour, scripting
//! output.

use crate::util::Workdir;

#[test]
fn completions_are_generated_for_each_shell() {
    let w = Workdir::new();
    for (shell, marker) in [
        ("bash", "complete -F _newsidx"),
        ("zsh", "#compdef newsidx"),
        ("fish", "complete -c newsidx"),
        ("powershell", "Register-ArgumentCompleter"),
        ("elvish", "edit:completion:arg-completer[newsidx]"),
    ] {
        let script = w.ok(&["completions", shell]);
        assert!(script.contains(marker), "{shell}: {marker}");
        for word in ["kwic", "commit-every", "max-file-size", "completions"] {
            assert!(script.contains(word), "{shell}: {word}");
        }
    }
    let (code, err) = w.err(&["completions", "tcsh"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("invalid value 'tcsh'"), "{err}");
}

#[test]
fn the_bash_completion_script_loads_and_completes() {
    let w = Workdir::new();
    let script = w.path().join("newsidx.bash");
    std::fs::write(&script, w.ok(&["completions", "bash"])).unwrap();
    // Load it, then ask what follows `newsidx kw`.
    let out = std::process::Command::new("bash")
        .arg("-c")
        .arg(format!(
            "source {}; COMP_WORDS=(newsidx kw); COMP_CWORD=1; _newsidx newsidx kw newsidx; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
            script.display()
        ))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8(out.stdout).unwrap(), "kwic\n");
}

#[test]
fn man_pages_are_generated_for_newsidx_and_each_command() {
    let w = Workdir::new();
    let page = w.ok(&["man"]);
    assert!(page.contains(".TH newsidx 1"), "{page}");
    assert!(page.contains(".SH SUBCOMMANDS"), "{page}");
    for cmd in ["ingest", "search", "kwic", "export", "completions"] {
        assert!(page.contains(&format!("newsidx\\-{cmd}(1)")), "{cmd}");
    }
    let page = w.ok(&["man", "ingest"]);
    assert!(page.contains(".TH newsidx-ingest 1"), "{page}");
    assert!(page.contains(&format!("\"newsidx-ingest {}\"", env!("CARGO_PKG_VERSION"))));
    assert!(page.contains("\\fB\\-\\-commit\\-every\\fR"), "{page}");
    let (code, err) = w.err(&["man", "nope"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.starts_with("newsidx: man: no command \"nope\"; one of: ingest, search,"),
        "{err}"
    );
}
