//! The one mapping from `slmgr.vbs` options to their PowerShell form through
//! the Software Licensing WMI provider. Every generated PowerShell command
//! comes from a row here, `check` refuses a WMI member that is not listed,
//! and `assets/flow-format.md` shows this table (a test keeps them equal).
//!
//! Each form does what slmgr.vbs itself does for the option (read from the
//! script that ships with Windows), with the members the provider documents.
//! Options with no documented member are left out, so a flow using them
//! must write its own `powershell:`.

/// A WMI class of the Software Licensing provider (namespace `root\cimv2`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum WmiClass {
    Service,
    Product,
}

impl WmiClass {
    pub const ALL: [WmiClass; 2] = [WmiClass::Service, WmiClass::Product];

    pub fn name(self) -> &'static str {
        match self {
            WmiClass::Service => "SoftwareLicensingService",
            WmiClass::Product => "SoftwareLicensingProduct",
        }
    }

    /// The class's documentation page.
    pub fn source(self) -> &'static str {
        match self {
            WmiClass::Service => "https://learn.microsoft.com/previous-versions/windows/desktop/sppwmi/softwarelicensingservice",
            WmiClass::Product => "https://learn.microsoft.com/previous-versions/windows/desktop/sppwmi/softwarelicensingproduct",
        }
    }
}

/// A method or a property.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum MemberKind {
    Method,
    Property,
}

/// One documented member of a class that a form uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Member {
    pub class: WmiClass,
    pub kind: MemberKind,
    pub name: &'static str,
}

const fn method(class: WmiClass, name: &'static str) -> Member {
    Member {
        class,
        kind: MemberKind::Method,
        name,
    }
}

const fn property(class: WmiClass, name: &'static str) -> Member {
    Member {
        class,
        kind: MemberKind::Property,
        name,
    }
}

use MemberKind::{Method, Property};
use WmiClass::{Product, Service};

/// Every member any form uses or a flow may use, with the class that
/// documents it. `check` refuses any other member of these classes.
pub(crate) const MEMBERS: &[Member] = &[
    // SoftwareLicensingService methods.
    method(Service, "InstallProductKey"),
    method(Service, "InstallLicense"),
    method(Service, "RefreshLicenseStatus"),
    method(Service, "ReArmWindows"),
    method(Service, "ClearProductKeyFromRegistry"),
    method(Service, "SetKeyManagementServiceMachine"),
    method(Service, "SetKeyManagementServicePort"),
    method(Service, "ClearKeyManagementServiceMachine"),
    method(Service, "ClearKeyManagementServicePort"),
    method(Service, "DisableKeyManagementServiceDnsPublishing"),
    // SoftwareLicensingService properties (what /dlv shows of the service).
    property(Service, "Version"),
    property(Service, "ClientMachineID"),
    property(Service, "RemainingWindowsReArmCount"),
    property(Service, "KeyManagementServiceListeningPort"),
    property(Service, "KeyManagementServiceDnsPublishing"),
    property(Service, "KeyManagementServiceLowPriority"),
    property(Service, "KeyManagementServiceHostCaching"),
    // Not on the class page of the documentation (which dates from Windows
    // 7): the OEM key in the firmware, read by one built-in resolution.
    // Listed in UNDOCUMENTED below so that the table says so.
    property(Service, "OA3xOriginalProductKey"),
    // SoftwareLicensingProduct methods.
    method(Product, "Activate"),
    method(Product, "DepositOfflineConfirmationId"),
    method(Product, "UninstallProductKey"),
    // SoftwareLicensingProduct properties.
    property(Product, "ID"),
    property(Product, "Name"),
    property(Product, "Description"),
    property(Product, "ApplicationID"),
    property(Product, "PartialProductKey"),
    property(Product, "ProductKeyID"),
    property(Product, "LicenseIsAddon"),
    property(Product, "LicenseStatus"),
    property(Product, "LicenseStatusReason"),
    property(Product, "GracePeriodRemaining"),
    property(Product, "EvaluationEndDate"),
    property(Product, "TrustedTime"),
    property(Product, "OfflineInstallationId"),
    property(Product, "KeyManagementServiceMachine"),
    property(Product, "KeyManagementServicePort"),
    property(Product, "DiscoveredKeyManagementServiceMachineName"),
    property(Product, "DiscoveredKeyManagementServiceMachinePort"),
    property(Product, "KeyManagementServiceProductKeyID"),
    property(Product, "VLActivationInterval"),
    property(Product, "VLRenewalInterval"),
    property(Product, "IsKeyManagementServiceMachine"),
    property(Product, "KeyManagementServiceCurrentCount"),
    property(Product, "RequiredClientCount"),
    property(Product, "KeyManagementServiceTotalRequests"),
    property(Product, "KeyManagementServiceFailedRequests"),
];

