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

#[test]
fn completions_and_man_on_a_full_disk_exit_1() {
    let w = Workdir::new();
    for args in [
        &["completions", "bash"][..],
        &["man"][..],
        &["man", "ingest"][..],
    ] {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_newsidx"))
            .current_dir(w.path())
            .args(args)
            .stdout(full)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert_eq!(
            String::from_utf8(out.stderr).unwrap(),
            "newsidx: writing output: No space left on device (os error 28)\n",
            "{args:?}"
        );
    }
}

/// stdout of `newsidx args…` run on a terminal (a pty from util-linux
/// `script`), with `env` set (NO_COLOR unset unless given).
fn on_terminal(w: &Workdir, env: &[&str], args: &[&str]) -> String {
    let cmd = format!(
        "env -u NO_COLOR {} {} {}",
        env.join(" "),
        env!("CARGO_BIN_EXE_newsidx"),
        args.join(" ")
    );
    let out = std::process::Command::new("script")
        .args(["-qec", &cmd, "/dev/null"])
        .current_dir(w.path())
        .output()
        .expect("util-linux `script` gives the colour test a terminal");
    assert!(out.status.success(), "{cmd}");
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn color_auto_always_never_no_color_and_term_dumb() {
    const RED: &str = "\x1b[1;31m";
    let w = Workdir::new();
    w.write("c/a.txt", " date 2024-01-02 \nThe harbour reopened.\n");
    w.ingest(&["c"]);
    // Into a pipe: colour only with --color always (NO_COLOR=1 is set by
    // the test helper: the flag wins, as in ripgrep).
    assert!(!w.ok(&["search", "harbour"]).contains(RED));
    assert!(
        !w.ok(&["search", "harbour", "--color", "auto"])
            .contains(RED)
    );
    assert!(
        !w.ok(&["search", "harbour", "--color", "never"])
            .contains(RED)
    );
    let always = w.ok(&["search", "harbour", "--color", "always"]);
    assert!(
        always.contains(&format!("The {RED}harbour\x1b[0m reopened")),
        "{always}"
    );
    assert!(
        w.ok(&["--color", "always", "kwic", "harbour"])
            .contains(RED)
    );
    // On a terminal: colour unless NO_COLOR, TERM=dumb or --color never.
    assert!(on_terminal(&w, &["TERM=xterm"], &["search", "harbour"]).contains(RED));
    assert!(!on_terminal(&w, &["TERM=dumb"], &["search", "harbour"]).contains(RED));
    assert!(!on_terminal(&w, &["TERM=xterm", "NO_COLOR=1"], &["search", "harbour"]).contains(RED));
    assert!(
        !on_terminal(
            &w,
            &["TERM=xterm"],
            &["search", "harbour", "--color", "never"]
        )
        .contains(RED)
    );
    assert!(
        on_terminal(
            &w,
            &["TERM=dumb"],
            &["search", "harbour", "--color", "always"]
        )
        .contains(RED)
    );
    let (code, err) = w.err(&["search", "harbour", "--color", "sometimes"]);
    assert_eq!(code, 2, "{err}");
}

#[test]
fn ingest_format_json_writes_the_summary_on_stdout() {
    let w = Workdir::new();
    w.write("c/a.txt", " date 2024-01-02 \nThe harbour reopened.\n");
    w.write("c/b.txt", "No date here.\n");
    w.write("c/empty.txt", "");
    let out = w
        .cmd(&["ingest", "c", "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let stderr = String::from_utf8(out.stderr).unwrap();
    // The skip line stays on stderr; the text summary is not printed.
    assert!(stderr.contains("skipped (empty)"), "{stderr}");
    assert!(!stderr.contains("files:"), "{stderr}");
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(v["files_seen"], 3);
    assert_eq!(v["files_skipped"], serde_json::json!({"empty": 1}));
    assert_eq!(v["indexed"], 2);
    assert_eq!(v["unchanged"], 0);
    assert_eq!(v["no_date"], 1);
    assert_eq!(v["interrupted"], false);
    assert_eq!(v["total_documents"], 2);
    assert!(v["elapsed"].as_f64().unwrap() > 0.0);
    // -q silences stderr, not the JSON on stdout.
    let again = w.ok(&["-q", "ingest", "c", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&again).unwrap();
    assert_eq!(
        (v["indexed"].as_u64(), v["unchanged"].as_u64()),
        (Some(0), Some(2))
    );
}

#[test]
fn the_readme_documents_every_field_of_the_ingest_json_summary() {
    let w = Workdir::new();
    w.write("c/a.txt", " date 2024-01-02 \nThe harbour reopened.\n");
    let out = w.ok(&["-q", "ingest", "c", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let mut fields: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    fields.sort_unstable();
    // The table after "For scripts, `--format json`" in the README.
    let readme = include_str!("../README.md");
    let start = readme.find("For scripts, `--format json` writes").unwrap();
    let table = &readme[start..];
    let table = &table[table.find("| field |").unwrap()..];
    let table = &table[..table.find("\n\n").unwrap()];
    let mut documented: Vec<&str> = table
        .lines()
        .skip(2)
        .map(|l| l.split('`').nth(1).unwrap())
        .collect();
    documented.sort_unstable();
    assert_eq!(documented, fields);
    assert!(fields.contains(&"unchanged_copies"), "{fields:?}");
    // --help names them too.
    let help = w.ok(&["ingest", "--help"]);
    let help = help.split_whitespace().collect::<Vec<_>>().join(" ");
    for f in &fields {
        assert!(help.contains(f), "{f}: {help}");
    }
}

#[test]
fn ingest_null_reads_a_find_print0_list() {
    let w = Workdir::new();
    w.write(
        "c/odd\nname.txt",
        "A harbour file with a newline in its name.\n",
    );
    w.write("c/trailing .txt", "A harbour file with a trailing space.\n");
    w.write("c/plain.txt", "A plain harbour file.\n");
    let run = |args: &[&str], list: &[u8]| w.cmd(args).write_stdin(list.to_vec()).output().unwrap();
    let list = b"c/odd\nname.txt\0c/trailing .txt\0\0c/plain.txt\0";
    let out = run(&["ingest", "-0", "-", "--format", "json"], list);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (v["files_seen"].as_u64(), v["indexed"].as_u64()),
        (Some(3), Some(3))
    );
    assert_eq!(w.search_json("harbour", &[])["total"], 3);
    // Without -0 the same bytes are lines: "c/odd" and "name.txt…" do not exist.
    let out = run(
        &["--index", "other", "ingest", "-", "--format", "json"],
        list,
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["indexed"], 0, "{v}");
    // `parse -0` reads the same list.
    let out = run(&["parse", "--null", "-"], list);
    assert_eq!(String::from_utf8(out.stdout).unwrap().lines().count(), 3);
}

#[test]
fn the_progress_bar_rate_and_counts_have_thousands_separators() {
    let w = Workdir::new();
    crate::robustness::corpus(&w, "gen", 2000);
    // stderr on a terminal, so that the bar is drawn.
    let out = std::process::Command::new("script")
        .args([
            "-qec",
            &format!("{} ingest gen", env!("CARGO_BIN_EXE_newsidx")),
            "/dev/null",
        ])
        .current_dir(w.path())
        .output()
        .expect("util-linux `script` gives the progress test a terminal");
    let screen = String::from_utf8_lossy(&out.stdout).replace('\r', "\n");
    let re =
        regex::Regex::new(r"(?m)^(?:\x1b\[2K)?\S* ([0-9,]+)/2,000 files  ([0-9,]+)/s").unwrap();
    let draws: Vec<_> = re.captures_iter(&screen).collect();
    assert!(!draws.is_empty(), "{screen}");
    for c in &draws {
        for n in [&c[1], &c[2]] {
            // Digits in groups of three: 1,973 not 1973.
            let plain = n.replace(',', "");
            let want = plain
                .as_bytes()
                .rchunks(3)
                .rev()
                .map(|g| std::str::from_utf8(g).unwrap())
                .collect::<Vec<_>>()
                .join(",");
            assert_eq!(n, want, "{screen}");
        }
    }
    assert!(screen.contains("documents in index 2000;"), "{screen}");
}

#[test]
fn each_help_lists_only_the_exit_codes_of_its_command() {
    let w = Workdir::new();
    let help = |cmd: &str| w.ok(&[cmd, "--help"]);
    let codes = |text: &str| -> Vec<String> {
        let tail = &text[text.find("Exit codes:").unwrap()..];
        tail.lines()
            .skip(1)
            .filter_map(|l| l.split_whitespace().next())
            .filter(|t| t.chars().all(|c| c.is_ascii_digit()))
            .map(str::to_string)
            .collect()
    };
    assert_eq!(codes(&help("ingest")), ["0", "1", "2", "3", "130"]);
    for cmd in [
        "search", "quotes", "count", "timeline", "top", "speakers", "kwic", "export", "stats",
    ] {
        assert_eq!(codes(&help(cmd)), ["0", "1", "2"], "{cmd}");
    }
    for cmd in ["parse", "show", "bench", "delete"] {
        assert_eq!(codes(&help(cmd)), ["0", "1", "2"], "{cmd}");
    }
    // Both write stdout: a failing write (a full disk) is exit 1.
    for cmd in ["completions", "man"] {
        assert_eq!(codes(&help(cmd)), ["0", "1", "2"], "{cmd}");
    }
    // The top-level help lists them all.
    assert_eq!(codes(&w.ok(&["--help"])), ["0", "1", "2", "3", "130"]);
}

#[test]
fn strict_with_quiet_does_not_point_above() {
    let w = Workdir::new();
    w.write("c/a.txt", "A good article.");
    w.write("c/empty.txt", "");
    w.write("notes/readme.md", "no articles");
    let (code, err) = w.err(&["-q", "ingest", "c", "--strict"]);
    assert_eq!(code, 3);
    assert_eq!(
        err,
        "newsidx: --strict: 1 file and 0 records skipped (run without -q to see them, or with --report FILE); exit code 3\n"
    );
    let (_, err) = w.err(&["-q", "ingest", "c", "--strict", "--report", "r.jsonl"]);
    assert_eq!(
        err,
        "newsidx: --strict: 1 file and 0 records skipped (listed in r.jsonl); exit code 3\n"
    );
    let (_, err) = w.err(&["ingest", "c", "--strict"]);
    assert!(
        err.ends_with("newsidx: --strict: 1 file and 0 records skipped (see above); exit code 3\n"),
        "{err}"
    );
    let (code, err) = w.err(&["-q", "ingest", "notes", "--strict"]);
    assert_eq!(code, 3);
    assert_eq!(
        err,
        "newsidx: --strict: no article files found (under notes); exit code 3\n"
    );
}

#[test]
fn verbose_prints_every_skip_and_the_timings() {
    let w = Workdir::new();
    let mut lines = String::new();
    for i in 1..=5 {
        lines.push_str(&format!("{{\"body\":\"harbour {i}\"}}\n{{broken\n"));
    }
    w.write("c/feed.jsonl", &lines);
    // Without -v: 3 skip lines and a summing-up line.
    let out = w.ingest(&["c"]);
    assert_eq!(out.matches("skipped (bad record)").count(), 3, "{out}");
    assert!(
        out.contains(": 2 more skipped records not shown (see --report FILE for all)\n"),
        "{out}"
    );
    // With -v: all 5, no summing-up line, and the timings.
    let out = w.ok_stderr(&["-v", "--index", "v", "ingest", "c"]);
    assert_eq!(out.matches("skipped (bad record)").count(), 5, "{out}");
    assert!(!out.contains("not shown"), "{out}");
    let re = regex::Regex::new(
        r"(?m)^newsidx: timings: [0-9.]+ s for 5 records read \([0-9.]+ ms per record\), 1 commit$",
    )
    .unwrap();
    assert!(re.is_match(&out), "{out}");
    assert!(
        regex::Regex::new(r"(?m)^newsidx: ingest: [0-9.]+ ms in all$")
            .unwrap()
            .is_match(&out),
        "{out}"
    );
    // Every command reports its time with -v.
    let out = w
        .cmd(&["-v", "--index", "v", "count", "harbour"])
        .output()
        .unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        regex::Regex::new(r"(?m)^newsidx: count: [0-9.]+ ms in all$")
            .unwrap()
            .is_match(&err),
        "{err}"
    );
    let out = w
        .cmd(&["--index", "v", "count", "harbour"])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(out.stderr).unwrap(), "");
}
