//! Writing a synthesis into the out folder as one set: every template is written to a
//! staging folder inside the out folder, a manifest committed there last, and only then
//! are the templates moved into place. A run killed before the commit leaves the
//! previous set; one killed after it is finished by the next run. A manifest of what
//! formwork wrote lets the next set remove templates (and assets) of stacks that no
//! longer exist, and nothing else. Every name is checked to be a plain file name, so
//! nothing is ever written outside the out folder.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// The folder, next to the templates, that holds code assets.
pub const ASSET_DIR: &str = "assets";

/// The folder, inside the out folder, that a new set is written to before the switch.
pub const STAGING_DIR: &str = ".formwork-staging";
/// The file, in the out folder, listing the templates and assets formwork wrote there.
pub const MANIFEST: &str = ".formwork-manifest";

/// What one set holds, as listed in its manifest.
#[derive(Debug, Default, PartialEq, Eq)]
struct Manifest {
    templates: Vec<String>,
    assets: Vec<String>,
}

impl Manifest {
    fn to_text(&self) -> String {
        let mut out = String::from("# written by formwork: the files of the last synthesis\n");
        for t in &self.templates {
            out.push_str(&format!("template {t}\n"));
        }
        for a in &self.assets {
            out.push_str(&format!("asset {a}\n"));
        }
        out
    }

    /// Reads a manifest; lines that are not a plain file name are ignored, so a
    /// tampered manifest cannot make formwork remove anything outside the out folder.
    fn parse(text: &str) -> Manifest {
        let mut m = Manifest::default();
        for line in text.lines() {
            match line.split_once(' ') {
                Some(("template", name)) if is_plain_name(name) => m.templates.push(name.to_string()),
                Some(("asset", name)) if is_plain_name(name) => m.assets.push(name.to_string()),
                _ => {}
            }
        }
        m
    }

    /// The manifest at `path`, empty when there is none.
    fn read(path: &Path) -> io::Result<Manifest> {
        match fs::read_to_string(path) {
            Ok(text) => Ok(Manifest::parse(&text)),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(Manifest::default()),
            Err(e) => Err(at(path, "read", e)),
        }
    }
}

/// Whether `name` is a plain, visible file name: no separator, not `.` or `..`, not
/// hidden, no NUL.
pub fn is_plain_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('.')
        && !name.contains(['/', '\\', '\0'])
        && Path::new(name).file_name().is_some_and(|n| n == name)
}

/// An I/O error that names the file it happened on.
fn at(path: &Path, doing: &str, e: io::Error) -> io::Error {
    io::Error::new(e.kind(), format!("cannot {doing} {}: {e}", path.display()))
}

/// Writes `templates` (file name, text) and `assets` (file name under `assets/`, bytes)
/// into `dir` as one set, replacing the previous set. Returns the paths written.
pub(crate) fn write_set(
    dir: &Path,
    asset_dir: &str,
    templates: &[(&str, &[u8])],
    assets: &[(&str, &[u8])],
) -> io::Result<Vec<PathBuf>> {
    for name in templates.iter().map(|(n, _)| n).chain(assets.iter().map(|(n, _)| n)) {
        if !is_plain_name(name) {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!(
                    "refusing to write `{}`: not a plain file name inside {}",
                    name.escape_debug(),
                    dir.display()
                ),
            ));
        }
    }
    fs::create_dir_all(dir).map_err(|e| at(dir, "create", e))?;
    recover(dir)?;
    let mut written = Vec::new();
    if !assets.is_empty() {
        let assets_path = dir.join(asset_dir);
        fs::create_dir_all(&assets_path).map_err(|e| at(&assets_path, "create", e))?;
        for (name, bytes) in assets {
            let path = assets_path.join(name);
            // Content-hashed: an existing file of the same name and size is this one.
            let same = fs::metadata(&path).is_ok_and(|m| m.len() == bytes.len() as u64);
            if !same {
                write_atomic(&path, bytes).map_err(|e| at(&path, "write", e))?;
            }
            written.push(path);
        }
    }
    let staging = dir.join(STAGING_DIR);
    fs::create_dir(&staging).map_err(|e| at(&staging, "create", e))?;
    for (name, bytes) in templates {
        let path = staging.join(name);
        write_synced(&path, bytes)?;
    }
    let manifest = Manifest {
        templates: templates.iter().map(|(n, _)| n.to_string()).collect(),
        assets: assets.iter().map(|(n, _)| n.to_string()).collect(),
    };
    // The commit point: a complete manifest in the staging folder, renamed into place.
    let pending = staging.join(format!("{MANIFEST}.tmp"));
    write_synced(&pending, manifest.to_text().as_bytes())?;
    let committed = staging.join(MANIFEST);
    fs::rename(&pending, &committed).map_err(|e| at(&committed, "write", e))?;
    switch(dir, asset_dir)?;
    written.extend(templates.iter().map(|(n, _)| dir.join(n)));
    Ok(written)
}

