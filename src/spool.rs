//! Where `serve` keeps the site it serves: each render's files written one
//! after another into a temporary file of its own that has no name (the
//! system removes it when the last file in it is dropped, or the process
//! ends however it ends), and only where each file is held in memory. A
//! site of 20,000 measures is 3.7 GB of files; held in memory, `serve`
//! needed that much, and a second copy while a rebuild was put together.
//!
//! A rebuild that keeps some of the last build's files (a measure's own
//! files, until it is edited) keeps them where they are: the files of a
//! render stay on disk while any of them is still served. So a render
//! writes measures' own files and the site's files (listings, feeds, data,
//! made again on every rebuild) into two spools: one edited measure's
//! pages kept do not hold on to the last render's listings, which on a
//! large site are a gigabyte.

use std::fs::File;
use std::io;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use crate::output::{
    finish_file, streamed_whole, MeasureKey, OutputFile, Sink, StreamFn, WriteError,
};

/// One render's files, in an unnamed temporary file.
struct Spool {
    file: File,
    /// Where the next file goes: each writer takes its range first, so
    /// that files are written from many threads at once.
    end: AtomicU64,
}

/// A file of the site, where it is held.
#[derive(Clone)]
pub struct Held {
    spool: Arc<Spool>,
    at: u64,
    len: u64,
}

impl Held {
    pub fn len(&self) -> usize {
        self.len as usize
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The file's bytes.
    pub fn read(&self) -> io::Result<Vec<u8>> {
        let mut bytes = vec![0; self.len()];
        read_exact_at(&self.spool.file, &mut bytes, self.at)?;
        Ok(bytes)
    }
}

impl std::fmt::Debug for Held {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Held({} bytes at {})", self.len, self.at)
    }
}

/// A file as a [`SpoolSink`] keeps it: its path and owner, its bytes
/// where they are held.
pub struct SpooledFile {
    pub path: String,
    pub held: Held,
    pub owner: Option<MeasureKey>,
}

/// Writes the files of one render into a new spool, finished as the
/// output writer finishes them (minified, verbatim parts put in).
pub struct SpoolSink {
    /// Measures' own files.
    owned: Arc<Spool>,
    /// The site's files.
    site: Arc<Spool>,
    minify: bool,
    files: Mutex<Vec<SpooledFile>>,
}

impl SpoolSink {
    /// A sink with new spools in the system's temporary folder.
    pub fn new(minify: bool) -> Result<SpoolSink, WriteError> {
        let spool = || -> Result<Arc<Spool>, WriteError> {
            let file = tempfile::tempfile().map_err(|e| WriteError::Io(std::env::temp_dir(), e))?;
            Ok(Arc::new(Spool {
                file,
                end: AtomicU64::new(0),
            }))
        };
        Ok(SpoolSink {
            owned: spool()?,
            site: spool()?,
            minify,
            files: Mutex::new(Vec::new()),
        })
    }

    /// The files written, by path.
    pub fn into_files(self) -> Vec<SpooledFile> {
        let mut files = self.files.into_inner().unwrap_or_else(|e| e.into_inner());
        files.sort_by(|a, b| a.path.cmp(&b.path));
        files
    }

    fn hold(&self, file: &OutputFile) -> Result<Held, WriteError> {
        let spool = match file.owner {
            Some(_) => &self.owned,
            None => &self.site,
        };
        let len = file.bytes.len() as u64;
        let at = spool.end.fetch_add(len, Ordering::Relaxed);
        write_all_at(&spool.file, &file.bytes, at)
            .map_err(|e| WriteError::Io(PathBuf::from(&file.path), e))?;
        Ok(Held {
            spool: spool.clone(),
            at,
            len,
        })
    }
}

impl Sink for SpoolSink {
    fn put(&self, mut file: OutputFile) -> Result<(), WriteError> {
        finish_file(&mut file, self.minify);
        let held = self.hold(&file)?;
        drop(file.bytes);
        self.files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(SpooledFile {
                path: file.path,
                held,
                owner: file.owner,
            });
        Ok(())
    }