/// Members the table keeps though the class documentation does not list
/// them, with why.
pub(crate) const UNDOCUMENTED: &[(&str, &str)] = &[(
    "OA3xOriginalProductKey",
    "the product key an OEM stored in the firmware (Windows 8 and later). The class page dates from Windows 7 and does not list it; it is widely used to read that key, and one built-in resolution does",
)];

/// The member called `name` (WMI names ignore case), if the table has it.
pub fn member(name: &str) -> Option<&'static Member> {
    MEMBERS.iter().find(|m| m.name.eq_ignore_ascii_case(name))
}

/// What an option takes after it on the slmgr command line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Argument {
    None,
    /// `<KEY>` in the form.
    ProductKey,
    /// `<CID>` in the form.
    ConfirmationId,
    /// `Name:Port`: `<HOST>` and `<PORT>` in the form.
    HostAndPort,
    /// `Name` alone: `<HOST>` in the form.
    Host,
}

/// One slmgr option and its PowerShell form.
#[derive(Clone, Copy, Debug)]
pub struct Row {
    /// The option without its `/` or `-`.
    pub option: &'static str,
    pub argument: Argument,
    /// The PowerShell form. `<KEY>`, `<CID>`, `<HOST>` and `<PORT>` stand
    /// for the argument as the slmgr command writes it (a `{placeholder}`
    /// or a checked literal); each sits inside single quotes.
    pub powershell: &'static str,
    /// The member whose call is the option's effect: `costly.rs` reads a
    /// call to it as the option itself (ReArmWindows is /rearm).
    pub effect: &'static str,
    /// What the form does, and where it differs from slmgr.
    pub note: &'static str,
}

/// Windows' own licences with a product key, not add-ons: the products
/// slmgr acts on when no activation ID is given (its WindowsAppId, the
/// `PartialProductKey <> null` clause and its `LicenseIsAddon = False` test).
pub(crate) const WINDOWS_FILTER: &str = "ApplicationID='55c92734-d682-4d71-983e-d6ec3f16059f' AND PartialProductKey IS NOT NULL AND LicenseIsAddon=FALSE";

/// Where each form comes from.
pub(crate) const SOURCES: &[(&str, &str)] = &[
    (
        "slmgr.vbs options",
        "https://learn.microsoft.com/windows-server/get-started/activation-slmgr-vbs-options",
    ),
    (
        "SoftwareLicensingService class",
        "https://learn.microsoft.com/previous-versions/windows/desktop/sppwmi/softwarelicensingservice",
    ),
    (
        "SoftwareLicensingProduct class",
        "https://learn.microsoft.com/previous-versions/windows/desktop/sppwmi/softwarelicensingproduct",
    ),
    (
        "slmgr.vbs itself (%windir%\\system32\\slmgr.vbs): which members each option calls, the product filter, when it refreshes the licence status",
        "",
    ),
];

macro_rules! products {
    () => {
        concat!(
            "Get-CimInstance SoftwareLicensingProduct -Filter \"",
            "ApplicationID='55c92734-d682-4d71-983e-d6ec3f16059f' AND PartialProductKey IS NOT NULL AND LicenseIsAddon=FALSE",
            "\""
        )
    };
}

macro_rules! service {
    () => {
        "$s = Get-CimInstance SoftwareLicensingService; "
    };
}

macro_rules! refresh {
    () => {
        "Invoke-CimMethod -InputObject (Get-CimInstance SoftwareLicensingService) -MethodName RefreshLicenseStatus"
    };
}

