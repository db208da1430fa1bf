//! `antq manual --out DIR` (hidden): the manual pages, generated from the command line's definition
//! so that they cannot drift from it — `antq.1` and one `antq-COMMAND.1` per command, in the language
//! of `--lang`. The Debian package is built with both (packaging/build-deb): English in `man1`,
//! Vietnamese in `vi/man1`, which `man` shows under a Vietnamese locale.

use crate::error::{Error, Result};
use crate::text::Lang;
use std::path::{Path, PathBuf};

/// Writes the pages, in `lang`, into `dir` (created); returns their paths.
pub fn write_pages(dir: &Path, lang: Lang) -> Result<Vec<PathBuf>> {
    let cannot = |path: &Path, e: std::io::Error| {
        Error::env(
            format!("không ghi được {}: {e}", path.display()),
            format!("cannot write {}: {e}", path.display()),
        )
    };
    std::fs::create_dir_all(dir).map_err(|e| cannot(dir, e))?;
    let mut cmd = super::help::command(lang);
    // Built, so that each command's page lists the global options (--db, --config, --lang) too.
    cmd.build();
    let mut pages = vec![("antq".to_string(), cmd.clone())];
    for sub in cmd
        .get_subcommands()
        .filter(|s| !s.is_hide_set() && s.get_name() != "help")
    {
        let name = format!("antq-{}", sub.get_name());
        let page = sub
            .clone()
            .display_name(name.clone())
            .bin_name(format!("antq {}", sub.get_name()))
            .version(env!("CARGO_PKG_VERSION"));
        pages.push((name, page));
    }
    let mut written = Vec::new();
    for (name, page) in pages {
        let path = dir.join(format!("{name}.1"));
        let mut text = Vec::new();
        clap_mangen::Man::new(page)
            .render(&mut text)
            .map_err(|e| cannot(&path, e))?;
        let text = match lang {
            Lang::En => text,
            Lang::Vi => {
                super::help::manual_in_vietnamese(&String::from_utf8_lossy(&text)).into_bytes()
            }
        };
        std::fs::write(&path, text).map_err(|e| cannot(&path, e))?;
        written.push(path);
    }
    Ok(written)
}
