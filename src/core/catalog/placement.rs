//! Where each code of a set of flow files is defined: its file, its entry,
//! and for a code listed in another's `same_tree`, its own entry (made when
//! first asked for).
//!
//! `build.rs` compiles this file too (through `#[path]`), to place the
//! built-in codes the way the catalog does when it makes their search
//! index: it must name nothing of the crate but `crate::core::catalog`'s
//! model types, which the build script provides under the same path.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use crate::core::catalog::{Code, CodeEntry, FlowFile, Node, Resolution};

/// A code's entry: `codes[entry]` of file `file`, or the code at index
/// `.0` of that entry's `same_tree` (its whole entry is number `.1` of the
/// placement's siblings).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Slot {
    pub file: usize,
    pub entry: usize,
    pub sibling: Option<(usize, usize)>,
}

impl Slot {
    /// The YAML path of the code's number in its file.
    pub(crate) fn path(&self) -> String {
        match self.sibling {
            None => format!("codes[{}].code", self.entry),
            Some((j, _)) => format!("codes[{}].same_tree[{j}].code", self.entry),
        }
    }
}

/// Every code placed, and the entries of the codes listed in a `same_tree`.
#[derive(Clone, Debug, Default)]
pub(crate) struct Placement {
    /// Where each code is defined.
    pub index: BTreeMap<Code, Slot>,
    /// The whole entries of codes listed in some `same_tree`, made when
    /// first asked for from the entry listing them.
    siblings: Vec<OnceLock<Option<CodeEntry>>>,
}

/// A definition of a code found again: the code, where it was placed
/// before, the entry defining it again (and its number in the file), and
/// `k`, 0 for the entry's own code or `j + 1` for its `same_tree[j]`.
pub(crate) struct Again<'a> {
    pub code: Code,
    pub lower: Slot,
    pub entry: &'a CodeEntry,
    pub entry_index: usize,
    pub k: usize,
}

impl Placement {
    /// Places the codes of `flow`, which is file number `file`, in the
    /// file's order. A code placed before keeps its place unless `replace`
    /// says the new definition wins.
    pub(crate) fn place(
        &mut self,
        file: usize,
        flow: &FlowFile,
        mut replace: impl FnMut(Again) -> bool,
    ) {
        for (entry_index, entry) in flow.codes.iter().enumerate() {
            for (k, code) in entry.all_codes().enumerate() {
                if let Some(&lower) = self.index.get(&code) {
                    let again = Again {
                        code,
                        lower,
                        entry,
                        entry_index,
                        k,
                    };
                    if !replace(again) {
                        continue;
                    }
                }
                let mut slot = Slot {
                    file,
                    entry: entry_index,
                    sibling: None,
                };
                if let Some(j) = k.checked_sub(1) {
                    // Its whole entry is made when first asked for.
                    self.siblings.push(OnceLock::new());
                    slot.sibling = Some((j, self.siblings.len() - 1));
                }
                self.index.insert(code, slot);
            }
        }
    }

    /// The entry of the code at `slot`, given `listed`, the entry of its
    /// file that lists it.
    pub(crate) fn own_entry<'a>(
        &'a self,
        slot: Slot,
        listed: &'a CodeEntry,
    ) -> Option<&'a CodeEntry> {
        match slot.sibling {
            None => Some(listed),
            Some((j, whole)) => self
                .siblings
                .get(whole)?
                .get_or_init(|| listed.sibling_entry(j))
                .as_ref(),
        }
    }
}

/// The resolutions reachable from `entry`'s start in `file`, in the order
/// met.
pub(crate) fn resolutions_of<'a>(
    entry: &'a CodeEntry,
    file: &'a FlowFile,
) -> Vec<(&'a str, &'a Resolution)> {
    file.reachable([entry.start.as_str()])
        .into_iter()
        .filter_map(|(id, node)| match node {
            Node::Resolution(r) => Some((id, r)),
            Node::Question(_) => None,
        })
        .collect()
}