fn write_synced(path: &Path, bytes: &[u8]) -> io::Result<()> {
    use std::io::Write;
    let mut file = fs::File::create(path).map_err(|e| at(path, "create", e))?;
    file.write_all(bytes).and_then(|()| file.sync_all()).map_err(|e| at(path, "write", e))
}

/// Finishes or undoes what a killed run left in `dir`: a committed staging folder is
/// switched into place, an uncommitted one removed, and temporary files of processes
/// that no longer run are removed.
pub fn recover(dir: &Path) -> io::Result<()> {
    remove_stale_temporaries(dir)?;
    remove_stale_temporaries(&dir.join(ASSET_DIR))?;
    let staging = dir.join(STAGING_DIR);
    if staging.join(MANIFEST).is_file() {
        switch(dir, ASSET_DIR)
    } else if staging.exists() {
        fs::remove_dir_all(&staging).map_err(|e| at(&staging, "remove", e))
    } else {
        Ok(())
    }
}

/// Moves the committed set from the staging folder into `dir`, removes the files of
/// the previous set that the new one does not have, and replaces the manifest. Each
/// step can be repeated, so a run killed in the middle is finished by the next.
fn switch(dir: &Path, asset_dir: &str) -> io::Result<()> {
    let staging = dir.join(STAGING_DIR);
    let new = Manifest::read(&staging.join(MANIFEST))?;
    for name in &new.templates {
        let from = staging.join(name);
        if from.exists() {
            let to = dir.join(name);
            fs::rename(&from, &to).map_err(|e| at(&to, "write", e))?;
        }
    }
    let old = Manifest::read(&dir.join(MANIFEST))?;
    let gone = |path: PathBuf| match fs::remove_file(&path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(at(&path, "remove", e)),
        _ => Ok(()),
    };
    for name in old.templates.iter().filter(|n| !new.templates.contains(n)) {
        gone(dir.join(name))?;
    }
    for name in old.assets.iter().filter(|n| !new.assets.contains(n)) {
        gone(dir.join(asset_dir).join(name))?;
    }
    let manifest = dir.join(MANIFEST);
    fs::rename(staging.join(MANIFEST), &manifest).map_err(|e| at(&manifest, "write", e))?;
    fs::remove_dir_all(&staging).map_err(|e| at(&staging, "remove", e))
}

/// Removes `.NAME.tmp-PID` files (left by [`crate::write_atomic`] in a killed run) whose
/// process no longer runs.
fn remove_stale_temporaries(dir: &Path) -> io::Result<()> {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(at(dir, "read", e)),
    };
    for entry in entries {
        let entry = entry.map_err(|e| at(dir, "read", e))?;
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let Some(pid) = temporary_pid(name) else { continue };
        if pid != std::process::id() && !process_runs(pid) {
            let path = entry.path();
            match fs::remove_file(&path) {
                Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(at(&path, "remove", e)),
                _ => {}
            }
        }
    }
    Ok(())
}

/// The process id in a temporary file's name `.NAME.tmp-PID`.
pub(crate) fn temporary_pid(name: &str) -> Option<u32> {
    let rest = name.strip_prefix('.')?;
    let (_, pid) = rest.rsplit_once(".tmp-")?;
    if pid.is_empty() || !pid.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    pid.parse().ok()
}

/// Whether a process with this id runs (on Linux; elsewhere none is assumed to, so a
/// concurrent run in the same folder is not protected there).
fn process_runs(pid: u32) -> bool {
    cfg!(target_os = "linux") && Path::new("/proc").join(pid.to_string()).exists()
}

/// Writes `bytes` to a temporary file beside `path`, then renames it over `path`.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = path.with_file_name(format!(".{name}.tmp-{}", std::process::id()));
    let result = fs::write(&tmp, bytes).and_then(|()| fs::rename(&tmp, path));
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_names_only() {
        for ok in ["app.yaml", "a-b.json", "0123abcd.zip"] {
            assert!(is_plain_name(ok), "{ok}");
        }
        for bad in ["", ".", "..", "../victim.yaml", "/etc/passwd", "a/b.yaml", "a\\b", ".hidden", "x\0y"] {
            assert!(!is_plain_name(bad), "{bad:?}");
        }
    }

    #[test]
    fn temporary_names_carry_a_pid() {
        assert_eq!(temporary_pid(".app.yaml.tmp-1234"), Some(1234));
        assert_eq!(temporary_pid("app.yaml.tmp-1234"), None);
        assert_eq!(temporary_pid(".app.yaml.tmp-"), None);
        assert_eq!(temporary_pid(".app.yaml.tmp-12x"), None);
    }

    #[test]
    fn a_tampered_manifest_names_nothing_outside() {
        let m = Manifest::parse(
            "template ../victim.yaml\ntemplate /etc/passwd\ntemplate ok.yaml\nasset ../x.zip\n",
        );
        assert_eq!(m, Manifest { templates: vec!["ok.yaml".into()], assets: vec![] });
    }
}