/// The table, in the order of the slmgr reference.
pub const ROWS: &[Row] = &[
    Row {
        option: "ipk",
        argument: Argument::ProductKey,
        powershell: concat!(
            service!(),
            "Invoke-CimMethod -InputObject $s -MethodName InstallProductKey -Arguments @{ProductKey='<KEY>'} -ErrorAction Stop; ",
            "Invoke-CimMethod -InputObject $s -MethodName RefreshLicenseStatus"
        ),
        effect: "InstallProductKey",
        note: "Installs the key, then refreshes the licence status as slmgr does. slmgr also records the KMS host version in the registry when the key is a KMS host key; this form does not.",
    },
    Row {
        option: "ato",
        argument: Argument::None,
        powershell: concat!(
            products!(),
            " | Where-Object { $_.Description -cnotlike '*MAK*' -or $_.LicenseStatus -ne 1 }",
            " | Invoke-CimMethod -MethodName Activate -ErrorAction Stop; ",
            refresh!()
        ),
        effect: "Activate",
        note: "Activates Windows' licence, then refreshes the status. Like slmgr, it skips a MAK licence that is already licensed, which would spend one of the key's activations for nothing.",
    },
    Row {
        option: "dli",
        argument: Argument::None,
        powershell: concat!(
            products!(),
            " | Format-List Name, Description, PartialProductKey, LicenseStatus, LicenseStatusReason, GracePeriodRemaining"
        ),
        effect: "LicenseStatus",
        note: "Shows the licence: LicenseStatus 0 Unlicensed, 1 Licensed, 2 initial grace, 3 additional grace, 4 non-genuine grace, 5 notification, 6 extended grace; GracePeriodRemaining in minutes.",
    },
    Row {
        option: "dlv",
        argument: Argument::None,
        powershell: concat!(
            "Get-CimInstance SoftwareLicensingService | Format-List Version, ClientMachineID, RemainingWindowsReArmCount, KeyManagementServiceListeningPort, KeyManagementServiceDnsPublishing, KeyManagementServiceLowPriority, KeyManagementServiceHostCaching; ",
            products!(),
            " | Format-List Name, Description, ID, ApplicationID, ProductKeyID, PartialProductKey, LicenseStatus, LicenseStatusReason, GracePeriodRemaining, EvaluationEndDate, TrustedTime, KeyManagementServiceMachine, KeyManagementServicePort, DiscoveredKeyManagementServiceMachineName, DiscoveredKeyManagementServiceMachinePort, KeyManagementServiceProductKeyID, VLActivationInterval, VLRenewalInterval, IsKeyManagementServiceMachine, KeyManagementServiceCurrentCount, RequiredClientCount, KeyManagementServiceTotalRequests, KeyManagementServiceFailedRequests"
        ),
        effect: "ClientMachineID",
        note: "Shows the service's and the licence's details (CMID, KMS host set or found through DNS, intervals, count on a KMS host). A KMS port of 0 means the default, 1688.",
    },
    Row {
        option: "xpr",
        argument: Argument::None,
        powershell: concat!(
            products!(),
            " | Format-List Name, LicenseStatus, GracePeriodRemaining, @{Label='Expires'; Expression={ if ($_.GracePeriodRemaining) { (Get-Date).AddMinutes($_.GracePeriodRemaining) } }}"
        ),
        effect: "GracePeriodRemaining",
        note: "Shows when the licence or grace period ends: now plus GracePeriodRemaining minutes, as slmgr computes it; nothing when a licence does not expire.",
    },
    Row {
        option: "cpky",
        argument: Argument::None,
        powershell: "Invoke-CimMethod -InputObject (Get-CimInstance SoftwareLicensingService) -MethodName ClearProductKeyFromRegistry",
        effect: "ClearProductKeyFromRegistry",
        note: "Removes the product key from the registry.",
    },
    Row {
        option: "rilc",
        argument: Argument::None,
        powershell: concat!(
            service!(),
            "Get-ChildItem -Path \"$env:SystemRoot\\System32\\spp\\tokens\\*\", \"$env:SystemRoot\\System32\\oem\" -Recurse -File -Filter *.xrm-ms -ErrorAction SilentlyContinue",
            " | ForEach-Object { Invoke-CimMethod -InputObject $s -MethodName InstallLicense -Arguments @{License=[IO.File]::ReadAllText($_.FullName)} -ErrorAction Stop }"
        ),
        effect: "InstallLicense",
        note: "Installs again every licence file (.xrm-ms) under System32\\spp\\tokens and System32\\oem, one InstallLicense call per file, as slmgr does.",
    },
    Row {
        option: "rearm",
        argument: Argument::None,
        powershell: "Invoke-CimMethod -InputObject (Get-CimInstance SoftwareLicensingService) -MethodName ReArmWindows",
        effect: "ReArmWindows",
        note: "Resets the licensing state (uses one rearm); Windows must restart.",
    },
    Row {
        option: "upk",
        argument: Argument::None,
        powershell: concat!(
            products!(),
            " | Invoke-CimMethod -MethodName UninstallProductKey -ErrorAction Stop; ",
            refresh!()
        ),
        effect: "UninstallProductKey",
        note: "Uninstalls Windows' product key, then refreshes the status as slmgr does.",
    },
    Row {
        option: "dti",
        argument: Argument::None,
        powershell: concat!(products!(), " | Format-List Name, OfflineInstallationId"),
        effect: "OfflineInstallationId",
        note: "Shows the installation ID to read to the activation centre.",
    },
    Row {
        option: "atp",
        argument: Argument::ConfirmationId,
        powershell: concat!(
            products!(),
            " | ForEach-Object { Invoke-CimMethod -InputObject $_ -MethodName DepositOfflineConfirmationId -Arguments @{InstallationId=$_.OfflineInstallationId; ConfirmationId='<CID>'} -ErrorAction Stop }; ",
            refresh!()
        ),
        effect: "DepositOfflineConfirmationId",
        note: "Deposits the confirmation ID with the licence's own installation ID, then refreshes the status, as slmgr does.",
    },
    Row {
        option: "skms",
        argument: Argument::HostAndPort,
        powershell: concat!(
            service!(),
            "Invoke-CimMethod -InputObject $s -MethodName SetKeyManagementServiceMachine -Arguments @{MachineName='<HOST>'} -ErrorAction Stop; ",
            "Invoke-CimMethod -InputObject $s -MethodName SetKeyManagementServicePort -Arguments @{PortNumber=[uint32]'<PORT>'} -ErrorAction Stop"
        ),
        effect: "SetKeyManagementServiceMachine",
        note: "`/skms Name:Port`: sets the KMS host, then its port. An IPv6 host keeps its brackets, as slmgr passes it.",
    },
    Row {
        option: "skms",
        argument: Argument::Host,
        powershell: concat!(
            service!(),
            "Invoke-CimMethod -InputObject $s -MethodName SetKeyManagementServiceMachine -Arguments @{MachineName='<HOST>'} -ErrorAction Stop; ",
            "Invoke-CimMethod -InputObject $s -MethodName ClearKeyManagementServicePort"
        ),
        effect: "SetKeyManagementServiceMachine",
        note: "`/skms Name`: sets the KMS host and goes back to the default port, as slmgr does.",
    },
    Row {
        option: "ckms",
        argument: Argument::None,
        powershell: concat!(
            service!(),
            "Invoke-CimMethod -InputObject $s -MethodName ClearKeyManagementServiceMachine -ErrorAction Stop; ",
            "Invoke-CimMethod -InputObject $s -MethodName ClearKeyManagementServicePort"
        ),
        effect: "ClearKeyManagementServiceMachine",
        note: "Clears the KMS host and port set with /skms: the client finds its host through DNS again.",
    },
    Row {
        option: "sdns",
        argument: Argument::None,
        powershell: "Invoke-CimMethod -InputObject (Get-CimInstance SoftwareLicensingService) -MethodName DisableKeyManagementServiceDnsPublishing -Arguments @{DisablePublishing=$false}",
        effect: "DisableKeyManagementServiceDnsPublishing",
        note: "On the KMS host: publishes its SRV record in DNS again (DisablePublishing false). slmgr first checks that the machine is a KMS host; this form does not.",
    },
    Row {
        option: "cdns",
        argument: Argument::None,
        powershell: "Invoke-CimMethod -InputObject (Get-CimInstance SoftwareLicensingService) -MethodName DisableKeyManagementServiceDnsPublishing -Arguments @{DisablePublishing=$true}",
        effect: "DisableKeyManagementServiceDnsPublishing",
        note: "On the KMS host: stops publishing its SRV record in DNS.",
    },
];

