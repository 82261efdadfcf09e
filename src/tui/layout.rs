//! Where things are on the screen: measured once per frame, read by both
//! sides of the wizard.
//!
//! `view::measure` computes a [`Layout`] from the terminal size and the
//! state just before each frame is drawn; the event loop hands it to the app
//! (`Msg::Measured`), and `view::draw` draws into the same rectangles. So
//! `App::update` pages, scrolls and hit-tests clicks on what the agent
//! sees, without calling into the view: this module is plain data and
//! imports neither `app` nor `view`.

use std::ops::Range;

use ratatui::layout::{Position, Rect};

use super::keys::Ctx;

/// The screen of the last frame, measured.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Layout {
    /// The whole terminal.
    pub area: Rect,
    /// Header, body, status and footer rows (all empty when the window is
    /// too small to draw the wizard).
    pub frame: FrameRows,
    /// The search screen's parts, when it is the screen shown.
    pub search: Option<SearchLayout>,
    /// The flow screen's parts, when it is the screen shown.
    pub walk: Option<WalkLayout>,
    /// The help overlay's lines (measured whether it is open or not: it
    /// opens at the section of the screen the agent is on).
    pub help: HelpLayout,
}

/// Header, body, status and footer rows of the screen.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FrameRows {
    pub header: Rect,
    pub body: Rect,
    pub status: Rect,
    pub footer: Rect,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SearchLayout {
    pub field: Rect,
    pub notice: Option<Rect>,
    /// The block around the results (title on its top row).
    pub results_block: Rect,
    /// The rows of the results themselves.
    pub results: Rect,
    pub preview: Rect,
}

impl SearchLayout {
    /// The first result shown, so that the `selected` one is visible.
    pub(crate) fn first_shown(&self, selected: usize) -> usize {
        let rows = usize::from(self.results.height);
        if rows == 0 {
            return 0;
        }
        (selected + 1).saturating_sub(rows)
    }

    /// The result drawn at a screen cell, if any, out of `count`.
    pub(crate) fn hit_at(
        &self,
        selected: usize,
        count: usize,
        column: u16,
        row: u16,
    ) -> Option<usize> {
        if !self.results.contains(Position::new(column, row)) {
            return None;
        }
        let i = self.first_shown(selected) + usize::from(row - self.results.y);
        (i < count).then_some(i)
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WalkLayout {
    pub crumbs: Rect,
    pub block: Rect,
    /// The resolution's caution, pinned above the scrolling body so that
    /// no scroll hides it; `None` when there is none, or when it would
    /// take more than half the block (then it scrolls with the body).
    pub pinned: Option<Rect>,
    /// The scrolling body, inside its block.
    pub body: Rect,
    /// The facts panel, beside the body when there is evidence and room.
    pub facts: Option<Rect>,
    /// How many rows the whole body takes at the body's width.
    pub lines: usize,
    /// For each choice or command, the body rows it takes.
    pub items: Vec<Range<usize>>,
}

impl WalkLayout {
    /// Rows available to the scrolling body.
    pub fn height(&self) -> usize {
        usize::from(self.body.height)
    }

    /// The last scroll that still fills the body.
    pub(crate) fn max_scroll(&self) -> usize {
        self.lines.saturating_sub(self.height())
    }

    /// The choice or command drawn at a screen cell, if any, at `scroll`.
    pub(crate) fn item_at(&self, scroll: usize, column: u16, row: u16) -> Option<usize> {
        if !self.body.contains(Position::new(column, row)) {
            return None;
        }
        let line = scroll.min(self.max_scroll()) + usize::from(row - self.body.y);
        self.items.iter().position(|r| r.contains(&line))
    }

    /// The scroll that keeps item `item` in view, moving as little as
    /// possible from `scroll`.
    pub fn follow(&self, item: usize, scroll: usize) -> usize {
        let height = self.height();
        let mut scroll = scroll;
        if let Some(range) = self.items.get(item) {
            if range.start < scroll {
                scroll = range.start;
            } else if range.end > scroll + height {
                scroll = range.end.saturating_sub(height).min(range.start);
            }
        }
        scroll.min(self.max_scroll())
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HelpLayout {
    /// How many rows the help takes, and how many its box shows.
    pub lines: usize,
    pub height: usize,
    /// The row where each screen's section starts.
    pub sections: Vec<(Ctx, usize)>,
}

impl HelpLayout {
    pub(crate) fn max_scroll(&self) -> usize {
        self.lines.saturating_sub(self.height)
    }

    /// The scroll that shows the section of `ctx` at the top of the help
    /// (the help opens there: the keys of the screen the agent is on).
    pub(crate) fn section_start(&self, ctx: Ctx) -> usize {
        // The first section opens from the top, with the note above it.
        let start = self
            .sections
            .iter()
            .skip(1)
            .find(|(c, _)| *c == ctx)
            .map_or(0, |(_, row)| *row);
        start.min(self.max_scroll())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn walk(items: Vec<Range<usize>>, lines: usize, height: u16) -> WalkLayout {
        WalkLayout {
            body: Rect::new(1, 3, 40, height),
            lines,
            items,
            ..WalkLayout::default()
        }
    }

    #[test]
    fn follow_scrolls_as_little_as_needed_and_never_past_the_end() {
        let l = walk(vec![0..2, 2..6, 6..10, 10..14], 14, 5);
        assert_eq!(l.follow(0, 0), 0);
        assert_eq!(l.follow(2, 0), 5, "the end of item 2 at the bottom");
        assert_eq!(l.follow(1, 7), 2, "item 1 at the top");
        assert_eq!(l.follow(3, 0), 9, "never beyond the last full body");
        // An item taller than the body shows from its start.
        let tall = walk(vec![0..1, 1..9], 9, 4);
        assert_eq!(tall.follow(1, 0), 1);
    }

    #[test]
    fn clicks_find_the_item_under_them() {
        let l = walk(vec![0..2, 2..6], 6, 4);
        assert_eq!(l.item_at(0, 1, 3), Some(0));
        assert_eq!(l.item_at(0, 1, 5), Some(1));
        assert_eq!(l.item_at(2, 1, 3), Some(1), "scrolled by two rows");
        assert_eq!(l.item_at(0, 0, 3), None, "left of the body");
        let search = SearchLayout {
            results: Rect::new(0, 5, 80, 3),
            ..SearchLayout::default()
        };
        assert_eq!(search.hit_at(0, 10, 5, 6), Some(1));
        assert_eq!(search.hit_at(5, 10, 5, 5), Some(3), "the list scrolled");
        assert_eq!(search.hit_at(0, 1, 5, 6), None, "below the last result");
    }

    #[test]
    fn the_help_opens_at_a_section_within_its_scroll() {
        let help = HelpLayout {
            lines: 30,
            height: 20,
            sections: vec![(Ctx::Search, 2), (Ctx::Question, 8), (Ctx::Help, 25)],
        };
        assert_eq!(help.section_start(Ctx::Search), 0, "the first from the top");
        assert_eq!(help.section_start(Ctx::Question), 8);
        assert_eq!(help.section_start(Ctx::Help), 10, "no further than the end");
    }
}
