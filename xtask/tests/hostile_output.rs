//! Output safety, as a user with a mistaken flag meets it: the generator never replaces a file
//! it did not write (unless forced), never empties a crate because the inputs define nothing,
//! and keeps what a standalone crate's owner put beside it. The failure path of the
//! all-or-nothing write is tested with injected faults in `generator/src/output.rs`.

mod support;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use support::{scratch as scratch_in, stderr, workspace_root, xtask};

/// A fresh folder for one test, under `target/cli-tests/hostile-output`.
fn scratch(name: &str) -> PathBuf {
    scratch_in("cli-tests/hostile-output", name)
}

/// Every file under `dir` with its bytes.
fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut folders = vec![dir.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path);
            } else {
                files.insert(path.strip_prefix(dir).unwrap().to_path_buf(), fs::read(&path).unwrap());
            }
        }
    }
    files
}

fn seed_page() -> String {
    workspace_root().join("schemas/recordOperation.md").display().to_string()
}

#[test]
fn an_existing_hand_written_crate_is_refused_unless_forced() {
    let out = scratch("hand-written");
    fs::create_dir_all(out.join("src")).unwrap();
    fs::write(out.join("Cargo.toml"), "[package]\nname = \"mine\"\nversion = \"1.0.0\"\n").unwrap();
    fs::write(out.join("src/lib.rs"), "//! My own crate.\npub fn mine() {}\n").unwrap();
    let before = tree(&out);
    let (page, out_arg) = (seed_page(), out.display().to_string());

    let refused = xtask(&["codegen", "--docs", &page, "--out", &out_arg]);
    let message = stderr(&refused);
    assert_eq!(refused.status.code(), Some(2), "{message}");
    assert!(message.contains("refusing to replace 2 file(s)"), "{message}");
    assert!(message.contains(&format!("{out_arg}/Cargo.toml")) && message.contains(&format!("{out_arg}/src/lib.rs")), "{message}");
    assert!(message.contains("--force"), "{message}");
    assert_eq!(tree(&out), before, "nothing was written, not even the files that did not exist");

    let checked = xtask(&["codegen", "--docs", &page, "--out", &out_arg, "--check"]);
    let message = stderr(&checked);
    assert_eq!(checked.status.code(), Some(1), "{message}");
    assert!(message.contains("src/lib.rs (not generated: replacing it needs --force)"), "{message}");

    let forced = xtask(&["codegen", "--docs", &page, "--out", &out_arg, "--force"]);
    assert_eq!(forced.status.code(), Some(0), "{}", stderr(&forced));
    assert!(fs::read_to_string(out.join("src/lib.rs")).unwrap().starts_with("// @generated"));
    assert!(out.join("src/microsoft_graph/record_operation.rs").exists());
}

#[test]
fn inputs_that_define_no_type_are_an_error_and_change_nothing() {
    let dir = scratch("no-type");
    let out = dir.join("out");
    let out_arg = out.display().to_string();
    let generated = xtask(&["codegen", "--docs", &seed_page(), "--out", &out_arg]);
    assert_eq!(generated.status.code(), Some(0), "{}", stderr(&generated));
    let before = tree(&out);

    let readmes = dir.join("readmes");
    fs::create_dir_all(&readmes).unwrap();
    fs::write(readmes.join("README.md"), "# A folder of notes\n\nNo resource page here.\n").unwrap();
    fs::write(readmes.join("CHANGES.md"), "# Changes\n\n- none\n").unwrap();
    let metadata = workspace_root().join("schemas/metadata.xml").display().to_string();
    let broken_annotation = dir.join("broken.md");
    fs::write(&broken_annotation, "# x\n\n<!-- {\n  \"blockType\": \"resource\",\n  \"@odata.type\": \n-->\n```json\n{}\n```\n").unwrap();
    let broken = broken_annotation.display().to_string();
    let readmes = readmes.display().to_string();
    for (case, args) in [
        ("a folder of READMEs", vec!["--docs", readmes.as_str()]),
        ("metadata passed as pages (swapped --docs and --csdl)", vec!["--docs", metadata.as_str()]),
        ("one broken annotation", vec!["--docs", broken.as_str()]),
    ] {
        let mut all = vec!["codegen"];
        all.extend(args);
        all.extend(["--out", out_arg.as_str()]);
        let refused = xtask(&all);
        let message = stderr(&refused);
        assert_eq!(refused.status.code(), Some(2), "{case}: {message}");
        assert!(message.contains("the inputs define no type") && message.contains("nothing was written"), "{case}: {message}");
        assert_eq!(tree(&out), before, "{case}: the crate is untouched");
    }

    let swapped = xtask(&["codegen", "--docs", &metadata, "--csdl", &readmes, "--out", &out_arg]);
    let message = stderr(&swapped);
    assert_eq!(swapped.status.code(), Some(2), "{message}");
    assert!(message.contains(&readmes), "{message}");
    assert_eq!(tree(&out), before);
}

#[test]
fn a_standalone_crate_keeps_its_target_and_lock_and_hand_written_files() {
    let dir = scratch("standalone");
    let page = dir.join("recordOperation.md");
    fs::copy(seed_page(), &page).unwrap();
    let out = dir.join("out");
    let (page_arg, out_arg) = (page.display().to_string(), out.display().to_string());
    assert!(xtask(&["codegen", "--docs", &page_arg, "--out", &out_arg]).status.success());
    fs::create_dir_all(out.join("target/debug")).unwrap();
    fs::write(out.join("target/debug/build-output"), "kept").unwrap();
    fs::write(out.join("Cargo.lock"), "# kept\n").unwrap();
    fs::write(out.join("src/extra.rs"), "// hand-written\n").unwrap();

    let text = fs::read_to_string(&page).unwrap();
    fs::write(&page, text.replace("The client context.", "The context the client gave.")).unwrap();
    let regenerated = xtask(&["codegen", "--docs", &page_arg, "--out", &out_arg]);
    assert!(regenerated.status.success(), "{}", stderr(&regenerated));
    assert!(stderr(&regenerated).contains("1 written"), "{}", stderr(&regenerated));
    assert_eq!(fs::read_to_string(out.join("target/debug/build-output")).unwrap(), "kept");
    assert_eq!(fs::read_to_string(out.join("Cargo.lock")).unwrap(), "# kept\n");
    assert_eq!(fs::read_to_string(out.join("src/extra.rs")).unwrap(), "// hand-written\n");
    let leftovers: Vec<PathBuf> = tree(&out).into_keys().filter(|p| p.to_string_lossy().contains(".codegen-")).collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn help_is_printed_and_succeeds() {
    for args in [&["--help"][..], &["codegen", "--help"], &["codegen", "-h"], &["drift", "--help"], &["drift", "docs", "--help"]] {
        let output = xtask(args);
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert_eq!(output.status.code(), Some(0), "{args:?}: {}", stderr(&output));
        assert!(stdout.starts_with("usage: cargo xtask"), "{args:?}: {stdout}");
        assert!(!stderr(&output).contains("error"), "{args:?}");
    }
    let mistaken = xtask(&["codegen", "--bogus"]);
    assert_eq!(mistaken.status.code(), Some(2));
    assert!(stderr(&mistaken).contains("unknown argument `--bogus`"));
}
