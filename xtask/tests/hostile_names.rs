//! Hostile names, through the real command line where it can reach them: names that are not
//! identifiers, namespaces that fold to one module or take one the crate needs, features named
//! `full` or `default`, enumerations with wrong members or values, terminal escapes in names.
//! `codegen.toml` is read from the workspace root only, so its renames and package name are
//! checked through the library's loader and generator, which the command runs the same way.

mod support;

use graph_codegen::codegen::{self, Request};
use graph_codegen::config::Config;
use std::fs;
use std::path::PathBuf;
use support::{scratch as scratch_in, stderr, workspace_root, xtask};

/// A fresh folder for one test, under `target/hostile-names-tests`.
fn scratch(name: &str) -> PathBuf {
    scratch_in("hostile-names-tests", name)
}

fn fixture(name: &str) -> PathBuf {
    workspace_root().join("tests/fixtures/hostile/names").join(name)
}

#[test]
fn hostile_names_generate_a_crate_with_every_type_and_unique_modules() {
    let out = scratch("fixture").join("out");
    let (csdl, pages) = (fixture("names.xml"), fixture("pages"));
    let run = xtask(&["codegen", "--csdl", csdl.to_str().unwrap(), "--docs", pages.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    let message = stderr(&run);
    assert_eq!(run.status.code(), Some(0), "{message}");

    // Namespaces that fold to one module, or are named like a module the crate has, each get one.
    for module in
        ["call_records", "call_records_", "microsoft_graph", "microsoft_graph_", "runtime_", "lib_", "self_", "_3d", "gr_u00f6_u00df_e"]
    {
        assert!(out.join("src").join(module).join("mod.rs").exists(), "no module {module}: {message}");
    }
    let lib = fs::read_to_string(out.join("src/lib.rs")).unwrap();
    assert!(lib.contains("pub mod runtime;") && lib.contains("pub mod runtime_;") && lib.contains("pub mod microsoft_graph_;"), "{lib}");
    // No type is lost: both `recordOperation`s, both `session`s.
    assert!(out.join("src/microsoft_graph/record_operation.rs").exists());
    assert!(out.join("src/microsoft_graph_/record_operation.rs").exists());
    assert!(out.join("src/call_records/session.rs").exists() && out.join("src/call_records_/session.rs").exists());
    // Every type has its file: 34 types, plus a mod.rs per namespace, lib.rs, the four runtime
    // files, Cargo.toml, and the `Any…` enum files of the two bases that have derived types.
    assert!(message.contains("34 types, 53 files"), "{message}");

    // Names outside ASCII, keywords and names the generated code uses.
    let half = fs::read_to_string(out.join("src/microsoft_graph/a_u00bd.rs")).unwrap();
    assert!(half.contains("pub struct AU00bd") && half.contains("pub x_u00b2:") && half.contains("pub u65e5_u672c:"), "{half}");
    assert!(half.contains("pub field:") && half.contains("pub r_try:") && half.contains("pub caf_u00e9:") && half.contains("pub cafe:"));
    let selfish = fs::read_to_string(out.join("src/microsoft_graph/self_2.rs")).unwrap();
    assert!(selfish.contains("pub struct Self_2 ") && selfish.contains("pub self_:") && selfish.contains("pub crate_:"), "{selfish}");
    assert!(fs::read_to_string(out.join("src/microsoft_graph/ok.rs")).unwrap().contains("pub struct Ok_ "));
    assert!(fs::read_to_string(out.join("src/microsoft_graph/rt.rs")).unwrap().contains("pub struct Rt "));
    let colour = fs::read_to_string(out.join("src/microsoft_graph/colour.rs")).unwrap();
    assert!(colour.contains("U00bd,") && colour.contains("Empty,") && colour.contains("Unrecognized_(::std::string::String)"), "{colour}");
    assert!(!fs::read_to_string(out.join("src/microsoft_graph/tab_and_return.rs")).unwrap().contains('\r'));
    // Every path is ASCII.
    let mut folders = vec![out.join("src")];
    while let Some(folder) = folders.pop() {
        for entry in fs::read_dir(folder).unwrap() {
            let path = entry.unwrap().path();
            assert!(path.to_str().unwrap().is_ascii(), "{}", path.display());
            if path.is_dir() {
                folders.push(path);
            }
        }
    }

    // `full` and `default` are the manifest's own features; areas and namespaces so named get `_`.
    let manifest = fs::read_to_string(out.join("Cargo.toml")).unwrap();
    assert_eq!(manifest.matches("\nfull = [").count(), 1, "{manifest}");
    assert_eq!(manifest.matches("\ndefault = [").count(), 1, "{manifest}");
    assert!(
        manifest.contains("\nfull_ = []\n") && manifest.contains("\ndefault_ = []\n") && manifest.contains("\n3d = []\n"),
        "{manifest}"
    );
    assert!(message.contains("pages/full_area.md:17: warning: the product area `full` of `microsoft.graph.fullArea` makes the Cargo feature `full`, which the crate reserves; its types are under `full_`"), "{message}");
    assert!(
        message.contains("names.xml:104: warning: the namespace `default` of `default.fallback` makes the Cargo feature `default`"),
        "{message}"
    );

    // Enumerations.
    for expected in [
        "names.xml:56: warning: member `red` of `microsoft.graph.colour` is declared twice (first at ",
        "names.xml:60: warning: value `five` of member `½` of `microsoft.graph.colour` is not an integer",
        "names.xml:61: warning: value 99999999999 of member `` of `microsoft.graph.colour` is out of the range of Edm.Int32",
        "names.xml:69: warning: flag member `odd` of `microsoft.graph.access` has the value 6, which is neither a power of two nor a combination of other members' bits",
        "names.xml:70: warning: value 256 of member `big` of `microsoft.graph.access` is out of the range of Edm.Byte",
        "names.xml:73: warning: the underlying type of `microsoft.graph.texty` is Edm.String; expected Edm.Byte, Edm.SByte, Edm.Int16, Edm.Int32 or Edm.Int64",
        "names.xml:75: warning: UnderlyingType `Nonsense` of `microsoft.graph.unknownUnderlying` is not an Edm type; expected Edm.Int32 or another integer type; Edm.Int32 assumed",
    ] {
        assert!(message.contains(expected), "missing `{expected}` in:\n{message}");
    }
    // A composite flag member (`readWrite = 3`) is no finding.
    assert!(!message.contains("readWrite"), "{message}");
}

#[test]
fn terminal_escapes_in_names_are_escaped_in_diagnostics() {
    let dir = scratch("escapes");
    let pages = dir.join("pages");
    fs::create_dir_all(&pages).unwrap();
    fs::write(
        pages.join("red.md"),
        "# red\n\n| Property | Type | Description |\n|:--|:--|:--|\n| \u{1b}[31mred\u{1b}[0m | nosuchtype\u{1b}]0;title\u{7} | x |\n\n<!-- {\"blockType\": \"resource\", \"@odata.type\": \"microsoft.graph.red\"} -->\n```json\n{}\n```\n",
    )
    .unwrap();
    let out = dir.join("out");
    let run = xtask(&["codegen", "--docs", pages.to_str().unwrap(), "--out", out.to_str().unwrap(), "--verbose"]);
    let message = stderr(&run);
    assert_eq!(run.status.code(), Some(0), "{message}");
    assert!(!message.contains('\u{1b}') && !message.contains('\u{7}'), "{message:?}");
    assert!(message.contains("\\u{1b}[31mred\\u{1b}[0m"), "{message}");

    let root = xtask(&["codegen", "--docs", pages.to_str().unwrap(), "--root", "\u{1b}[2Jgone", "--out", out.to_str().unwrap()]);
    let message = stderr(&root);
    assert_eq!(root.status.code(), Some(2), "{message}");
    assert!(message.contains("unknown root type `\\u{1b}[2Jgone`") && !message.contains('\u{1b}'), "{message:?}");
}

/// Writes `codegen.toml` with `text` in a fresh folder and loads it.
fn load_config(name: &str, text: &str) -> (PathBuf, Result<Config, String>) {
    let dir = scratch(name);
    let path = dir.join("codegen.toml");
    fs::write(&path, text).unwrap();
    (dir, Config::load(&path).map_err(|e| e.to_string()))
}

#[test]
fn renames_that_are_not_identifiers_are_errors_naming_the_line() {
    for (value, says) in [
        ("A B", "`A B` is not a Rust identifier; expected ASCII letters, digits and `_`, not starting with a digit, such as `AB`"),
        ("../x", "`../x` is not a Rust identifier"),
        ("r#try", "`r#try` is a raw identifier, which cannot name a generated type; expected a name that is not a keyword, such as `Try`"),
        ("", "a rename must not be empty"),
        ("type", "`type` is a Rust keyword; expected a name that is not one, such as `Type`"),
        ("crate", "`crate` is a Rust keyword"),
        ("Self", "`Self` is a Rust keyword; expected a name that is not one, such as `Self_`"),
        ("a½", "`a½` is not a Rust identifier"),
        ("\u{1b}[31mX", "`\\u{1b}[31mX` is not a Rust identifier"),
    ] {
        let text = format!("[output]\npackage = \"p\"\n\n[renames]\n\"microsoft.graph.x\" = {}\n", toml_quote(value));
        let (_, loaded) = load_config("rename", &text);
        let error = loaded.unwrap_err();
        assert!(error.contains("codegen.toml:5: [renames] \"microsoft.graph.x\": "), "{value:?}: {error}");
        assert!(error.contains(says), "{value:?}: {error}");
        assert!(!error.contains('\u{1b}'), "{error:?}");
    }
}

fn toml_quote(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\"").replace('\u{1b}', "\\u001B"))
}