/// The rows for `option` (compared without case).
pub fn rows(option: &str) -> impl Iterator<Item = &'static Row> + '_ {
    ROWS.iter()
        .filter(move |r| r.option.eq_ignore_ascii_case(option))
}

/// slmgr options with no documented WMI member, and why; shown under the
/// table so that a flow author knows to write `powershell:`.
pub(crate) const LEFT_OUT: &[(&str, &str)] = &[
    (
        "skms-domain, ckms-domain",
        "the lookup-domain methods slmgr calls are not in the class documentation",
    ),
    (
        "act-type",
        "the activation-type method slmgr calls is not in the class documentation",
    ),
    (
        "rearm-app, rearm-sku",
        "the application and SKU rearm methods are not in the class documentation",
    ),
    (
        "ilc",
        "takes a file: write `powershell:` with InstallLicense and the file's text",
    ),
    (
        "skhc, ckhc, sai, sri, sprt, spri, cpri",
        "KMS host settings no built-in flow uses; not mapped yet",
    ),
    (
        "lil, ril, ltc, fta, stao, ctao",
        "token-based activation: other classes, not mapped",
    ),
    (
        "ad-activation-*, ao-list, del-ao",
        "Active Directory-based activation: not in the class documentation",
    ),
    (
        "a remote computer (`slmgr NAME USER PASSWORD ...`)",
        "run the form on that computer, or add -ComputerName yourself",
    ),
];

