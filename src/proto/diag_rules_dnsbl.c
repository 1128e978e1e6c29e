/* DNS blocklists: how MTAs word a listing ("blocked using X") and
 * each list's zone names, with where to look an address up and how to be
 * delisted.
 * Data only; see diag.h for the pattern language. */
#include "diag_tables.h"

#include <string.h>

#include "smtpdbg/dnsbl.h"
#include "smtpdbg/i18n.h"

const struct diag_rule diag_rules_dnsbl[] = {
	/* Not a listing: the list refused the receiving server's queries (a
	 * public resolver, too many queries) or the lookup failed. These come
	 * first, since their texts also name the list ("blocked using
	 * zen.spamhaus.org; Error: open resolver; ..."). */
	{"server.local-error", DIAG_LIKELY,
	 "spamhaus&returnc|open resolver|public resolver|127.255.255.|excessive number of queries", 0,
	 NULL, DC_ANY, 0,
	 N_("Spamhaus answered the receiving server with an error code (127.255.255.x), not a listing: that server queries the free lists through a public or shared DNS resolver, or too often. Your address is not listed; only the receiving server's administrator can fix it (an own resolver, or a free Spamhaus DQS key)."),
	 "https://www.spamhaus.org/news/article/788/ (return codes 127.255.255.254/255); "
	 "https://check.spamhaus.org/returnc/pub"},
	{"server.local-error", DIAG_LIKELY,
	 "spamhaus_blocked|_blocked_openresolver|dbl_blocked|uribl_blocked|surbl_blocked", 0, NULL,
	 DC_ANY, 0,
	 N_("rspamd marks a blocklist that refused the receiving server's queries with a *_BLOCKED symbol: an error on the receiving side (a public resolver, too many queries), not a listing of your address."),
	 "rspamd conf/scores.d/rbl_group.conf, conf/scores.d/surbl_group.conf (*_BLOCKED symbols)"},
	{"server.local-error", DIAG_LIKELY, "temporary lookup failure of", 0, NULL, DC_ANY, 0,
	 N_("The receiving server could not query its DNS blocklist (the DNS lookup failed). This says nothing about a listing; a real MTA retries later by itself."),
	 "Sendmail cf/feature/dnsbl.m4, enhdnsbl.m4 (_DNSBL_MSG_TMP_, 451 4.4.3)"},

	/* Spamhaus: the PBL first (it needs "pbl" in the zone, the URL or the
	 * words), then the lists that say which one, then ZEN and the lookup
	 * URLs. "spamhaus" alone is not enough: it must come with a listing. */
	{"dnsbl.spamhaus-pbl", DIAG_LIKELY,
	 "pbl.spamhaus|pbl.dq.spamhaus|spamhaus.org/pbl|spamhaus_pbl|blocked using pbl", 0, NULL, DC_ANY,
	 0, NULL,
	 "Postfix reject_rbl_client (default_rbl_reply) with pbl.spamhaus.org; "
	 "https://www.spamhaus.org/pbl/query/ (PBL record URL); rspamd RBL_SPAMHAUS_PBL"},
	{"dnsbl.spamhaus-pbl", DIAG_LIKELY,
	 "spamhaus&<pbl>|policy block list|policy blocklist|127.0.0.10>|127.0.0.11>", 0, NULL, DC_ANY, 0,
	 NULL, "https://www.spamhaus.org/zen/ (ZEN return codes 127.0.0.10-11: PBL)"},
	{"dnsbl.spamhaus", DIAG_LIKELY,
	 "zrd.spamhaus|zrd.dq.spamhaus|blocked using zrd", 0, NULL, DC_ANY, 0,
	 N_("The Spamhaus ZRD lists every domain for the first 24 hours after it is registered or first seen; the listing ends by itself. Send from an established domain, or wait a day."),
	 "https://docs.spamhaus.com/datasets/docs/source/40-real-world-usage/MTAs/020-Postfix.html "
	 "(\"blocked using ZRD - domain too young\"); "
	 "https://www.spamhaustech.com/protecting-mail-streams/domain-reputation-for-email/zrd/"},
	{"dnsbl.spamhaus", DIAG_LIKELY,
	 "dbl.spamhaus|dbl.dq.spamhaus|spamhaus.org/query/dbl|spamhaus.org/dbl|blocked using dbl|<dbl_", 0,
	 NULL, DC_ANY, 0,
	 N_("The Spamhaus DBL lists domains, not addresses: Postfix says which one was checked (\"Sender address\": the MAIL FROM domain, \"Helo command\": the HELO name, \"Client host\": the client's host name); a content filter checks the domains of links in the message too. Look that domain up at https://check.spamhaus.org/."),
	 "Postfix reject_rhsbl_sender/_helo/_reverse_client with dbl.spamhaus.org; "
	 "https://docs.spamhaus.com/datasets/docs/source/40-real-world-usage/MTAs/020-Postfix.html "
	 "(\"blocked using DBL\"); rspamd DBL_* symbols"},
	{"dnsbl.spamhaus", DIAG_LIKELY,
	 "xbl.spamhaus|xbl.dq.spamhaus|spamhaus_xbl|blocked using xbl|cbl.abuseat|abuseat.org&!sbl-xbl", 0,
	 NULL, DC_ANY, 0,
	 N_("The XBL (which took over the CBL in 2021) lists addresses seen acting as a bot, an open proxy or an infected host. Find and clean the machine or account behind this address (on a NAT address: any device behind it), then remove the listing yourself at https://check.spamhaus.org/."),
	 "Postfix reject_rbl_client with xbl.spamhaus.org; https://www.abuseat.org (CBL cutover to "
	 "Spamhaus XBL); rspamd RBL_SPAMHAUS_XBL"},
	{"dnsbl.spamhaus", DIAG_LIKELY,
	 "sbl.spamhaus|sbl.dq.spamhaus|spamhaus.org/sbl|spamhaus_sbl|spamhaus_css|blocked using sbl"
	 "&!sbl-xbl", 0,
	 NULL, DC_ANY, 0,
	 N_("An SBL listing (a spam source or a spam-support service, with a record number SBLnnnnnn) can only be removed through the network's owner: forward the record to your provider's abuse desk. CSS listings (snowshoe spam patterns) can be removed by yourself at https://check.spamhaus.org/ once the cause is fixed."),
	 "Postfix reject_rbl_client with sbl.spamhaus.org (TXT "
	 "https://www.spamhaus.org/sbl/query/SBLnnn); https://www.spamhaus.com/resource-center/"
	 "view-request-and-manage-ip-domain-removals-from-the-customer-portal"},
	{"dnsbl.spamhaus", DIAG_LIKELY,
	 "zen.spamhaus|zen.dq.spamhaus|sbl-xbl.spamhaus|.dq.spamhaus.net|spamhaus.org/query|"
	 "spamhaus.org/lookup|check.spamhaus.org|blocked using zen|blocked using spamhaus|rbl_spamhaus|"
	 "received_spamhaus",
	 0, NULL, DC_ANY, 0,
	 N_("ZEN combines the SBL, CSS, XBL and PBL; the lookup at https://check.spamhaus.org/ says which of them lists the address, and only a PBL listing means 'send through your provider's relay'."),
	 "Postfix reject_rbl_client zen.spamhaus.org (src/global/mail_params.h DEF_DEF_RBL_REPLY); "
	 "https://docs.spamhaus.com/datasets/docs/source/40-real-world-usage/MTAs/020-Postfix.html "
	 "(\"blocked using ZEN - see https://www.spamhaus.org/query/ip/...\"); "
	 "https://www.spamhaus.org/zen/; "
	 "Exchange Online Protection (\"blocked using Spamhaus\", http://www.spamhaus.org/lookup.lasso)"},
	{"dnsbl.spamhaus", DIAG_LIKELY,
	 "spamhaus&listed|rejected by|blocked by|blacklist|blocklist|block list|<rbl|<dnsbl&!not listed",
	 0, NULL, DC_ANY, 0, NULL,
	 "http://www.spamhaus.org/lookup.lasso (\"550 5.7.1 Email rejected because 1.2.3.4 is listed by "
	 "zen.spamhaus.org\")"},

	/* Barracuda Reputation Block List. */
	{"dnsbl.barracuda", DIAG_LIKELY,
	 "barracudacentral|barracuda reputation|barracudanetworks.com/reputation|<brbl>", 0, NULL, DC_ANY,
	 0,
	 N_("A Barracuda appliance may also check the addresses in the message's Received: headers, so the listed address can be an earlier hop (for example the sender's home connection), not your server."),
	 "Barracuda Spam Firewall \"Client host [IP] blocked using Barracuda Reputation\"; "
	 "Postfix reject_rbl_client b.barracudacentral.org; https://barracudacentral.org/lookups/reason"},
	{"dnsbl.barracuda", DIAG_LIKELY, "barracuda&<listed|blacklist|blocklist|<rbl|blocked using", 0,
	 NULL, DC_ANY, 0, NULL,
	 "https://barracudacentral.org/lookups/reason (Barracuda Reputation System)"},

	/* SpamCop Blocking List. */
	{"dnsbl.spamcop", DIAG_LIKELY, "<spamcop|<scbl>", 0, NULL, DC_ANY, 0,
	 N_("SpamCop's most common causes are auto-replies and bounces sent to forged senders (they hit its spam traps) and hacked accounts whose password was guessed over SMTP AUTH."),
	 "bl.spamcop.net (TXT \"Blocked - see https://www.spamcop.net/bl.shtml?IP\"); "
	 "https://www.spamcop.net/bl.shtml"},

	/* UCEPROTECT (dnsbl-1, -2, -3.uceprotect.net). */
	{"dnsbl.uceprotect", DIAG_LIKELY, "uceprotect", 0, NULL, DC_ANY, 0, NULL,
	 "dnsbl-1.uceprotect.net, dnsbl-2.uceprotect.net, dnsbl-3.uceprotect.net; "
	 "https://www.uceprotect.net/en/rblcheck.php"},

	/* Other lists, each with its own lookup page. */
	{"dnsbl.other", DIAG_LIKELY, "sorbs.net|<sorbs>", 0, NULL, DC_ANY, 0,
	 N_("SORBS was shut down on 5 June 2024 and holds no data: a refusal naming it comes from a stale configuration on the receiving server. Ask the recipient's postmaster to remove SORBS from it; there is nothing to delist."),
	 "dnsbl.sorbs.net; https://www.techzine.eu/news/security/120916/"
	 "proofpoint-discontinues-anti-spam-service-sorbs/ (decommissioned 5 June 2024)"},
	{"dnsbl.other", DIAG_LIKELY, "psbl.surriel|psbl.org|<psbl>", 0, NULL, DC_ANY, 0,
	 N_("The PSBL lists addresses that sent mail to its spam traps; anyone can remove an address through its web page, http://psbl.surriel.com/ (after fixing the cause, or it comes back)."),
	 "psbl.surriel.com; http://psbl.surriel.com/"},
	{"dnsbl.other", DIAG_LIKELY, "mailspike", 0, NULL, DC_ANY, 0,
	 N_("Mailspike: look the address up and ask for delisting at https://mailspike.org/ (it lists addresses with a poor reputation and those seen in a current spam wave)."),
	 "bl.mailspike.net, rep.mailspike.net (rspamd conf/modules.d/rbl.conf); https://mailspike.org/"},
	{"dnsbl.other", DIAG_LIKELY, "dyna.spamrats|noptr.spamrats|rats-dyna|rats-noptr", 0, NULL,
	 DC_ANY, 0,
	 N_("SpamRATS Dyna lists addresses whose reverse DNS name looks dynamic or residential, NoPtr those without reverse DNS: give the address a PTR record with the mail server's own name (resolving back to the address), then request removal at https://www.spamrats.com/lookup.php."),
	 "dyna.spamrats.com, noptr.spamrats.com; https://www.spamrats.com/lookup.php"},
	{"dnsbl.other", DIAG_LIKELY, "spamrats", 0, NULL, DC_ANY, 0,
	 N_("SpamRATS: look the address up and request removal at https://www.spamrats.com/lookup.php."),
	 "spam.spamrats.com; https://www.spamrats.com/lookup.php"},
	{"dnsbl.other", DIAG_LIKELY, "abusix", 0, NULL, DC_ANY, 0,
	 N_("Abusix: the lookup at https://lookup.abusix.com/ says which list (spam, exploit, policy, domain) and takes delisting requests (an account is needed). The policy list covers addresses with generic reverse DNS that should send through a relay."),
	 "combined.mail.abusix.zone; "
	 "https://abusix.com/docs/lookup-and-delisting/lookup-and-delisting-overview/"},
	{"dnsbl.other", DIAG_LIKELY, "invaluement|<ivmsip|<ivmuri", 0, NULL, DC_ANY, 0,
	 N_("Invaluement (ivmSIP: sending addresses, ivmSIP/24: whole ranges, ivmURI: domains in links) is used only by its subscribers; request removal with the lookup and removal utility linked from http://dnsbl.invaluement.com/."),
	 "http://dnsbl.invaluement.com/ (ivmSIP, ivmSIP/24, ivmURI)"},
	{"dnsbl.other", DIAG_LIKELY, "hostkarma|junkemailfilter", 0, NULL, DC_ANY, 0,
	 N_("Hostkarma (junkemailfilter.com) is reported to be no longer maintained; if it still refuses your mail, ask the recipient's postmaster to drop it from the configuration."),
	 "hostkarma.junkemailfilter.com; status: https://helohub.com/rbl-detail/hostkarma-black"},
	{"dnsbl.other", DIAG_LIKELY, "surbl", 0, NULL, DC_ANY, 0,
	 N_("SURBL lists web domains, mostly checked in the links of the message body (some servers check the sender's domain too), not the sending address: find the listed domain (a URL shortener, a hacked web site) and remove the link, or request delisting at https://www.surbl.org/."),
	 "multi.surbl.org (rspamd conf/modules.d/rbl.conf); https://surbl.org/lookupform/embed_form.php"},
	{"dnsbl.other", DIAG_LIKELY, "uribl", 0, NULL, DC_ANY, 0,
	 N_("URIBL lists web domains, mostly checked in the links of the message body (some servers check the sender's domain too), not the sending address: find the listed domain; removal requests go through https://uribl.com/ (a login is needed)."),
	 "multi.uribl.com (rspamd conf/modules.d/rbl.conf); http://www.uribl.com/about.shtml"},
	{"dnsbl.other", DIAG_LIKELY, "backscatterer", 0, NULL, DC_ANY, 0,
	 N_("Backscatterer lists, for 4 weeks, servers that send bounces or auto-replies to forged senders, or sender callouts. Reject unknown recipients and spam during the SMTP dialogue instead of bouncing afterwards; test the address at http://www.backscatterer.org/?target=test."),
	 "ips.backscatterer.org; http://www.backscatterer.org/index.php"},
	{"dnsbl.other", DIAG_LIKELY,
	 "bl.blocklist.de|spameatingmonkey|score.senderscore.com|virusfree.cz|msbl.org", 0, NULL, DC_ANY,
	 0, NULL, "rspamd conf/modules.d/rbl.conf (zone names)"},

	/* How the MTAs word a listing when no list above is named. Postfix's
	 * "blocked using" is in diag_rules_mta.c with a note for each class
	 * (Client host, Sender address, Helo command); the rules here leave
	 * it to them. */
	{"dnsbl.other", DIAG_LIKELY,
	 "in a black list at|in a blacklist at|is blacklisted at|in a block list at|in a blocklist at", 0,
	 NULL, DC_ANY, 0,
	 N_("Exim's dnslists check: the list's zone follows \"at\", and the text after it is usually the list's own explanation (its TXT record), often with the lookup address."),
	 "Exim doc/doc-docbook/spec.xfpt and src/src/configure.default (dnslists: \"rejected because "
	 "$sender_host_address is in a black list at $dnslist_domain\")"},
	{"dnsbl.other", DIAG_LIKELY, "refused by blackhole site", 0, NULL, DC_ANY, 0, NULL,
	 "Sendmail cf/feature/dnsbl.m4 before 8.12 (_DNSBL_MSG_: \"Mail from IP refused by blackhole "
	 "site ZONE\")"},
	{"dnsbl.other", DIAG_LIKELY,
	 "<dnsbl|<dnsrbl|<rbl>|<rbls>|realtime blackhole|real-time blackhole|realtime black|"
	 "real-time black|realtime block|real-time block|dns blacklist|dns blocklist|dns black list|"
	 "dns block list|dns-based blacklist|dns-based blocklist|dns based blacklist|dns based blocklist"
	 "&!blocked using", 0, NULL, DC_ANY, 0, NULL,
	 "DNSBL terminology: https://www.spamhaus.org/faq/section/DNSBL%20Usage (\"DNSBLs are sometimes "
	 "called RBLs (Realtime Blackhole Lists)\")"},
	{"dnsbl.other", DIAG_LIKELY,
	 "listed at|listed on|listed in|listed by|is listed|are listed&black|block|<bl>|<rbl|<spam|"
	 "abuse|reputation|delist&!not listed|unlisted|whitelist|allowlist|welcome list|blocked using",
	 0, NULL, DC_ANY, 0, NULL,
	 "Exim spec.xfpt (\"listed at $dnslist_domain\"), Sendmail dnsbl.m4 (\"listed at\"), "
	 "http://www.spamhaus.org/lookup.lasso (\"is listed by zen.spamhaus.org\")"},

	/* A guess: the words alone. */
	{"dnsbl.other", DIAG_POSSIBLE,
	 "blacklisted|blocklisted|black-listed|block-listed|black listed|block listed", 0, NULL, DC_ANY, 0,
	 NULL, "heuristic: words 'blacklisted'/'blocklisted'"},
};
const size_t diag_rules_dnsbl_n = sizeof diag_rules_dnsbl / sizeof diag_rules_dnsbl[0];