#[test]
fn package_names_are_checked_as_cargo_does() {
    for (package, says) in [
        ("graph models", "the package name `graph models` contains ` `"),
        ("x\\\"\\n[evil]", "contains `\"`"),
        ("9lives", "starts with a digit"),
        ("", "the package name is empty"),
        ("self", "is a Rust keyword"),
        ("test", "is reserved"),
        ("serde_json", "is reserved"),
    ] {
        let (_, loaded) = load_config("package", &format!("[inputs]\ndocs = []\n\n[output]\npackage = \"{package}\"\n"));
        let error = loaded.unwrap_err();
        assert!(error.contains("codegen.toml:5: [output] package: "), "{package:?}: {error}");
        assert!(error.contains(says), "{package:?}: {error}");
    }
    let (_, good) = load_config("package", "[output]\npackage = \"my-models_2\"\n");
    assert_eq!(good.unwrap().output.package, "my-models_2");
}

/// Generates the hostile fixture with `renames` written in a `codegen.toml`.
fn generate_with_renames(name: &str, renames: &str) -> Result<codegen::Generation, String> {
    let (dir, loaded) = load_config(name, &format!("[output]\npackage = \"renamed\"\n\n[renames]\n{renames}"));
    let config = loaded.unwrap();
    let mut request = Request::from_config(&config, &dir);
    request.config.inputs.csdl = vec![fixture("names.xml")];
    codegen::generate(&request).map_err(|e| e.to_string())
}

