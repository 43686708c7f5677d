//! Input files as the generator reads them: the one place that walks folders of pages and
//! reads a page or a metadata document from disk.
//!
//! Inputs may be hostile or simply odd, and none of them may hang, exhaust memory or be
//! misread:
//! - [`find_pages`] follows each symbolic link once (a visited set of canonical folders), so
//!   a link loop such as `ln -s . again` is walked once, not forever; the result is sorted.
//! - [`read_text`] reads regular files only: a FIFO, socket or device (also through a link,
//!   as `page.md -> /dev/zero`) is refused before it is opened, since opening a FIFO blocks.
//! - Each file is capped ([`DEFAULT_MAX_FILE_SIZE`], configurable): its size is checked
//!   before reading, and the read itself stops past the cap, since some files report a size
//!   they do not have.
//! - UTF-8 is expected; a UTF-8 byte-order mark is dropped, UTF-16 with a byte-order mark is
//!   transcoded, and anything else that is not UTF-8 (a Latin-1 page) is an error naming the
//!   line and byte offset of the first bad byte.

use serde::de::{self, Deserialize, Deserializer, Visitor};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::fs;
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// The default cap on the size of one input file: 256 MiB, some 30 times Graph's largest
/// metadata document.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 256 * 1024 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error("{path}: {cause}")]
    Io { path: String, cause: std::io::Error },
    #[error(
        "{path}: {kind}, not a regular file; expected a Markdown page or a metadata document (FIFOs, sockets and devices are never read)"
    )]
    NotRegularFile { path: String, kind: &'static str },
    #[error(
        "{path}: {size} bytes, over the limit of {limit} bytes on an input file; expected a smaller file, or raise the limit with `max_file_size` under `[inputs]` in codegen.toml or `--max-file-size`"
    )]
    TooLarge { path: String, size: String, limit: u64 },
    #[error(
        "{path}:{line}: not UTF-8: byte 0x{byte:02X} at byte offset {offset} is not valid UTF-8; expected UTF-8 text (or UTF-16 with a byte-order mark); a Latin-1 file can be converted with `iconv -f LATIN1 -t UTF-8`"
    )]
    InvalidUtf8 { path: String, line: usize, offset: usize, byte: u8 },
    #[error("{path}:{line}: not UTF-16: {problem} at byte offset {offset}, although the file starts with a UTF-16 byte-order mark")]
    InvalidUtf16 { path: String, line: usize, offset: usize, problem: &'static str },
    #[error("{path}: starts with a UTF-32 byte-order mark; expected UTF-8 (or UTF-16 with a byte-order mark)")]
    Utf32 { path: String },
}

fn io_error(path: &Path) -> impl FnOnce(std::io::Error) -> InputError + '_ {
    move |cause| InputError::Io { path: path.display().to_string(), cause }
}

/// Every `.md` file under the given folders (recursively) and the files given, sorted, each
/// file once. A folder reached again through a link (a loop, or two links to one folder) is
/// not walked again; a file reached through several names is kept under its first name in
/// byte order. Files are not opened here: [`read_text`] refuses what is not a regular file.
pub fn find_pages(inputs: &[PathBuf]) -> Result<Vec<PathBuf>, InputError> {
    // Canonical path → the name the page is read under.
    let mut pages: BTreeMap<PathBuf, PathBuf> = BTreeMap::new();
    let mut add_page = |canonical: PathBuf, path: PathBuf| {
        let kept = pages.entry(canonical).or_insert_with(|| path.clone());
        if path < *kept {
            *kept = path;
        }
    };
    let mut visited_folders: BTreeSet<PathBuf> = BTreeSet::new();
    for input in inputs {
        let metadata = fs::metadata(input).map_err(io_error(input))?;
        let canonical = fs::canonicalize(input).map_err(io_error(input))?;
        if !metadata.is_dir() {
            // Named explicitly: read whatever its extension, refused there if not a file.
            add_page(canonical, input.clone());
            continue;
        }
        if !visited_folders.insert(canonical.clone()) {
            continue;
        }
        // Depth first, in name order, so that which name a linked folder is walked under
        // does not depend on the order the file system lists entries in.
        let mut folders = vec![(input.clone(), canonical)];
        while let Some((folder, canonical_folder)) = folders.pop() {
            let mut entries = Vec::new();
            for entry in fs::read_dir(&folder).map_err(io_error(&folder))? {
                let entry = entry.map_err(io_error(&folder))?;
                let file_type = entry.file_type().map_err(io_error(&entry.path()))?;
                entries.push((entry.file_name(), file_type));
            }
            entries.sort_by(|(a, _), (b, _)| a.cmp(b));
            let mut subfolders = Vec::new();
            for (name, file_type) in entries {
                let path = folder.join(&name);
                let (is_dir, canonical) = if file_type.is_symlink() {
                    match (fs::metadata(&path), fs::canonicalize(&path)) {
                        (Ok(target), Ok(canonical)) => (target.is_dir(), canonical),
                        // A dangling link: a page by that name is reported when read.
                        _ => (false, canonical_folder.join(&name)),
                    }
                } else {
                    (file_type.is_dir(), canonical_folder.join(&name))
                };
                if is_dir {
                    if visited_folders.insert(canonical.clone()) {
                        subfolders.push((path, canonical));
                    }
                } else if path.extension().is_some_and(|e| e.eq_ignore_ascii_case("md")) {
                    add_page(canonical, path);
                }
            }
            folders.extend(subfolders.into_iter().rev());
        }
    }
    let mut found: Vec<PathBuf> = pages.into_values().collect();
    found.sort();
    Ok(found)
}

