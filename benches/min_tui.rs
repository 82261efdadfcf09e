//! The reference for the first-frame benchmark (`bench/compare.sh`): a
//! minimal ratatui app that enters the alternate screen, draws one frame,
//! waits for a key and restores the terminal. Not a criterion bench: it
//! only runs when `bench/compare.sh` (or `cargo bench --bench min_tui`)
//! runs it, and returns at once when stdin is not a terminal.

use std::io::IsTerminal;

use crossterm::event::{self, Event};
use ratatui::widgets::{Block, Borders, Paragraph};

fn main() -> std::io::Result<()> {
    if !std::io::stdin().is_terminal() {
        return Ok(());
    }
    let mut terminal = ratatui::init();
    let drawn = terminal.draw(|frame| {
        let block = Block::default().borders(Borders::ALL).title(" reference ");
        frame.render_widget(Paragraph::new("hello ratatui").block(block), frame.area());
    });
    let result = drawn.and_then(|_| loop {
        if let Event::Key(_) = event::read()? {
            break Ok(());
        }
    });
    ratatui::restore();
    result
}
