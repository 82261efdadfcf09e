//! `--flows` folders loaded while the wizard runs: the built-in catalog's
//! first frame never waits for them. The loader (on its own thread) sends
//! [`Msg::Loading`] as files are read, then [`Msg::Loaded`]; the status line
//! shows the progress, and the loaded catalog is swapped in as soon as no
//! walk is open (a walk in progress keeps the tree it started on).

use std::cell::OnceCell;

use super::{App, Screen, Status};
use crate::core::catalog::{Catalog, Code};
use crate::core::search::SearchIndex;

/// How far the load of the `--flows` folders has got.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Loading {
    /// The folder being read; empty before the first file.
    pub folder: String,
    pub files_done: usize,
    pub files_total: usize,
    pub codes: usize,
}

/// The catalog with the `--flows` folders, its search index (built on the
/// loader's thread too), and the notices about skipped folders.
#[derive(Clone, Debug)]
pub struct Loaded {
    /// Kept for the rest of the process (the wizard may hold walks on it).
    pub catalog: &'static Catalog,
    pub index: SearchIndex<'static>,
    pub notices: Vec<String>,
}

impl PartialEq for Loaded {
    fn eq(&self, other: &Loaded) -> bool {
        std::ptr::eq(self.catalog, other.catalog) && self.notices == other.notices
    }
}

impl Eq for Loaded {}

impl<'c> App<'c> {
    /// The search index, built on first use: the first frame of an empty
    /// search does not wait for it.
    pub(super) fn index(&self) -> &SearchIndex<'c> {
        self.index.get_or_init(|| SearchIndex::new(self.catalog))
    }

    /// Builds the search index now (the event loop calls it right after the
    /// first frame, while the agent reads the screen).
    pub(crate) fn prepare_search(&self) {
        let _ = self.index();
    }

    /// Swaps in a loaded catalog, unless a walk is on screen: then it waits
    /// until the agent is back on the search screen.
    pub(super) fn swap_in_loaded(&mut self) {
        if self.screen != Screen::Search {
            return;
        }
        let Some(loaded) = self.pending.take() else {
            return;
        };
        // The walk left for the search screen is kept, to resume as usual.
        if let Some(walk) = self.walk.take() {
            self.keep(walk);
        }
        self.catalog = loaded.catalog;
        self.index = OnceCell::from(loaded.index);
        self.loading = None;
        // Walks kept for a code that a folder redefines would follow a tree
        // that is no longer the code's.
        let replaced: Vec<Code> = loaded.catalog.overrides().iter().map(|o| o.code).collect();
        self.kept.retain(|w| !replaced.contains(&w.code()));
        if self
            .last_resolved
            .as_ref()
            .is_some_and(|w| replaced.contains(&w.code()))
        {
            self.last_resolved = None;
        }
        self.undo.clear();
        self.status = Some(if loaded.notices.is_empty() {
            Status::Loaded(self.catalog.len())
        } else {
            Status::Error(loaded.notices.join(" | "))
        });
        self.research();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::catalog::Lang;
    use crate::tui::app::Msg;
    use crate::tui::view::status_text;
    use crossterm::event::KeyCode;

    use crate::tui::app::tests::{catalog, press, typed};

    fn loaded() -> Loaded {
        // The built-in flows stand for a team folder: none of their codes is
        // in the demo catalog the wizard starts with.
        let catalog: &'static Catalog =
            Box::leak(Box::new(Catalog::builtin().expect("built-in flows load")));
        Loaded {
            catalog,
            index: SearchIndex::new(catalog),
            notices: Vec::new(),
        }
    }

    #[test]
    fn progress_shows_on_the_status_line_then_the_loaded_codes_are_found() {
        let first = catalog();
        let mut app = App::new(&first, Lang::En);
        app.loading = Some(Loading::default());
        let (text, is_error) = status_text(&app).expect("a loading line");
        assert!(text.contains("--flows") && !is_error, "{text}");
        app.update(Msg::Loading(Loading {
            folder: "team-flows".into(),
            files_done: 40,
            files_total: 100,
            codes: 4_000,
        }));
        let (text, _) = status_text(&app).expect("a loading line");
        assert!(
            text.contains("team-flows: 40/100 files, 4000 codes"),
            "{text}"
        );

        typed(&mut app, "C004F074");
        assert!(app.outcome.hits.iter().all(|h| h.code != Code(0xC004F074)));
        let catalog = loaded();
        let codes = catalog.catalog.len();
        app.update(Msg::Loaded(Box::new(catalog)));
        assert_eq!(app.status, Some(Status::Loaded(codes)));
        assert_eq!(app.loading, None);
        // The search field's text is searched again in the new catalog.
        assert_eq!(
            app.outcome.hits.first().map(|h| h.code),
            Some(Code(0xC004F074))
        );
    }

    #[test]
    fn an_open_walk_keeps_its_tree_until_it_is_closed() {
        let first = catalog();
        let mut app = App::new(&first, Lang::En);
        app.start_with("0xC0DE0074");
        assert!(app.walk.is_some());
        app.update(Msg::Loaded(Box::new(loaded())));
        assert!(std::ptr::eq(app.catalog, &first), "not swapped mid-walk");
        // Esc goes back to the search screen: the loaded catalog comes in,
        // and the walk is kept to resume.
        press(&mut app, KeyCode::Esc);
        assert_eq!(app.screen, Screen::Search);
        assert!(app.catalog.get(Code(0xC004F074)).is_some());
        assert!(app.kept.iter().any(|w| w.code() == Code(0xC0DE0074)));
    }
}