#[test]
fn renames_are_used_as_written_and_collisions_are_errors() {
    let generation =
        generate_with_renames("renamed", "\"microsoft.graph.a½\" = \"Half\"\n\"microsoft.graph.nothing\" = \"Nothing\"\n").unwrap();
    assert!(generation.files["src/microsoft_graph/a_u00bd.rs"].contains("pub struct Half "));
    let warnings: Vec<String> = generation.diagnostics.iter().map(ToString::to_string).collect();
    assert!(
        warnings.iter().any(|w| w.starts_with("codegen.toml:6: warning: rename `microsoft.graph.nothing` names no type the inputs define")),
        "{warnings:#?}"
    );

    let clash = generate_with_renames("clash", "\"microsoft.graph.a\" = \"D\"\n").unwrap_err();
    assert!(
        clash.contains("codegen.toml:5: [renames] \"microsoft.graph.a\": `D` collides in `microsoft.graph`: the type `microsoft.graph.d` has that name too"),
        "{clash}"
    );
    let two = generate_with_renames("two", "\"microsoft.graph.a\" = \"Same\"\n\"microsoft.graph.d\" = \"Same\"\n").unwrap_err();
    assert!(two.contains("codegen.toml:6: [renames] \"microsoft.graph.d\": `Same` collides"), "{two}");
    let module = generate_with_renames("module", "\"microsoft.graph.a\" = \"runtime\"\n").unwrap_err();
    assert!(module.contains("a module of the generated crate has that name"), "{module}");
    let used = generate_with_renames("used", "\"microsoft.graph.a\" = \"rt\"\n").unwrap_err();
    assert!(used.contains("the generated code uses that name"), "{used}");
}
