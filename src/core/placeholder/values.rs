//! The values typed during a walk, checked where they are set: against the
//! type the flow file declares and every command they go into.
//!
//! Values are validated against the type the flow file declares before they
//! are kept, so a filled command only ever contains checked values. Values
//! are kept by name across flows: a KMS host typed once serves every command.

use std::collections::BTreeMap;

use crate::core::model::{FlowFile, Lang, PlaceholderKind};
use crate::core::placeholder;

use super::{check_in_template, followed_by_colon, validate, InvalidValue};

/// `raw` as placeholder `name` of kind `kind` in `flow` keeps it, or why it
/// is refused. A value serves every command of the file, so besides its
/// type's rules it must suit each place it stands (an IPv6 address cannot go
/// right before a ':'). Typed values and declared defaults both go through
/// here.
pub(crate) fn check_value(
    flow: &FlowFile,
    name: &str,
    kind: PlaceholderKind,
    raw: &str,
) -> Result<String, InvalidValue> {
    let value = validate(kind, raw)?;
    // `[fe80::1]` is for `/skms {host}:{port}` only: kept when some command
    // puts it before a port; the others leave it out when filled.
    let before_a_port = flow.templates().any(|t| followed_by_colon(t, name));
    for template in flow.templates() {
        match check_in_template(template, name, &value) {
            Err(InvalidValue::BracketsWithoutPort { .. }) if before_a_port => {}
            other => other?,
        }
    }
    Ok(value)
}

/// Why a value could not be set.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SetError {
    #[error("'{0}' is not a placeholder of this flow (known: {1})")]
    Unknown(String, String),
    #[error("{name}: {reason}")]
    Invalid { name: String, reason: String },
    #[error("'{0}' is not NAME=VALUE")]
    Malformed(String),
}

/// A command with its placeholders filled as far as values allow.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FilledCommand {
    pub text: String,
    /// Placeholders still without a value (they stay as `{name}` in `text`),
    /// including those whose typed value this command refuses.
    pub missing: Vec<String>,
    /// Typed values left out because this flow's type for them (or this
    /// command) refuses them, with the reason: a value typed in another flow
    /// is checked again wherever it is filled in.
    pub refused: Vec<(String, placeholder::InvalidValue)>,
}

impl FilledCommand {
    pub fn is_complete(&self) -> bool {
        self.missing.is_empty()
    }
}

/// Values typed by the user, by placeholder name.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Values {
    typed: BTreeMap<String, String>,
}

impl Values {
    pub fn new() -> Self {
        Values::default()
    }

    /// Parses `NAME=VALUE` and sets it.
    pub(crate) fn set_pair(
        &mut self,
        flow: &FlowFile,
        pair: &str,
        lang: Lang,
    ) -> Result<(), SetError> {
        let (name, value) = pair
            .split_once('=')
            .ok_or_else(|| SetError::Malformed(pair.to_string()))?;
        self.set(flow, name.trim(), value, lang)
    }

    /// Validates `raw` against the type `flow` declares for `name`, then keeps it.
    pub fn set(
        &mut self,
        flow: &FlowFile,
        name: &str,
        raw: &str,
        lang: Lang,
    ) -> Result<(), SetError> {
        let value = Values::check(flow, name, raw, lang)?;
        self.typed.insert(name.to_string(), value);
        Ok(())
    }

