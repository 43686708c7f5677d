//! What the command-line tests share: where the workspace is, fresh scratch folders, and
//! running the real `xtask` binary the way a user does.

#![allow(dead_code)] // Each test file uses its own part of this module.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

/// A fresh folder `target/<group>/<name>`, removed first if a previous run left it.
pub fn scratch(group: &str, name: &str) -> PathBuf {
    let dir = workspace_root().join("target").join(group).join(name);
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs the command line from the workspace root (so relative paths are shown as given),
/// outside CI's environment. A run that hangs (a bug some tests guard against) is killed
/// after a generous minute and fails the test rather than hanging the suite.
pub fn xtask(args: &[&str]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .current_dir(workspace_root())
        .env_remove("CI")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > Duration::from_secs(60) {
            child.kill().unwrap();
            let output = child.wait_with_output().unwrap();
            panic!("`xtask {}` hung; it printed: {}", args.join(" "), String::from_utf8_lossy(&output.stderr));
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    child.wait_with_output().unwrap()
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}