/// The table as Markdown, for `assets/flow-format.md`.
pub fn markdown() -> String {
    let mut out = String::new();
    out.push_str(
        "| slmgr | PowerShell (through the Software Licensing WMI provider) | What it does |\n",
    );
    out.push_str("|---|---|---|\n");
    for row in ROWS {
        let option = match row.argument {
            Argument::None => format!("`/{}`", row.option),
            Argument::ProductKey => format!("`/{} KEY`", row.option),
            Argument::ConfirmationId => format!("`/{} CID`", row.option),
            Argument::HostAndPort => format!("`/{} HOST:PORT`", row.option),
            Argument::Host => format!("`/{} HOST`", row.option),
        };
        out.push_str(&format!(
            "| {option} | `{}` | {} |\n",
            row.powershell.replace('|', "\\|"),
            row.note.replace('|', "\\|")
        ));
    }
    out.push_str("\nThe WMI members these forms use, each from its class's documentation (namespace `root\\cimv2`). `check` refuses any other member of these classes in a PowerShell form:\n\n");
    out.push_str("| Class | Methods | Properties |\n|---|---|---|\n");
    for class in WmiClass::ALL {
        let names = |kind: MemberKind| {
            MEMBERS
                .iter()
                .filter(|m| m.class == class && m.kind == kind)
                .map(|m| m.name)
                .collect::<Vec<_>>()
                .join(", ")
        };
        out.push_str(&format!(
            "| [`{}`]({}) | {} | {} |\n",
            class.name(),
            class.source(),
            names(Method),
            names(Property)
        ));
    }
    for (name, why) in UNDOCUMENTED {
        out.push_str(&format!(
            "\nKept though the class page does not list it: `{name}`, {why}.\n"
        ));
    }
    out.push_str(&format!(
        "\nThe product filter is slmgr's own: `{WINDOWS_FILTER}` (Windows' application ID, a key installed, not an add-on licence).\n\nSources:\n\n"
    ));
    for (title, url) in SOURCES {
        if url.is_empty() {
            out.push_str(&format!("- {title}\n"));
        } else {
            out.push_str(&format!("- [{title}]({url})\n"));
        }
    }
    out.push_str(
        "\nslmgr options left out, with why (a flow using one writes its own `powershell:`):\n\n",
    );
    for (options, why) in LEFT_OUT {
        out.push_str(&format!("- {options}: {why}.\n"));
    }
    out
}