/* --- The lists `smtpdbg dns --blocklists` asks ---------------------------
 * Free for low volume through one's own resolver; each with the codes its
 * documentation gives. Spamhaus answers 127.255.255.252-255 (and the DBL
 * 127.0.1.255), SURBL and URIBL 127.0.0.1, when they refuse the question:
 * through a public resolver, too many queries, or the wrong kind of name. */

static const struct dnsbl_code zen_codes[] = {
	{"127.0.0.2", N_("SBL: a spam source or spam operation Spamhaus tracks"), false},
	{"127.0.0.3", N_("SBL CSS: an address seen sending low-reputation mail (snowshoe spam)"), false},
	{"127.0.0.4", N_("XBL: an address seen acting as a bot, an open proxy or an infected host"), false},
	{"127.0.0.9", N_("DROP: a network hijacked or leased to spammers"), false},
	{"127.0.0.10", N_("PBL (ISP): an end-user address its provider says should not send mail directly"), false},
	{"127.0.0.11", N_("PBL (Spamhaus): an address Spamhaus believes is end-user space that should not send mail directly"), false},
	{"127.255.255.252", N_("refused: a typing error in the list's name"), true},
	{"127.255.255.254", N_("refused: the question came through a public or shared resolver, which Spamhaus does not answer; ask through your own resolver (or a free Spamhaus DQS key)"), true},
	{"127.255.255.255", N_("refused: too many questions from this resolver"), true},
	{0},
};

