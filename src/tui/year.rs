//! One report year as the TUI holds it: the year's data, its history, and the rules engine's
//! [`Checker`] prepared once over them, so a keystroke only asks the checker about one district.

use crate::config::Config;
use crate::domain::aggregate::YearTree;
use crate::domain::rules::Checker;
use crate::domain::workflow::State;
use crate::domain::{Assessment, History, Level, Locality, YearData};
use crate::store::workflow::StateRecord;
use std::collections::HashMap;
use std::sync::Arc;

/// What the checker reads: the year's data, its history and the configuration.
struct Inputs {
    data: YearData,
    history: Arc<History>,
    config: Arc<Config>,
}

self_cell::self_cell!(
    /// The inputs with the checker built over them: the checker borrows them, so the two live
    /// together and a change takes the inputs back ([`YearView::rebuild`]).
    struct Judged {
        owner: Inputs,
        #[covariant]
        dependent: Checker,
    }
);

/// A year with its checker.
pub struct YearView {
    judged: Judged,
    states: HashMap<String, StateRecord>,
    previous_rows: HashMap<String, usize>,
}

impl YearView {
    pub fn new(
        data: YearData,
        history: Arc<History>,
        config: Arc<Config>,
        states: HashMap<String, StateRecord>,
    ) -> YearView {
        let previous_rows = history
            .previous
            .as_ref()
            .map(|p| {
                p.assessments
                    .iter()
                    .enumerate()
                    .map(|(i, a)| (a.locality_code.clone(), i))
                    .collect()
            })
            .unwrap_or_default();
        let judged = Judged::new(
            Inputs {
                data,
                history,
                config,
            },
            |i| Checker::new(&i.data, &i.history, i.config.rule_book()),
        );
        YearView {
            judged,
            states,
            previous_rows,
        }
    }

    pub fn checker(&self) -> &Checker<'_> {
        self.judged.borrow_dependent()
    }

    pub fn tree(&self) -> &YearTree<'_> {
        self.checker().tree()
    }

    pub fn data(&self) -> &YearData {
        &self.judged.borrow_owner().data
    }

    pub fn year(&self) -> i32 {
        self.data().year
    }

    pub fn history(&self) -> &History {
        &self.judged.borrow_owner().history
    }

    pub fn config(&self) -> &Config {
        &self.judged.borrow_owner().config
    }

    /// A new view after changing the data (a committed cell, a saved award): the checker is rebuilt
    /// once per change, never per keystroke.
    pub fn rebuild(self, change: impl FnOnce(&mut YearData)) -> YearView {
        let mut inputs = self.judged.into_owner();
        change(&mut inputs.data);
        YearView::new(inputs.data, inputs.history, inputs.config, self.states)
    }

    /// A new view with the history changed (the medals of other years, read late).
    pub fn with_history(self, change: impl FnOnce(&mut History)) -> YearView {
        let inputs = self.judged.into_owner();
        let mut history =
            Arc::try_unwrap(inputs.history).unwrap_or_else(|shared| (*shared).clone());
        change(&mut history);
        YearView::new(inputs.data, Arc::new(history), inputs.config, self.states)
    }

    /// Replaces (or adds) one locality's row.
    pub fn with_row(self, row: Assessment) -> YearView {
        self.with_rows(vec![row])
    }

    /// Replaces (or adds) several localities' rows, the checker rebuilt once (a pasted block).
    pub fn with_rows(self, rows: Vec<Assessment>) -> YearView {
        self.rebuild(|data| {
            for row in rows {
                match data
                    .assessments
                    .iter_mut()
                    .find(|a| a.locality_code == row.locality_code)
                {
                    Some(stored) => *stored = row,
                    None => data.assessments.push(row),
                }
            }
        })
    }

    /// Whether `states` (read again) put a unit of the year in another workflow state than this
    /// view holds.
    pub fn states_moved(&self, states: &HashMap<String, StateRecord>) -> bool {
        // The whole record: a submission and a recall made elsewhere since the last read leave
        // the state as it was, but not who moved it when.
        let of = |m: &HashMap<String, StateRecord>, code: &str| m.get(code).cloned();
        self.states
            .keys()
            .chain(states.keys())
            .any(|code| of(&self.states, code) != of(states, code))
    }

    pub fn state(&self, district_code: &str) -> State {
        self.states
            .get(district_code)
            .map(|r| r.state)
            .unwrap_or(State::Draft)
    }

    pub fn locality(&self, code: &str) -> Option<&Locality> {
        let tree = self.tree();
        tree.position(code).map(|p| tree.locality(p))
    }

    pub fn row(&self, code: &str) -> Option<&Assessment> {
        let tree = self.tree();
        tree.position(code).and_then(|p| tree.row(p))
    }

    /// Last year's row of a locality code, when last year has data.
    pub fn previous_row(&self, code: &str) -> Option<&Assessment> {
        let previous = self.history().previous.as_ref()?;
        self.previous_rows
            .get(code)
            .and_then(|&i| previous.assessments.get(i))
    }

    pub fn previous_year(&self) -> Option<i32> {
        self.history().previous.as_ref().map(|p| p.year)
    }

    pub fn province(&self) -> Option<&Locality> {
        let tree = self.tree();
        tree.province().map(|p| tree.locality(p))
    }

    /// The district-level units of the year, in the official order.
    pub fn districts(&self) -> impl Iterator<Item = &Locality> {
        self.data()
            .localities
            .iter()
            .filter(|l| l.level == Level::District)
    }

    /// The communes of a district (the direct children in the tree), in the official order.
    pub fn communes_of(&self, district_code: &str) -> Vec<&Locality> {
        let tree = self.tree();
        match tree.position(district_code) {
            Some(p) => tree.children(p).iter().map(|&c| tree.locality(c)).collect(),
            None => Vec::new(),
        }
    }

    /// The reporting unit a locality's figures belong to: a district for itself and its communes, a
    /// commune standing directly under its province for itself (a year without districts), None
    /// for the province.
    pub fn unit_of(&self, code: &str) -> Option<&Locality> {
        let l = self.locality(code)?;
        let parent = l.parent_code.as_deref().and_then(|p| self.locality(p));
        let unit = crate::services::access::reporting_unit_of(l, parent.map(|p| p.level))?;
        self.locality(unit)
    }
}
