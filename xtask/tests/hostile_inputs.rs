//! Hostile and odd input files, run through the real command line: each is refused with
//! exit code 2 and a message naming the file (and line), or read correctly. None may hang,
//! crash or exhaust memory. FIFOs and symbolic links cannot be committed: they are made here,
//! in a folder under `target/` that is removed when the test ends, however it ends.

mod support;

use std::fs;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use support::{stderr, xtask};

/// A page that defines one type, `microsoft.graph.hostile`, with one property.
const PAGE: &str = "# hostile resource type\n\n<!-- {\"blockType\": \"resource\", \"@odata.type\": \"microsoft.graph.hostile\"} -->\n```json\n{\"name\": \"String\"}\n```\n";

/// A folder under the target directory, made fresh and removed on drop (also when a test fails).
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().join("target/hostile-inputs-tests").join(name);
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(dir.join("docs")).unwrap();
        Scratch(dir)
    }

    fn docs(&self) -> PathBuf {
        self.0.join("docs")
    }

    fn out(&self) -> PathBuf {
        self.0.join("out")
    }

    /// `cargo xtask codegen --docs <docs> --out <out>` and `extra`.
    fn codegen(&self, extra: &[&str]) -> Output {
        let (docs, out) = (self.docs(), self.out());
        let mut args = vec!["codegen", "--docs", docs.to_str().unwrap(), "--out", out.to_str().unwrap()];
        args.extend_from_slice(extra);
        xtask(&args)
    }

    fn generated_type(&self) -> bool {
        self.out().join("src/microsoft_graph/hostile.rs").exists()
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

/// Exit code 2 with a message containing every one of `expected`, and nothing written.
fn assert_refused(scratch: &Scratch, output: &Output, expected: &[&str]) {
    let message = stderr(output);
    assert_eq!(output.status.code(), Some(2), "{message}");
    for part in expected {
        assert!(message.contains(part), "expected `{part}` in:\n{message}");
    }
    assert!(!scratch.out().exists(), "a refused run wrote to the output folder");
}

#[test]
fn a_fifo_page_is_refused_without_being_opened() {
    let scratch = Scratch::new("fifo");
    fs::write(scratch.docs().join("hostile.md"), PAGE).unwrap();
    let fifo = scratch.docs().join("pipe.md");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    // Opening a FIFO blocks until a writer comes: a reader that opened it would hang here.
    let output = scratch.codegen(&[]);
    assert_refused(&scratch, &output, &["docs/pipe.md: a FIFO (named pipe), not a regular file", "expected a Markdown page"]);
    // Named as metadata, the same.
    let output = xtask(&["codegen", "--csdl", fifo.to_str().unwrap(), "--out", scratch.out().to_str().unwrap()]);
    assert_refused(&scratch, &output, &["pipe.md: a FIFO (named pipe), not a regular file"]);
}

#[test]
fn a_page_linked_to_a_device_is_refused() {
    let scratch = Scratch::new("device");
    fs::write(scratch.docs().join("hostile.md"), PAGE).unwrap();
    symlink("/dev/zero", scratch.docs().join("zero.md")).unwrap();
    let output = scratch.codegen(&[]);
    assert_refused(&scratch, &output, &["docs/zero.md: a character device, not a regular file"]);
}

#[test]
fn link_loops_are_walked_once_and_generate_normally() {
    let scratch = Scratch::new("loop");
    fs::write(scratch.docs().join("hostile.md"), PAGE).unwrap();
    // Each link names the folder itself: without a visited set, 2^n paths to depth n.
    symlink(".", scratch.docs().join("again")).unwrap();
    symlink(".", scratch.docs().join("once-more")).unwrap();
    fs::create_dir(scratch.docs().join("sub")).unwrap();
    symlink("..", scratch.docs().join("sub/up")).unwrap();
    // A FIFO that is not a page is never touched.
    assert!(Command::new("mkfifo").arg(scratch.docs().join("notes")).status().unwrap().success());
    let output = scratch.codegen(&[]);
    let message = stderr(&output);
    assert_eq!(output.status.code(), Some(0), "{message}");
    // One page read, once: a page read twice would be a second definition of its type.
    assert!(message.contains("read 1 pages"), "{message}");
    assert!(message.contains(" 0 warnings") && !message.contains(": warning:"), "{message}");
    assert!(scratch.generated_type());
}

#[test]
fn files_over_the_size_cap_are_refused() {
    let scratch = Scratch::new("size");
    fs::write(scratch.docs().join("hostile.md"), PAGE).unwrap();
    let output = scratch.codegen(&["--max-file-size", "64"]);
    let size = PAGE.len().to_string();
    assert_refused(&scratch, &output, &[&format!("docs/hostile.md: {size} bytes, over the limit of 64 bytes"), "--max-file-size"]);
    let output = scratch.codegen(&["--max-file-size", "1KiB"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let output = scratch.codegen(&["--max-file-size", "1KB"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(stderr(&output).contains("--max-file-size: `1KB` is not a size"), "{}", stderr(&output));
}

#[test]
fn utf16_pages_with_a_byte_order_mark_are_transcoded() {
    for (name, bom, unit) in
        [("utf16-le", [0xFF, 0xFE], u16::to_le_bytes as fn(u16) -> [u8; 2]), ("utf16-be", [0xFE, 0xFF], u16::to_be_bytes)]
    {
        let scratch = Scratch::new(name);
        let bytes: Vec<u8> = bom.into_iter().chain(PAGE.encode_utf16().flat_map(unit)).collect();
        fs::write(scratch.docs().join("hostile.md"), bytes).unwrap();
        let output = scratch.codegen(&[]);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        assert!(scratch.generated_type(), "{name}: {}", stderr(&output));
    }
}

#[test]
fn a_latin1_page_is_an_error_naming_line_and_byte_offset() {
    let scratch = Scratch::new("latin1");
    // "café" in Latin-1 on line 3: é is the single byte 0xE9.
    let mut bytes = PAGE.as_bytes()[..PAGE.find('\n').unwrap() + 2].to_vec();
    let offset = bytes.len() + 3;
    bytes.extend_from_slice(b"caf\xE9\n");
    fs::write(scratch.docs().join("hostile.md"), bytes).unwrap();
    let output = scratch.codegen(&[]);
    assert_refused(&scratch, &output, &[&format!("docs/hostile.md:3: not UTF-8: byte 0xE9 at byte offset {offset}"), "iconv"]);
}

#[test]
fn xml_nested_ten_thousand_deep_is_an_error_not_a_crash() {
    let scratch = Scratch::new("xml-depth");
    let metadata = scratch.0.join("metadata.xml");
    let deep = format!(
        "<?xml version=\"1.0\"?>\n<edmx:Edmx xmlns:edmx=\"http://docs.oasis-open.org/odata/ns/edmx\" Version=\"4.0\">\n<edmx:DataServices>\n{}{}\n</edmx:DataServices></edmx:Edmx>\n",
        "<a>".repeat(10_000),
        "</a>".repeat(10_000)
    );
    fs::write(&metadata, deep).unwrap();
    let output = xtask(&["codegen", "--csdl", metadata.to_str().unwrap(), "--out", scratch.out().to_str().unwrap()]);
    assert_refused(&scratch, &output, &["metadata.xml:4: error: elements nested more than 256 deep"]);
}

#[test]
fn markdown_nested_a_hundred_thousand_deep_is_read() {
    const DEPTH: usize = 100_000;
    let scratch = Scratch::new("markdown-depth");
    let hostile = [
        ("block quotes", format!("{} x\n", ">".repeat(DEPTH))),
        ("lists", format!("{}x\n", "- ".repeat(DEPTH))),
        ("emphasis", format!("{}x{}\n", "*".repeat(DEPTH), "*".repeat(DEPTH))),
        ("links", format!("{}x{}\n", "[".repeat(DEPTH), "](y)".repeat(DEPTH))),
    ];
    for (what, text) in hostile {
        fs::write(scratch.docs().join("hostile.md"), format!("{PAGE}\n{text}")).unwrap();
        let output = scratch.codegen(&[]);
        assert_eq!(output.status.code(), Some(0), "{what}: {}", stderr(&output));
        assert!(scratch.generated_type(), "{what}");
        fs::remove_dir_all(scratch.out()).unwrap();
    }
}

#[test]
fn json_nested_a_hundred_thousand_deep_is_a_warning_naming_the_line() {
    let scratch = Scratch::new("json-depth");
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let page =
        format!("{PAGE}\n<!-- {{\"blockType\": \"example\", \"@odata.type\": \"microsoft.graph.hostile\"}} -->\n```json\n{deep}\n```\n");
    fs::write(scratch.docs().join("hostile.md"), page).unwrap();
    let output = scratch.codegen(&[]);
    let message = stderr(&output);
    // A JSON block that cannot be read is skipped with a warning, as any broken block is.
    assert_eq!(output.status.code(), Some(0), "{message}");
    assert!(
        message
            .contains("docs/hostile.md:10: warning: example is not JSON even read leniently: arrays and objects nested more than 100 deep"),
        "{message}"
    );
    assert!(scratch.generated_type());
}
