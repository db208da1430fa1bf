//! One module per tab. A tab owns its own state, handles the keys of its screen through the shared
//! context, and asks the App (by returning an [`Outcome`]) for anything beyond itself.

pub mod assessments;
pub mod awards;
pub mod limitations;
pub mod localities;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TabId {
    Localities,
    Assessments,
    Limitations,
    Awards,
}

impl TabId {
    pub const ALL: [TabId; 4] = [
        TabId::Localities,
        TabId::Assessments,
        TabId::Limitations,
        TabId::Awards,
    ];
}

/// After a change a list tab committed: the status bar says "đã lưu" (and `note`, when given) and the
/// year is re-read; on an error the message is shown and nothing else happens.
pub fn after_commit<T>(
    ctx: &mut crate::tui::context::Ctx,
    result: crate::error::Result<T>,
    note: Option<&str>,
) -> Outcome {
    match result {
        Ok(_) => {
            ctx.status.saved_at = Some((ctx.clock)());
            if let Some(note) = note {
                ctx.info(note);
            }
            Outcome::ReloadYear
        }
        Err(e) => {
            ctx.error(e.render(ctx.lang));
            Outcome::None
        }
    }
}

/// What a tab asks of the App after a key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    None,
    /// The year's data changed in memory: every tab re-syncs.
    DataChanged,
    /// Re-read the year from the store.
    ReloadYear,
    /// Open a tab on a locality (its district becomes the scope).
    Navigate {
        tab: TabId,
        locality: String,
    },
}

/// Keeps `cursor` inside a window of `height` rows starting at `scroll`; returns the new scroll.
pub fn scroll_to(cursor: usize, scroll: usize, height: usize) -> usize {
    let height = height.max(1);
    if cursor < scroll {
        cursor
    } else if cursor >= scroll + height {
        cursor + 1 - height
    } else {
        scroll
    }
}

/// Cuts `s` to `width` display columns, ending with "…" when cut. Vietnamese text is measured by
/// grapheme and display width (a decomposed "ư" is two chars and one column).
pub fn fit(s: &str, width: usize) -> String {
    use unicode_segmentation::UnicodeSegmentation;
    use unicode_width::UnicodeWidthStr;
    if s.width() <= width {
        return s.to_string();
    }
    if width == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for g in s.graphemes(true) {
        let w = g.width();
        if used + w > width - 1 {
            break;
        }
        out.push_str(g);
        used += w;
    }
    out.push('…');
    out
}

/// Pads or cuts to exactly `width` columns, left-aligned.
pub fn pad(s: &str, width: usize) -> String {
    use unicode_width::UnicodeWidthStr;
    let w = s.width();
    if w > width {
        let cut = fit(s, width);
        return format!("{cut}{}", " ".repeat(width.saturating_sub(cut.width())));
    }
    let mut out = String::with_capacity(s.len() + width - w);
    out.push_str(s);
    out.extend(std::iter::repeat_n(' ', width - w));
    out
}

/// Pads or cuts to exactly `width` columns, right-aligned.
pub fn pad_left(s: &str, width: usize) -> String {
    use unicode_width::UnicodeWidthStr;
    let w = s.width();
    if w > width {
        let cut = fit(s, width);
        return format!("{}{cut}", " ".repeat(width.saturating_sub(cut.width())));
    }
    let mut out = String::with_capacity(s.len() + width - w);
    out.extend(std::iter::repeat_n(' ', width - w));
    out.push_str(s);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_measures_display_columns() {
        let decomposed = "Hu\u{031b}ng"; // "Hưng" typed decomposed: 5 chars, 4 columns
        assert_eq!(fit(decomposed, 4), decomposed);
        assert_eq!(fit("Thị trấn Quán Hàu", 8), "Thị trấ…");
        assert_eq!(pad("ab", 4), "ab  ");
        assert_eq!(pad_left("ab", 4), "  ab");
    }

    #[test]
    fn scroll_follows_the_cursor() {
        assert_eq!(scroll_to(0, 0, 5), 0);
        assert_eq!(scroll_to(7, 0, 5), 3);
        assert_eq!(scroll_to(2, 3, 5), 2);
        assert_eq!(scroll_to(4, 3, 5), 3);
    }
}
