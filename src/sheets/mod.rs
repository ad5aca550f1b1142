//! The spreadsheet round trip (SPEC §7): each body gets a sheet of its own
//! rows, and the filled sheet goes back into the measure files.
//!
//! - `columns`: the columns, their `label (key)` headers, finding a key again;
//! - `export`: the rows of a site, and writing them as `.xlsx` or `.csv`
//!   (also the plain tables of the site's data downloads);
//! - `read`: a filled `.xlsx` or `.csv` back into rows of cells;
//! - `import`: checking every row with the content's rules and working out
//!   the new texts of the measure files;
//! - `edit`: the edits to a YAML file's text that leave every other byte as
//!   it was.

pub mod columns;
pub mod edit;
pub mod export;
pub mod import;
pub mod read;
