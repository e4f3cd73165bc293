//! PDF, typeset by typst used as a library. The template (`report-templates/report.typ`) and the
//! fonts are embedded; the data reaches the template as a JSON file it reads (`report.json`), and
//! the charts as SVG files, through a small in-memory `World`: nothing is read from disk or the
//! network, and no string from the findings is ever parsed as typst markup. The document date
//! and PDF timestamp come from the snapshot, so the same findings give the same bytes.

use anyhow::{Result, anyhow, bail};
use typst::diag::{FileError, FileResult, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Smart};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

use super::{ReportModel, charts};

const REPORT_TYP: &str = include_str!("../../report-templates/report.typ");

/// Liberation Sans and Mono (SIL OFL 1.1, see report-templates/fonts/LICENSE).
const FONTS: [&[u8]; 4] = [
    include_bytes!("../../report-templates/fonts/LiberationSans-Regular.ttf"),
    include_bytes!("../../report-templates/fonts/LiberationSans-Bold.ttf"),
    include_bytes!("../../report-templates/fonts/LiberationSans-Italic.ttf"),
    include_bytes!("../../report-templates/fonts/LiberationMono-Regular.ttf"),
];

pub fn render(model: &ReportModel, out: &mut dyn std::io::Write) -> Result<()> {
    let charts = charts::all(model);
    let mut files = vec![
        ("report.json".to_string(), serde_json::to_vec(model)?),
        (
            "charts.json".to_string(),
            serde_json::to_vec(
                &charts
                    .iter()
                    .map(|c| serde_json::json!({"name": c.name, "caption": c.caption}))
                    .collect::<Vec<_>>(),
            )?,
        ),
    ];
    files.extend(
        charts
            .into_iter()
            .map(|c| (format!("charts/{}", c.name), c.svg.into_bytes())),
    );
    files.push((
        "diagrams.json".to_string(),
        serde_json::to_vec(
            &model
                .diagrams
                .iter()
                .map(|d| serde_json::json!({"name": d.name, "caption": d.caption}))
                .collect::<Vec<_>>(),
        )?,
    ));
    files.extend(
        model
            .diagrams
            .iter()
            .map(|d| (format!("diagrams/{}", d.name), d.svg.clone().into_bytes())),
    );
    let pdf = typeset(
        REPORT_TYP,
        files,
        &model.facts.collected_at,
        &model.facts.snapshot_sha256,
    )?;
    out.write_all(&pdf)?;
    Ok(())
}

/// Compiles `main` (typst source) with `files` beside it into PDF bytes. `collected_at` (RFC
/// 3339) is the document's date; `ident` names the document stably.
pub fn typeset(
    main: &str,
    files: Vec<(String, Vec<u8>)>,
    collected_at: &str,
    ident: &str,
) -> Result<Vec<u8>> {
    let when = datetime(collected_at).ok_or_else(|| {
        anyhow!("the findings' snapshot_collected_at {collected_at:?} is not an RFC 3339 UTC time")
    })?;
    let world = ReportWorld::new(main, files, when)?;
    let result = typst::compile::<typst_layout::PagedDocument>(&world);
    let document = result
        .output
        .map_err(|errors| anyhow!("typesetting the PDF: {}", diagnostics(&world, &errors)))?;
    let options = typst_pdf::PdfOptions {
        ident: Smart::Custom(format!("caliper-{ident}")),
        creator: Smart::Custom(Some("caliper".into())),
        timestamp: Some(typst_pdf::Timestamp::new_utc(when)),
        ..typst_pdf::PdfOptions::default()
    };
    let pdf = typst_pdf::pdf(&document, &options)
        .map_err(|errors| anyhow!("writing the PDF: {}", diagnostics(&world, &errors)))?;
    // typst memoizes across compilations; a CLI run renders a few documents at most, but a
    // long-lived caller would keep every one in memory without this.
    typst::comemo::evict(0);
    Ok(pdf)
}

/// `YYYY-MM-DDTHH:MM:SS` (with any fraction and a `Z` or offset, which are ignored) as a typst
/// datetime.
fn datetime(s: &str) -> Option<Datetime> {
    let b = s.as_bytes();
    if b.len() < 19 || b[4] != b'-' || b[7] != b'-' || b[10] != b'T' || b[13] != b':' {
        return None;
    }
    let n = |r: std::ops::Range<usize>| s.get(r)?.parse::<u16>().ok();
    Datetime::from_ymd_hms(
        i32::from(n(0..4)?),
        u8::try_from(n(5..7)?).ok()?,
        u8::try_from(n(8..10)?).ok()?,
        u8::try_from(n(11..13)?).ok()?,
        u8::try_from(n(14..16)?).ok()?,
        u8::try_from(n(17..19)?).ok()?,
    )
}

fn diagnostics(world: &ReportWorld, errors: &[SourceDiagnostic]) -> String {
    errors
        .iter()
        .map(|e| {
            let at = e
                .span
                .id()
                .filter(|id| *id == world.main.id())
                .and_then(|_| typst::WorldExt::range(world, e.span))
                .map(|r| {
                    let line = world.main.text()[..r.start].matches('\n').count() + 1;
                    format!("report.typ:{line}: ")
                })
                .unwrap_or_default();
            format!("{at}{}", e.message)
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// Everything typst may read: one source, a few data files, the embedded fonts.
struct ReportWorld {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
    main: Source,
    files: Vec<(FileId, Bytes)>,
    today: Datetime,
}

fn file_id(path: &str) -> Result<FileId> {
    let vpath = VirtualPath::new(path).map_err(|e| anyhow!("{path}: {e:?}"))?;
    Ok(FileId::new(RootedPath::new(VirtualRoot::Project, vpath)))
}

impl ReportWorld {
    fn new(main: &str, files: Vec<(String, Vec<u8>)>, today: Datetime) -> Result<ReportWorld> {
        let fonts: Vec<Font> = FONTS
            .iter()
            .flat_map(|data| Font::iter(Bytes::new(*data)))
            .collect();
        if fonts.len() != FONTS.len() {
            bail!("an embedded font could not be read");
        }
        let files = files
            .into_iter()
            .map(|(path, bytes)| Ok((file_id(&path)?, Bytes::new(bytes))))
            .collect::<Result<_>>()?;
        Ok(ReportWorld {
            library: LazyHash::new(Library::builder().build()),
            book: LazyHash::new(FontBook::from_fonts(&fonts)),
            fonts,
            main: Source::new(file_id("main.typ")?, main.to_string()),
            files,
            today,
        })
    }
}

impl World for ReportWorld {
    fn library(&self) -> &LazyHash<Library> {
        &self.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            let bytes = self.file(id)?;
            let text = std::str::from_utf8(&bytes).map_err(|_| FileError::InvalidUtf8)?;
            Ok(Source::new(id, text.to_string()))
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        self.files
            .iter()
            .find(|(f, _)| *f == id)
            .map(|(_, b)| b.clone())
            .ok_or_else(|| FileError::AccessDenied)
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        Some(self.today)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn document_time_comes_from_rfc3339() {
        assert!(datetime("2026-11-20T09:30:00Z").is_some());
        assert!(datetime("2026-11-20T09:30:00.123+02:00").is_some());
        assert!(datetime("yesterday").is_none());
        assert!(datetime("2026-13-20T09:30:00Z").is_none());
    }
}