/// The text of the file at `path`: a regular file of at most `max_file_size` bytes, in UTF-8
/// (a byte-order mark dropped) or UTF-16 with a byte-order mark.
pub fn read_text(path: &Path, max_file_size: u64) -> Result<String, InputError> {
    decode(path, read_bytes(path, max_file_size)?)
}

/// The bytes of a regular file, at most `max_file_size` of them.
fn read_bytes(path: &Path, max_file_size: u64) -> Result<Vec<u8>, InputError> {
    // Checked before opening: opening a FIFO blocks until a writer comes.
    let metadata = fs::metadata(path).map_err(io_error(path))?;
    refuse_unless_regular(path, &metadata)?;
    let too_large = |size: String| InputError::TooLarge { path: path.display().to_string(), size, limit: max_file_size };
    if metadata.len() > max_file_size {
        return Err(too_large(metadata.len().to_string()));
    }
    let file = fs::File::open(path).map_err(io_error(path))?;
    // The path may have been replaced between the two looks; this one is of what was opened.
    refuse_unless_regular(path, &file.metadata().map_err(io_error(path))?)?;
    let capacity = usize::try_from(metadata.len()).unwrap_or(0);
    let mut bytes = Vec::with_capacity(capacity);
    // The size reported may be wrong (files under /proc say 0): the read is bounded too.
    file.take(max_file_size.saturating_add(1)).read_to_end(&mut bytes).map_err(io_error(path))?;
    if bytes.len() as u64 > max_file_size {
        return Err(too_large(format!("more than {max_file_size}")));
    }
    Ok(bytes)
}

fn refuse_unless_regular(path: &Path, metadata: &fs::Metadata) -> Result<(), InputError> {
    if metadata.is_file() {
        return Ok(());
    }
    let file_type = metadata.file_type();
    let kind = if file_type.is_dir() { "a folder" } else { special_file_kind(&file_type) };
    Err(InputError::NotRegularFile { path: path.display().to_string(), kind })
}

#[cfg(unix)]
fn special_file_kind(file_type: &fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt as _;
    if file_type.is_fifo() {
        "a FIFO (named pipe)"
    } else if file_type.is_socket() {
        "a socket"
    } else if file_type.is_char_device() {
        "a character device"
    } else if file_type.is_block_device() {
        "a block device"
    } else {
        "a special file"
    }
}

#[cfg(not(unix))]
fn special_file_kind(_: &fs::FileType) -> &'static str {
    "a special file"
}

/// Text from the bytes of the file at `path`, by its byte-order mark.
fn decode(path: &Path, mut bytes: Vec<u8>) -> Result<String, InputError> {
    let shown = || path.display().to_string();
    match bytes.as_slice() {
        [0xFF, 0xFE, 0, 0, ..] | [0, 0, 0xFE, 0xFF, ..] => Err(InputError::Utf32 { path: shown() }),
        [0xFF, 0xFE, ..] => decode_utf16(path, &bytes[2..], u16::from_le_bytes),
        [0xFE, 0xFF, ..] => decode_utf16(path, &bytes[2..], u16::from_be_bytes),
        _ => {
            let bom = if bytes.starts_with(b"\xEF\xBB\xBF") { 3 } else { 0 };
            bytes.drain(..bom);
            String::from_utf8(bytes).map_err(|error| {
                let bytes = error.as_bytes();
                let at = error.utf8_error().valid_up_to();
                InputError::InvalidUtf8 { path: shown(), line: line_at(&bytes[..at]), offset: at + bom, byte: bytes[at] }
            })
        }
    }
}

