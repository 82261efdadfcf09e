//! Copying commands, and the form that asks for their placeholder values.

use super::*;

impl<'c> App<'c> {
    /// Copies the check command (question) or the selected command
    /// (resolution). Asks for placeholder values first, unless every value
    /// it needs was already given (`edit` asks anyway, to change them).
    pub(super) fn copy_item(&mut self, edit: bool) -> Vec<Effect> {
        let template = match self.current() {
            // The form for the shell chosen now (P switches it live).
            Some(Current::Question { question, .. }) => match question.check_form(self.dialect) {
                Some(form) => form.text.into_owned(),
                None => {
                    self.status = Some(Status::NoCheckCommand);
                    return Vec::new();
                }
            },
            Some(Current::Resolution { resolution, .. }) => {
                match resolution.commands.get(self.item) {
                    Some(c) => c.form(self.dialect).text.into_owned(),
                    None => {
                        self.status = Some(Status::NoCommand);
                        return Vec::new();
                    }
                }
            }
            None => return Vec::new(),
        };
        self.ask_then_copy(template, false, edit)
    }

    /// Copies every command of the resolution as one block, asking first
    /// for the values not given yet.
    pub(super) fn copy_all(&mut self) -> Vec<Effect> {
        let Some(Current::Resolution { resolution, .. }) = self.current() else {
            return Vec::new();
        };
        if resolution.commands.is_empty() {
            self.status = Some(Status::NoCommand);
            return Vec::new();
        }
        // The form previews the commands that take values, one per line.
        let template = resolution
            .commands
            .iter()
            .map(|c| c.form(self.dialect).text.into_owned())
            .filter(|c| !placeholder::names(c).is_empty())
            .collect::<Vec<_>>()
            .join("\n");
        self.ask_then_copy(template, true, false)
    }

    /// Copies at once when `template` needs no value or every value it
    /// needs was given before (and `edit` is off); otherwise opens the form.
    pub(super) fn ask_then_copy(&mut self, template: String, all: bool, edit: bool) -> Vec<Effect> {
        let names = placeholder::names(&template);
        let known = names.iter().all(|n| self.values.typed(n).is_some());
        if names.is_empty() || (known && !edit) {
            return self.copy_target(&template, all);
        }
        let Some(flow) = self.flow() else {
            return Vec::new();
        };
        let fields = names
            .into_iter()
            .map(|name| {
                let decl = flow.placeholders.get(&name);
                let value = match self.drafts.get(&name) {
                    Some(draft) => draft.clone(),
                    None => self.values.effective(flow, &name).unwrap_or_default(),
                };
                FormField {
                    value: TextField::new(&value),
                    label: decl.map(|d| d.label.clone()).unwrap_or_default(),
                    name,
                    checked: false,
                }
            })
            .collect();
        self.form = Some(Form {
            template,
            fields,
            focus: 0,
            all,
        });
        Vec::new()
    }

    pub(super) fn copy_target(&mut self, template: &str, all: bool) -> Vec<Effect> {
        if !all {
            return self.copy_command(template);
        }
        let (Some(flow), Some(Current::Resolution { resolution, .. })) =
            (self.flow(), self.current())
        else {
            return Vec::new();
        };
        let text =
            transcript::command_block(flow, resolution, &self.values, self.lang, self.dialect);
        vec![Effect::Copy {
            what: CopyWhat::Commands(text.clone()),
            text,
        }]
    }