static const struct dnsbl_code dbl_codes[] = {
	{"127.0.1.2", N_("DBL: a spam domain"), false},
	{"127.0.1.4", N_("DBL: a phishing domain"), false},
	{"127.0.1.5", N_("DBL: a malware domain"), false},
	{"127.0.1.6", N_("DBL: a botnet command-and-control domain"), false},
	{"127.0.1.255", N_("refused: the DBL lists domains, not addresses"), true},
	{"127.255.255.252", N_("refused: a typing error in the list's name"), true},
	{"127.255.255.254", N_("refused: the question came through a public or shared resolver, which Spamhaus does not answer; ask through your own resolver (or a free Spamhaus DQS key)"), true},
	{"127.255.255.255", N_("refused: too many questions from this resolver"), true},
	{0},
};

static const struct dnsbl_code listed_2[] = {
	{"127.0.0.2", N_("listed"), false},
	{0},
};

static const struct dnsbl_code uribl_codes[] = {
	{"127.0.0.1", N_("refused: URIBL does not answer this resolver (a public resolver, or too many questions)"), true},
	{"127.0.0.2", N_("listed on URIBL black: a domain seen in spam"), false},
	{"127.0.0.4", N_("listed on URIBL grey: a domain seen in bulk mail"), false},
	{"127.0.0.8", N_("listed on URIBL red: a domain seen in new spam"), false},
	{0},
};