/// UTF-16 text after its byte-order mark, each unit read by `unit`.
fn decode_utf16(path: &Path, bytes: &[u8], unit: fn([u8; 2]) -> u16) -> Result<String, InputError> {
    let units: Vec<u16> = bytes.chunks_exact(2).map(|pair| unit([pair[0], pair[1]])).collect();
    let invalid = |index: usize, problem| InputError::InvalidUtf16 {
        path: path.display().to_string(),
        line: units[..index].iter().filter(|u| **u == u16::from(b'\n')).count() + 1,
        offset: 2 + 2 * index,
        problem,
    };
    let mut text = String::with_capacity(units.len());
    let mut index = 0;
    for decoded in char::decode_utf16(units.iter().copied()) {
        match decoded {
            Ok(c) => {
                text.push(c);
                index += c.len_utf16();
            }
            Err(_) => return Err(invalid(index, "an unpaired surrogate")),
        }
    }
    if bytes.len() % 2 == 1 {
        return Err(invalid(units.len(), "an odd number of bytes"));
    }
    Ok(text)
}

/// The 1-based line that starts after `before`.
fn line_at(before: &[u8]) -> usize {
    before.iter().filter(|b| **b == b'\n').count() + 1
}

/// A size in bytes as `codegen.toml` and the command line write it: a plain number of bytes,
/// or a number with a unit (`B`, `KiB`, `MiB`, `GiB`), such as `"256MiB"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ByteSize(pub u64);

impl Default for ByteSize {
    fn default() -> Self {
        ByteSize(DEFAULT_MAX_FILE_SIZE)
    }
}

impl FromStr for ByteSize {
    type Err = String;

    fn from_str(text: &str) -> Result<ByteSize, String> {
        let expected = || format!("`{text}` is not a size; expected a number of bytes, or a number with a unit: B, KiB, MiB or GiB");
        let text = text.trim();
        let digits = text.find(|c: char| !c.is_ascii_digit()).unwrap_or(text.len());
        let number: u64 = text[..digits].parse().map_err(|_| expected())?;
        let shift = match text[digits..].trim().to_ascii_lowercase().as_str() {
            "" | "b" => 0,
            "kib" => 10,
            "mib" => 20,
            "gib" => 30,
            _ => return Err(expected()),
        };
        let bytes = number.checked_mul(1 << shift).ok_or_else(|| format!("`{text}` is too large a size"))?;
        if bytes == 0 {
            return Err(format!("`{text}`: a size of 0 refuses every file; expected a positive size"));
        }
        Ok(ByteSize(bytes))
    }
}

impl<'de> Deserialize<'de> for ByteSize {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<ByteSize, D::Error> {
        struct SizeVisitor;
        impl Visitor<'_> for SizeVisitor {
            type Value = ByteSize;

            fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
                formatter.write_str("a number of bytes, or a string such as \"256MiB\"")
            }

            fn visit_u64<E: de::Error>(self, bytes: u64) -> Result<ByteSize, E> {
                bytes.to_string().parse().map_err(E::custom)
            }

            fn visit_i64<E: de::Error>(self, bytes: i64) -> Result<ByteSize, E> {
                u64::try_from(bytes).map_err(|_| E::custom("a size cannot be negative")).and_then(|b| self.visit_u64(b))
            }