    pub fn flow(&self) -> Option<&'c crate::core::catalog::FlowFile> {
        self.walk
            .as_ref()
            .and_then(|w| w.context(self.catalog).ok())
            .map(|(_, flow)| flow)
    }

    pub(super) fn copy_command(&mut self, template: &str) -> Vec<Effect> {
        let Some(flow) = self.flow() else {
            return Vec::new();
        };
        let filled = self.values.fill(flow, template);
        let text = clean_line(&filled.text).into_owned();
        vec![Effect::Copy {
            what: CopyWhat::Command(text.clone()),
            text,
        }]
    }

    pub(super) fn act_form(&mut self, action: Action) -> Vec<Effect> {
        let Some(form) = self.form.as_mut() else {
            return Vec::new();
        };
        let count = form.fields.len();
        if count == 0 {
            self.form = None;
            return Vec::new();
        }
        match action {
            Action::Escape => {
                // What was typed is offered again next time, unchecked.
                for field in &form.fields {
                    self.drafts
                        .insert(field.name.clone(), field.value.text().to_string());
                }
                self.form = None;
            }
            Action::Up | Action::PrevField => {
                form.focus = (form.focus + count - 1) % count;
            }
            Action::Down | Action::NextField => form.focus = (form.focus + 1) % count,
            Action::Select => return self.confirm_field(),
            _ => {}
        }
        Vec::new()
    }

    /// A paste into the value form that holds evidence (an event 12288
    /// line with the KMS host:port, slmgr output...): each field the
    /// evidence has a good value for is filled and marked "from evidence",
    /// and the focus goes to the first field still needing a value.
    /// `false` when it fills no field: the paste is then a value, typed
    /// into the focused field as before.
    pub(super) fn fill_form_from_evidence(&mut self, text: &str) -> bool {
        let (Some(flow), Some(form)) = (self.flow(), self.form.as_ref()) else {
            return false;
        };
        let read = crate::core::evidence::read_text(text);
        let lang = self.lang;
        let fills: Vec<(usize, String)> = form
            .fields
            .iter()
            .enumerate()
            .filter_map(|(i, field)| {
                let fact = read.fact(&field.name)?;
                Some((i, Values::check(flow, &field.name, &fact.value, lang).ok()?))
            })
            .collect();
        if fills.is_empty() {
            return false;
        }
        // What was pasted here is what the agent means: it replaces a fact
        // of the same name read before.
        let pasted = read.facts.clone();
        let new = self.evidence.add(read);
        let Some(form) = self.form.as_mut() else {
            return false;
        };
        for (i, value) in fills {
            let field = &mut form.fields[i];
            let Some(fact) = pasted.get(&field.name) else {
                continue;
            };
            self.evidence
                .evidence
                .facts
                .insert(field.name.clone(), fact.clone());
            self.evidence
                .filled
                .insert(field.name.clone(), fact.from.clone());
            field.value.set(&value);
            field.checked = true;
            let _ = self.values.set(flow, &field.name, &value, lang);
            self.drafts.remove(&field.name);
        }
        if let Some(empty) = form
            .fields
            .iter()
            .position(|f| f.check(flow, lang).is_err())
        {
            form.focus = empty;
        }
        let facts = self.evidence.evidence.facts.len();
        self.status = Some(Status::Evidence { new, facts });
        true
    }

    /// Enter in the form: checks the focused value. A refused value stays
    /// focused, with its error under it; a good one is kept and the focus
    /// moves to the next field. Enter on the last field copies the command
    /// once every value is good (else the first refused one gets the focus).
    pub(super) fn confirm_field(&mut self) -> Vec<Effect> {
        let Some(flow) = self.flow() else {
            return Vec::new();
        };
        let Some(form) = self.form.as_mut() else {
            return Vec::new();
        };
        let lang = self.lang;
        let count = form.fields.len();
        let Some(field) = form.fields.get_mut(form.focus) else {
            return Vec::new();
        };
        field.checked = true;
        let Ok(clean) = field.check(flow, lang) else {
            return Vec::new();
        };
        if clean != field.value.text() {
            field.value.set(&clean);
        }
        let _ = self.values.set(flow, &field.name, &clean, lang);
        if form.focus + 1 < count {
            form.focus += 1;
            return Vec::new();
        }
        let bad = form
            .fields
            .iter()
            .position(|f| f.check(flow, lang).is_err());
        if let Some(i) = bad {
            form.fields[i].checked = true;
            form.focus = i;
            return Vec::new();
        }
        // Every value is good: keep them all, then copy.
        for f in &form.fields {
            let _ = self.values.set(flow, &f.name, f.value.text(), lang);
            self.drafts.remove(&f.name);
        }
        let (template, all) = (form.template.clone(), form.all);
        self.form = None;
        self.copy_target(&template, all)
    }
}
