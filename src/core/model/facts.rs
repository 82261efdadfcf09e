//! The names of the facts evidence can hold: the vocabulary of `suggest:`
//! conditions in flow files, which `actwiz evidence` fills.

/// The facts evidence can hold, with what each means. `check` refuses a
/// `suggest:` rule on any other name.
pub(crate) const FACTS: &[(&str, &str)] = &[
    // slmgr /dli, /dlv
    ("product_name", "Name line of slmgr /dli or /dlv"),
    ("product_description", "Description line of slmgr /dli or /dlv"),
    ("product_channel", "channel named in the Description (VOLUME_KMSCLIENT, VOLUME_MAK, RETAIL, ...)"),
    ("product_key_channel", "Product Key Channel line of slmgr /dlv"),
    ("activation_id", "Activation ID of the product slmgr describes"),
    ("partial_product_key", "last five characters of the installed key"),
    ("license_status", "License Status as slmgr words it (Licensed, Notification, Initial grace period, ...)"),
    ("notification_reason", "the code slmgr gives as Notification Reason"),
    ("time_remaining_minutes", "grace time left, in minutes"),
    ("volume_expiration_minutes", "minutes until a volume activation expires"),
    ("remaining_rearm_count", "Remaining Windows rearm count"),
    ("trusted_time", "Trusted time line of slmgr /dlv"),
    ("client_machine_id", "the client machine ID (CMID)"),
    ("kms_host", "the KMS host the client uses (name or address)"),
    ("kms_host_name", "the KMS host the client uses, when it is a name"),
    ("kms_port", "the KMS port the client uses"),
    ("kms_host_set_by", "how the client found its KMS host: dns or registered (set with /skms)"),
    ("kms_discovery", "not_available when slmgr says DNS auto-discovery found no KMS name"),
    ("kms_host_ip", "IP address of the KMS host the client found"),
    ("kms_lookup_domain", "SRV lookup domain set with /skms-domain"),
    ("activation_interval", "activation retry interval, minutes"),
    ("renewal_interval", "renewal interval, minutes"),
    ("kms_host_caching", "enabled or disabled"),
    ("activation_type", "Configured Activation Type (All, AD, KMS, Token)"),
    ("is_kms_host", "yes when slmgr says the Key Management Service is enabled on this machine"),
    ("current_count", "the KMS current count (slmgr on the host, or event 12289 on a client)"),
    ("listening_port", "the port a KMS host listens on"),
    ("dns_publishing", "enabled or disabled (KMS host)"),
    ("kms_priority", "Normal or Low (KMS host)"),
    ("total_requests", "KMS requests received (KMS host)"),
    ("failed_requests", "failed KMS requests received (KMS host)"),
    // slmgr /xpr
    ("expiration_state", "what slmgr /xpr says: permanent, volume, timebased, avma, initial_grace, additional_grace, non_genuine_grace, extended_grace, notification"),
    ("expiration_date", "the date slmgr /xpr gives"),
    // events
    ("event_12288_code", "the HRESULT in the Info of event 12288 (request sent)"),
    ("kms_response_logged", "yes when an event 12289 (response processed) follows the request, no when only 12288 is there"),
    ("event_12289_code", "the HRESULT in the Info of event 12289"),
    ("activation_flag", "1 when event 12289 says the activation succeeded, 0 when not"),
    ("license_status_code", "the license status number in event 12288 or 12290"),
    ("event_12290_code", "the HRESULT of event 12290 on the KMS host"),
    ("minimum_count", "the count the client needs, from event 12290 on the KMS host"),
    ("event_8198_code", "the hr= code of event 8198 (activation failed)"),
    ("dns_publishing_result", "failed (event 12293) or succeeded (event 12294)"),
    ("dns_publishing_domain", "the DNS domain event 12293 or 12294 names"),
    ("event_12293_code", "the error of event 12293"),
    // Test-NetConnection
    ("tcp_test_succeeded", "True or False, from Test-NetConnection"),
    ("tcp_test_host", "the ComputerName Test-NetConnection tested"),
    ("tcp_test_port", "the RemotePort Test-NetConnection tested"),
    ("remote_address", "the address Test-NetConnection resolved"),
    ("ping_succeeded", "True or False, from Test-NetConnection"),
    // SRV lookups
    ("srv_record_found", "yes when the _vlmcs._tcp lookup returned an SRV record, no when it found none"),
    ("srv_name", "the SRV record name (_vlmcs._tcp.<domain>)"),
    ("srv_target", "the host the first SRV record names"),
    ("srv_targets", "every host the SRV records name, comma separated"),
    ("srv_port", "the port of the first SRV record"),
    ("dns_server", "the DNS server used (nslookup) or the first listed (ipconfig /all)"),
    ("dns_servers", "every DNS server ipconfig /all lists, comma separated"),
    // w32tm
    ("time_source", "the Source line of w32tm /query /status"),
    ("last_sync_time", "Last Successful Sync Time of w32tm /query /status"),
    ("stratum", "Stratum of w32tm /query /status"),
    // ipconfig
    ("primary_dns_suffix", "Primary Dns Suffix of ipconfig /all"),
    ("dns_suffix_search_list", "DNS Suffix Search List of ipconfig /all, comma separated"),
    // diagnose (registry, service)
    ("w32time_type", "Type under W32Time\\Parameters (NT5DS, NTP, ...)"),
    ("ntp_client_enabled", "Enabled under W32Time\\TimeProviders\\NtpClient (1 or 0)"),
];

/// Whether `name` is a fact evidence can hold.
pub(crate) fn is_known_fact(name: &str) -> bool {
    FACTS.iter().any(|(known, _)| *known == name)
}