            fn visit_str<E: de::Error>(self, text: &str) -> Result<ByteSize, E> {
                text.parse().map_err(E::custom)
            }
        }
        deserializer.deserialize_any(SizeVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        crate::test_support::scratch(&format!("input-{name}"))
    }

    fn decoded(bytes: &[u8]) -> Result<String, String> {
        decode(Path::new("page.md"), bytes.to_vec()).map_err(|e| e.to_string())
    }

    #[test]
    fn utf8_is_read_and_its_byte_order_mark_dropped() {
        assert_eq!(decoded("# café\n".as_bytes()).unwrap(), "# café\n");
        assert_eq!(decoded(b"\xEF\xBB\xBF# t\n").unwrap(), "# t\n");
    }

    #[test]
    fn utf16_with_a_byte_order_mark_is_transcoded() {
        let text = "# café\n\u{1F600}\n";
        let le: Vec<u8> = [0xFF, 0xFE].into_iter().chain(text.encode_utf16().flat_map(u16::to_le_bytes)).collect();
        let be: Vec<u8> = [0xFE, 0xFF].into_iter().chain(text.encode_utf16().flat_map(u16::to_be_bytes)).collect();
        assert_eq!(decoded(&le).unwrap(), text);
        assert_eq!(decoded(&be).unwrap(), text);
    }

    #[test]
    fn broken_utf16_names_line_and_offset() {
        // "a\n" then a lone high surrogate.
        let error = decoded(&[0xFF, 0xFE, b'a', 0, b'\n', 0, 0x00, 0xD8, b'b', 0]).unwrap_err();
        assert_eq!(
            error,
            "page.md:2: not UTF-16: an unpaired surrogate at byte offset 6, although the file starts with a UTF-16 byte-order mark"
        );
        assert!(decoded(&[0xFF, 0xFE, b'a', 0, b'b']).unwrap_err().contains("an odd number of bytes at byte offset 4"));
        assert!(decoded(&[0xFF, 0xFE, 0, 0, b'a', 0, 0, 0]).unwrap_err().contains("UTF-32"));
    }

    #[test]
    fn latin1_is_an_error_naming_line_and_byte_offset() {
        let error = decoded(b"# t\n\nna\xEFve\n").unwrap_err();
        assert!(error.starts_with("page.md:3: not UTF-8: byte 0xEF at byte offset 7 "), "{error}");
        // Offsets count the byte-order mark, as a hex editor shows the file.
        let error = decoded(b"\xEF\xBB\xBFcaf\xE9").unwrap_err();
        assert!(error.contains("byte 0xE9 at byte offset 6"), "{error}");
    }

    #[test]
    fn sizes_read_with_units() {
        assert_eq!("256MiB".parse(), Ok(ByteSize(256 << 20)));
        assert_eq!("10 KiB".parse(), Ok(ByteSize(10 << 10)));
        assert_eq!("4096".parse(), Ok(ByteSize(4096)));
        assert!("12MB".parse::<ByteSize>().unwrap_err().contains("expected a number of bytes"));
        assert!("0".parse::<ByteSize>().is_err());
        assert!("99999999999GiB".parse::<ByteSize>().unwrap_err().contains("too large"));
        #[derive(serde::Deserialize)]
        struct Table {
            size: ByteSize,
        }
        assert_eq!(toml::from_str::<Table>("size = 1024").unwrap().size, ByteSize(1024));
        assert_eq!(toml::from_str::<Table>("size = \"1KiB\"").unwrap().size, ByteSize(1024));
        assert!(toml::from_str::<Table>("size = -1").is_err());
    }

    #[test]
    fn files_over_the_cap_are_refused_and_at_the_cap_read() {
        let dir = scratch("cap");
        let path = dir.join("page.md");
        fs::write(&path, "0123456789").unwrap();
        assert_eq!(read_text(&path, 10).unwrap(), "0123456789");
        let error = read_text(&path, 9).unwrap_err().to_string();
        assert!(error.contains("page.md: 10 bytes, over the limit of 9 bytes"), "{error}");
        fs::remove_dir_all(&dir).unwrap();
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_file_that_reports_no_size_is_still_capped() {
        // `/proc` files say they are empty: only the bounded read sees how long they are.
        let error = read_text(Path::new("/proc/self/maps"), 16).unwrap_err().to_string();
        assert!(error.contains("more than 16 bytes, over the limit of 16 bytes"), "{error}");
    }

    #[cfg(unix)]
    #[test]
    fn devices_and_folders_are_refused_unopened() {
        let dir = scratch("special");
        let link = dir.join("zero.md");
        std::os::unix::fs::symlink("/dev/zero", &link).unwrap();
        let error = read_text(&link, DEFAULT_MAX_FILE_SIZE).unwrap_err().to_string();
        assert!(error.contains("zero.md: a character device, not a regular file"), "{error}");
        let error = read_text(&dir, DEFAULT_MAX_FILE_SIZE).unwrap_err().to_string();
        assert!(error.contains("a folder, not a regular file"), "{error}");
        fs::remove_dir_all(&dir).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn link_loops_are_walked_once_and_the_result_sorted() {
        use std::os::unix::fs::symlink;
        let dir = scratch("walk");
        fs::create_dir_all(dir.join("b/inner")).unwrap();
        for page in ["z.md", "a.MD", "b/inner/c.md", "notes.txt"] {
            fs::write(dir.join(page), "# p\n").unwrap();
        }
        // Two links to the folder itself: an exponential walk without the visited set.
        symlink(".", dir.join("again")).unwrap();
        symlink(".", dir.join("once-more")).unwrap();
        // A link back up, a second name for a page, and a dangling link that is not a page.
        symlink("..", dir.join("b/inner/up")).unwrap();
        symlink("../../z.md", dir.join("b/inner/y.md")).unwrap();
        symlink("nowhere", dir.join("dangling")).unwrap();
        let found = find_pages(std::slice::from_ref(&dir)).unwrap();
        let relative: Vec<String> = found.iter().map(|p| p.strip_prefix(&dir).unwrap().display().to_string()).collect();
        assert_eq!(relative, ["a.MD", "b/inner/c.md", "b/inner/y.md"]);
        // Given twice, and a file inside a folder given: still each page once.
        let twice = find_pages(&[dir.clone(), dir.join("b"), dir.join("a.MD")]).unwrap();
        assert_eq!(twice, found);
        fs::remove_dir_all(&dir).unwrap();
    }
}