    fn minifies(&self) -> bool {
        self.minify
    }

    fn put_streamed(&self, path: &str, write: StreamFn) -> Result<(), WriteError> {
        self.put(streamed_whole(path, write)?)
    }
}

#[cfg(unix)]
fn write_all_at(file: &File, bytes: &[u8], at: u64) -> io::Result<()> {
    std::os::unix::fs::FileExt::write_all_at(file, bytes, at)
}

#[cfg(unix)]
fn read_exact_at(file: &File, bytes: &mut [u8], at: u64) -> io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, bytes, at)
}

#[cfg(windows)]
fn write_all_at(file: &File, mut bytes: &[u8], mut at: u64) -> io::Result<()> {
    use std::os::windows::fs::FileExt;
    while !bytes.is_empty() {
        match file.seek_write(bytes, at)? {
            0 => return Err(io::ErrorKind::WriteZero.into()),
            n => {
                bytes = &bytes[n..];
                at += n as u64;
            }
        }
    }
    Ok(())
}

#[cfg(windows)]
fn read_exact_at(file: &File, mut bytes: &mut [u8], mut at: u64) -> io::Result<()> {
    use std::os::windows::fs::FileExt;
    while !bytes.is_empty() {
        match file.seek_read(bytes, at)? {
            0 => return Err(io::ErrorKind::UnexpectedEof.into()),
            n => {
                bytes = &mut bytes[n..];
                at += n as u64;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_written_from_many_threads_read_back_as_written() {
        let sink = SpoolSink::new(false).unwrap();
        let files: Vec<(String, Vec<u8>)> = (0..200)
            .map(|i| {
                let bytes = format!("file {i} ").repeat(i * 37).into_bytes();
                (format!("f/{i}.txt"), bytes)
            })
            .collect();
        std::thread::scope(|s| {
            for chunk in files.chunks(50) {
                let sink = &sink;
                s.spawn(move || {
                    for (path, bytes) in chunk {
                        sink.put(OutputFile::new(path.clone(), bytes.clone()))
                            .unwrap();
                    }
                });
            }
        });
        let held = sink.into_files();
        assert_eq!(held.len(), files.len());
        for f in &held {
            let (_, bytes) = files.iter().find(|(p, _)| *p == f.path).unwrap();
            assert_eq!(f.held.len(), bytes.len());
            assert_eq!(&f.held.read().unwrap(), bytes, "{}", f.path);
        }
        assert!(held.iter().any(|f| f.held.is_empty()));
    }

    #[test]
    fn a_measures_own_files_do_not_share_a_spool_with_the_sites() {
        let sink = SpoolSink::new(false).unwrap();
        let key = MeasureKey {
            plan: None,
            collection: "works".into(),
            measure: "w1".into(),
        };
        sink.put(OutputFile::new("works/w1/index.html".into(), b"own".to_vec()).owned_by(key))
            .unwrap();
        sink.put(OutputFile::new("index.html".into(), b"site".to_vec()))
            .unwrap();
        let files = sink.into_files();
        let (site, own) = (&files[0].held, &files[1].held);
        assert!(!Arc::ptr_eq(&site.spool, &own.spool));
        assert_eq!(
            (site.read().unwrap(), own.read().unwrap()),
            (b"site".to_vec(), b"own".to_vec())
        );
    }

    #[test]
    fn a_file_kept_from_an_earlier_render_outlives_its_sink() {
        let kept = {
            let sink = SpoolSink::new(false).unwrap();
            sink.put(OutputFile::new("a.html".into(), b"<p>kept</p>".to_vec()))
                .unwrap();
            sink.into_files().remove(0).held
        };
        assert_eq!(kept.read().unwrap(), b"<p>kept</p>");
    }
}
