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
