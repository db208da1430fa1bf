//! Review of past years and the workflow keys: which years are "past" (read-only until the user asks
//! to edit and the district-year is still a draft), and why a past year may not be unlocked. The
//! review's keys are in the key map, its questions in [`super::popups::Popup`].

use super::context::Ctx;
use super::strings::fill;
use crate::domain::workflow::State;
use std::collections::HashSet;

/// Which report years are past, and which past district-years this session was allowed to edit.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReviewState {
    /// The current report year: the newest year that holds figures. Earlier years are reviewed
    /// read-only; this one and later ones (a new year being started) are edited directly.
    pub current_year: Option<i32>,
    /// (year, district code) pairs the user explicitly unlocked with `e` and a "y".
    pub unlocked: HashSet<(i32, String)>,
}

impl ReviewState {
    pub fn is_past(&self, year: i32) -> bool {
        self.current_year.is_some_and(|current| year < current)
    }

    pub fn is_unlocked(&self, year: i32, district: &str) -> bool {
        self.unlocked.contains(&(year, district.to_string()))
    }

    /// Why a cell of `district` (None: the province's own row) may not be edited in the year in
    /// view because the year is past and not unlocked.
    pub fn refusal(&self, ctx: &Ctx, district: Option<&str>) -> Option<String> {
        let year = ctx.year;
        if !self.is_past(year) {
            return None;
        }
        let key = district.or(ctx.province.as_deref()).unwrap_or("");
        // Only a draft can be unlocked: a past year handed in or approved stays read-only, and
        // says so rather than offering e, which would refuse.
        let r = ctx.s().review;
        if let Some(d) = district {
            let name = district_name(ctx, d);
            match ctx.view.state(d) {
                State::Submitted => {
                    return Some(fill(r.review_submitted, &[&name, &year.to_string()]))
                }
                State::Approved => {
                    return Some(fill(r.review_approved, &[&name, &year.to_string()]))
                }
                State::Draft => {}
            }
        }
        if self.is_unlocked(year, key) {
            return None;
        }
        Some(fill(r.review_read_only, &[&year.to_string()]))
    }

    /// The header's marker for the district in scope: "XEM LẠI" or "XEM LẠI · đang sửa".
    pub fn marker(&self, ctx: &Ctx) -> Option<&'static str> {
        if !self.is_past(ctx.year) {
            return None;
        }
        let r = ctx.s().review;
        // Editing only where the rule that refuses edits lets them through: an unlocked year
        // handed in since is read-only again.
        let editing = ctx
            .district
            .as_deref()
            .is_some_and(|d| self.refusal(ctx, Some(d)).is_none());
        Some(if editing {
            r.review_editing
        } else {
            r.review_marker
        })
    }
}

/// Why `e` cannot unlock the district in scope, or None when it may ask.
pub fn unlock_refusal(ctx: &Ctx) -> Option<String> {
    let r = ctx.s().review;
    let Some(district) = ctx.district.as_deref() else {
        return Some(r.review_no_district.to_string());
    };
    if !ctx.review.is_past(ctx.year) {
        return Some(r.review_not_past.to_string());
    }
    if ctx.review.is_unlocked(ctx.year, district) {
        return Some(r.review_already_editing.to_string());
    }
    let name = district_name(ctx, district);
    let year = ctx.year.to_string();
    match ctx.view.state(district) {
        State::Approved => return Some(fill(r.review_approved, &[&name, &year])),
        State::Submitted => return Some(fill(r.review_submitted, &[&name, &year])),
        State::Draft => {}
    }
    // Rights: a clerk of another district or an unregistered login is told why here already.
    let rights = &ctx.rights;
    if *rights == crate::services::access::Rights::ReadOnly {
        return Some(fill(ctx.s().login_read_only, &[ctx.store.user()]));
    }
    if !rights.may_edit_unit(Some(district)) {
        return Some(ctx.s().not_your_district.to_string());
    }
    None
}

pub fn district_name(ctx: &Ctx, code: &str) -> String {
    ctx.view
        .locality(code)
        .map(|l| l.name.clone())
        .unwrap_or_else(|| code.to_string())
}