    /// What [`Values::set`] would keep for `raw`, or why it would refuse it,
    /// without keeping anything: a form shows the reason while the value is
    /// being typed.
    pub fn check(flow: &FlowFile, name: &str, raw: &str, lang: Lang) -> Result<String, SetError> {
        let decl = flow.placeholders.get(name).ok_or_else(|| {
            SetError::Unknown(
                name.to_string(),
                flow.placeholders
                    .keys()
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", "),
            )
        })?;
        let invalid = |e: placeholder::InvalidValue| SetError::Invalid {
            name: name.to_string(),
            reason: e.message(lang),
        };
        check_value(flow, name, decl.kind, raw).map_err(invalid)
    }

    /// The value typed for `name`, if any.
    pub fn typed(&self, name: &str) -> Option<&str> {
        self.typed.get(name).map(String::as_str)
    }

    /// The value to use for `name` in `flow`: typed (if `flow`'s type for
    /// `name` accepts it), else the declared default.
    pub(crate) fn effective(&self, flow: &FlowFile, name: &str) -> Option<String> {
        match self.usable(flow, name) {
            Ok(Some(value)) => Some(value),
            Ok(None) => flow.placeholders.get(name).and_then(|d| d.default.clone()),
            Err(_) => None,
        }
    }

    /// The typed value for `name`, checked again against `flow`'s own
    /// declaration: values are kept by name across flows, and a value typed
    /// for one flow must never reach another flow's command unchecked.
    /// `Ok(None)` when nothing was typed or `flow` does not declare `name`.
    fn usable(
        &self,
        flow: &FlowFile,
        name: &str,
    ) -> Result<Option<String>, placeholder::InvalidValue> {
        let (Some(raw), Some(decl)) = (self.typed.get(name), flow.placeholders.get(name)) else {
            return Ok(None);
        };
        check_value(flow, name, decl.kind, raw).map(Some)
    }

    /// Fills `template` with the effective values for `flow`. Every typed
    /// value is checked against `flow`'s type for it and against `template`
    /// itself; a refused one is left out (the placeholder stays, counted as
    /// missing) and listed in `refused` with its reason.
    pub fn fill(&self, flow: &FlowFile, template: &str) -> FilledCommand {
        let mut values = BTreeMap::new();
        let mut refused = Vec::new();
        for name in placeholder::names(template) {
            let value = match self.usable(flow, &name) {
                Ok(Some(value)) => match placeholder::check_in_template(template, &name, &value) {
                    Ok(()) => Some(value),
                    Err(reason) => {
                        refused.push((name.clone(), reason));
                        None
                    }
                },
                // Nothing typed: the declared default (checked at load).
                Ok(None) => flow.placeholders.get(&name).and_then(|d| d.default.clone()),
                // Refused: not replaced by the default, which the user did not choose.
                Err(reason) => {
                    refused.push((name.clone(), reason));
                    None
                }
            };
            if let Some(v) = value {
                values.insert(name, v);
            }
        }
        let (text, missing) = placeholder::fill(template, &values);
        FilledCommand {
            text,
            missing,
            refused,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::catalog::Catalog;
    use crate::core::model::Code;

    const FLOW: &str = r#"
family: demo
title: {en: Demo, fr: Démo}
source: "Test."
placeholders:
  kms_host: {type: host, label: {en: KMS host, fr: Hôte KMS}}
  kms_port: {type: port, label: {en: Port, fr: Port}, default: "1688"}
  kms_ip: {type: ip, label: {en: KMS host IP, fr: IP de l’hôte KMS}}
  dns: {type: ip, label: {en: DNS server, fr: Serveur DNS}}
codes:
  - code: "0xC0DE0001"
    messages: {en: "Demo.", fr: "Démo."}
    activation_types: [kms_client]
    start: q
    source: "Test."
questions:
  q:
    text: {en: "Q?", fr: "Q ?"}
    how_to_check: {en: "Check.", fr: "Vérifiez."}
    check_command: "ping {dns}"
    choices:
      - {id: a, label: {en: A, fr: A}, next: r}
      - {id: b, label: {en: B, fr: B}, next: r}
    source: "Test."
    no_way_out: "Test fixture: not a real question."
resolutions:
  r:
    title: {en: R, fr: R}
    cause: {en: C, fr: C}
    steps: [{en: S, fr: S}]
    commands:
      - command: "slmgr.vbs /skms {kms_host}:{kms_port}"
        explain: {en: E, fr: E}
      - command: "slmgr.vbs /skms {kms_ip}:{kms_port}"
        explain: {en: E, fr: E}
    source: "Test."
tests:
  - {code: "0xC0DE0001", answers: [a], expect: r}
"#;

    fn with_flow(test: impl FnOnce(&FlowFile)) {
        let catalog = Catalog::from_sources(&[("demo.yaml", FLOW)]).expect("valid flow");
        let (_, flow) = catalog.get(Code(0xC0DE0001)).expect("known code");
        test(flow);
    }

    #[test]
    fn set_refuses_an_ipv6_address_the_flow_puts_before_a_colon() {
        with_flow(|flow| {
            let mut values = Values::new();
            for (name, v6) in [("kms_host", "fe80::1"), ("kms_ip", "2001:db8::1")] {
                let err = values.set(flow, name, v6, Lang::En).unwrap_err();
                match err {
                    SetError::Invalid { reason, .. } => {
                        assert!(reason.contains("host's name"), "{reason}")
                    }
                    other => panic!("{other:?}"),
                }
                let err = values.set(flow, name, v6, Lang::Fr).unwrap_err();
                assert!(err.to_string().contains("nom de l’hôte"), "{err}");
                assert_eq!(values.typed(name), None);
            }
            // In brackets, as slmgr asks for `[address]:port`.
            values
                .set(flow, "kms_host", "[2001:db8::1]", Lang::En)
                .unwrap();
            let filled = values.fill(flow, "slmgr.vbs /skms {kms_host}:{kms_port}");
            assert_eq!(filled.text, "slmgr.vbs /skms [2001:db8::1]:1688");
            // Where no command puts ':' after it, an IPv6 address is fine.
            values.set(flow, "dns", "2001:db8::53", Lang::En).unwrap();
            assert_eq!(values.typed("dns"), Some("2001:db8::53"));
            // Names and IPv4 addresses go before ':' without trouble.
            values
                .set(flow, "kms_host", "kms1.contoso.com", Lang::En)
                .unwrap();
            values.set(flow, "kms_ip", "192.0.2.10", Lang::En).unwrap();
            let filled = values.fill(flow, "slmgr.vbs /skms {kms_host}:{kms_port}");
            assert_eq!(filled.text, "slmgr.vbs /skms kms1.contoso.com:1688");
            assert!(filled.is_complete());
        });
    }

    #[test]
    fn ip_placeholders_refuse_host_names() {
        with_flow(|flow| {
            let mut values = Values::new();
            for name in ["kms_ip", "dns"] {
                let err = values
                    .set(flow, name, "kms01.contoso.com", Lang::En)
                    .unwrap_err();
                assert!(err.to_string().contains("IP address"), "{err}");
            }
            assert!(values
                .set_pair(flow, "dns=dns.contoso.com", Lang::En)
                .is_err());
            assert!(values.set_pair(flow, "dns=192.0.2.53", Lang::En).is_ok());
        });
    }

    #[test]
    fn a_value_typed_in_another_flow_is_checked_against_this_one() {
        // The same name with another type, in a flow loaded on its own (the
        // catalog refuses such a pair: this is the second line of defence).
        let other = FLOW
            .replace("kms_host: {type: host,", "kms_host: {type: windows_path,")
            .replace("{kms_host}:{kms_port}", r#"\"{kms_host}\""#)
            .replace("0xC0DE0001", "0xC0DE0002");
        // Parsed alone: the catalog would refuse it for its type conflict.
        let (parsed, problems) = crate::core::catalog::load::parse_flow("other.yaml", &other);
        assert!(problems.is_empty(), "{problems:?}");
        let other = &parsed.expect("parses").flow;
        let mut values = Values::new();
        values
            .set(
                other,
                "kms_host",
                "kms1 -TraceRoute -InformationLevel Quiet",
                Lang::En,
            )
            .expect("a path with spaces is a valid windows_path");
        with_flow(|flow| {
            let template = "slmgr.vbs /skms {kms_host}:{kms_port}";
            let filled = values.fill(flow, template);
            assert_eq!(filled.text, template.replace("{kms_port}", "1688"));
            assert_eq!(filled.missing, vec!["kms_host"]);
            assert_eq!(filled.refused.len(), 1);
            assert_eq!(filled.refused[0].0, "kms_host");
            assert_eq!(values.effective(flow, "kms_host"), None);
            // Every front end fills through here: the JSON/plain/TUI/transcript
            // texts come from `fill`, so none of them shows the value.
            let Some((_, crate::core::model::Node::Resolution(r))) = flow.node_with_id("r") else {
                panic!("resolution r")
            };
            let shown = crate::printable::Resolution::new(
                flow,
                r,
                Lang::En,
                crate::core::catalog::dialect::Dialect::Powershell,
                &values,
            );
            assert!(shown
                .commands
                .iter()
                .all(|c| !c.filled.contains("TraceRoute")));
        });
    }

    #[test]
    fn fill_leaves_an_ipv6_value_out_of_a_colon_position() {
        // A value kept from another flow may reach a command where it does
        // not fit: it is left out, never inserted.
        with_flow(|flow| {
            let mut values = Values::new();
            values
                .typed
                .insert("kms_host".to_string(), "fe80::1".to_string());
            let filled = values.fill(flow, "slmgr.vbs /skms {kms_host}:{kms_port}");
            assert_eq!(filled.text, "slmgr.vbs /skms {kms_host}:1688");
            assert_eq!(filled.missing, vec!["kms_host"]);
        });
    }
}
