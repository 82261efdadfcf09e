//! The call issue 12 measures, driven key by key through `update()` on the
//! built-in catalog: the caller reads "no KMS could be contacted", the
//! agent reaches the fix and copies its three commands. The key sequence is
//! written out whole, so its length is the keystroke count (reported in the
//! issue's note, not asserted: the test checks that the keys do the job).

use super::tests::press;
use super::*;
use crate::core::catalog::Catalog;
use crossterm::event::KeyCode;

/// What the agent presses, in order.
fn keys(query: &str, host: &str) -> Vec<KeyCode> {
    let mut keys: Vec<KeyCode> = query.chars().map(KeyCode::Char).collect();
    keys.push(KeyCode::Enter); // open the first result: 0xC004F074
    keys.extend("3121".chars().map(KeyCode::Char)); // four answers
    keys.push(KeyCode::Char('a')); // copy all: asks for the KMS host
    keys.extend(host.chars().map(KeyCode::Char));
    keys.push(KeyCode::Enter); // the host is good: on to the port
    keys.push(KeyCode::Enter); // the port's default (1688) is good: copied
    keys
}

#[test]
fn no_kms_could_be_contacted_to_the_three_commands_copied() {
    let catalog = Catalog::builtin().expect("built-in flows");
    for query in ["no kms could be contacted", "contacted"] {
        let mut app = App::new(&catalog, Lang::En);
        let keys = keys(query, "kms01.contoso.com");
        let mut effects = Vec::new();
        for key in &keys {
            effects.extend(press(&mut app, *key));
        }
        assert_eq!(app.walk.as_ref().map(|w| w.code()), Some(Code(0xC004F074)));
        let Some(Current::Resolution { resolution, .. }) = app.current() else {
            panic!("the keys reach a resolution");
        };
        assert_eq!(resolution.commands.len(), 3, "the fix has three commands");
        let [Effect::Copy { text, what }] = effects.as_slice() else {
            panic!(
                "one copy, got {effects:?}; form {:?}, status {:?}, ctx {:?}",
                app.form,
                app.status,
                app.ctx()
            );
        };
        // The event loop hands the outcome back: three commands copied.
        app.update(Msg::Copied {
            what: what.clone(),
            result: Ok(Method::Osc52),
        });
        assert_eq!(
            app.copied,
            vec![
                r"cscript %windir%\system32\slmgr.vbs /dlv".to_string(),
                "Test-NetConnection -ComputerName kms01.contoso.com -Port 1688".to_string(),
                r"cscript %windir%\system32\slmgr.vbs /ato".to_string(),
            ],
            "{text}"
        );
    }
}