static const struct dnsbl_code surbl_codes[] = {
	{"127.0.0.1", N_("refused: SURBL does not answer this resolver (a public resolver, or too many questions)"), true},
	{0},
};

const struct dnsbl_list dnsbl_lists[] = {
	{"Spamhaus ZEN", "zen.spamhaus.org", false, "https://check.spamhaus.org/", zen_codes},
	{"Barracuda BRBL", "b.barracudacentral.org", false, "https://barracudacentral.org/lookups/reason", listed_2},
	{"SpamCop", "bl.spamcop.net", false, "https://www.spamcop.net/bl.shtml", listed_2},
	{"PSBL", "psbl.surriel.com", false, "http://psbl.surriel.com/", listed_2},
	{"Mailspike", "bl.mailspike.net", false, "https://mailspike.org/", listed_2},
	{"UCEPROTECT level 1", "dnsbl-1.uceprotect.net", false, "https://www.uceprotect.net/en/rblcheck.php", listed_2},
	{"Backscatterer", "ips.backscatterer.org", false, "http://www.backscatterer.org/index.php", listed_2},
	{"SpamRATS", "spam.spamrats.com", false, "https://www.spamrats.com/lookup.php", listed_2},
	{"Spamhaus DBL", "dbl.spamhaus.org", true, "https://check.spamhaus.org/", dbl_codes},
	{"SURBL", "multi.surbl.org", true, "https://surbl.org/lookupform/embed_form.php", surbl_codes},
	{"URIBL", "multi.uribl.com", true, "http://www.uribl.com/about.shtml", uribl_codes},
};
const size_t dnsbl_lists_n = sizeof dnsbl_lists / sizeof dnsbl_lists[0];

const struct dnsbl_code *dnsbl_code_find(const struct dnsbl_list *l, const char *addr)
{
	for (const struct dnsbl_code *c = l->codes; c && c->addr; c++)
		if (!strcmp(c->addr, addr))
			return c;
	return NULL;
}
