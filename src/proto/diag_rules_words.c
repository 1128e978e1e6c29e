/* Words anyone may write in a refusal ("spam", "blocked", "quota"):
 * a guess, so every rule here is DIAG_POSSIBLE.
 * Data only; see diag.h for the pattern language.
 *
 * The first matching rule wins, so the specific phrases come first
 * ("mailbox size limit" before "size limit", "spam source" before "spam",
 * "attachment ... blocked" before "blocked") and the broad words last.
 * Short words are bounded (<spf>, <ptr>, <loop) so that they do not match
 * inside other words; negative terms keep a word from firing where it
 * means something else ("loopback", "sending quota", "virus scanner
 * unavailable"). */
#include "diag_tables.h"

#include "smtpdbg/i18n.h"

/* What a recipient-level text can answer: RCPT, or DATA and the end of
 * the data when all recipients are checked there (LMTP, after-queue). */
#define DC_RCPTS (DC_RCPT | DC_DATA | DC_DOT)

const struct diag_rule diag_rules_words[] = {
	/* Greylisting and the recipient's own receiving rate. */
	{"greylist", DIAG_POSSIBLE,
	 "<greylist|<graylist|<grey-list|<gray-list|<grey list|<gray list", 0, NULL, DC_ANY, 0, NULL,
	 "heuristic: words 'greylist'/'graylist'"},
	{"rcpt.rate-limited", DIAG_POSSIBLE,
	 "receiving mail at a rate|receiving mail too fast|receiving too much mail|"
	 "receiving too many messages|too much mail for this recipient", 0, NULL, DC_ANY, 0, NULL,
	 "heuristic: words 'receiving mail at a rate'/'too much mail for this recipient'"},

	/* Storage, mailbox quota, size, line length. */
	{"size.storage", DIAG_POSSIBLE,
	 "insufficient system storage|<system storage|no space left|out of disk space|<disk full|"
	 "<disk is full|not enough disk space|insufficient disk space", 0, NULL, DC_ANY, 0, NULL,
	 "heuristic: words 'insufficient system storage'/'disk full'"},
	{"rcpt.mailbox-full", DIAG_POSSIBLE,
	 "<quota|mailbox full|mailbox is full|mailbox size|mailbox has exceeded|mailbox exceeded|"
	 "inbox is full|inbox full|<full mailbox|account is full|storage full|storage limit|"
	 "storage space|out of storage|over its storage|not enough storage&!sending|send quota|daily|"
	 "hourly|per hour|per day|outbound|message quota|recipient quota|sending rate", 0, NULL, DC_ANY,
	 0, NULL,
	 "heuristic: words 'quota'/'mailbox full'/'storage'"},
	{"protocol.line-too-long", DIAG_POSSIBLE,
	 "line too long|line is too long|too long line|line length|line exceeds|line limit|"
	 "command too long|text too long", 0, NULL, DC_ANY, 0, NULL,
	 "heuristic: words 'line too long'/'line length'"},
	{"size.too-big", DIAG_POSSIBLE,
	 "too large|too big|message size|size limit|size exceeds|exceeds the size|maximum size|max size|"
	 "exceeds maximum|larger than|message length exceeds|exceeded size|size exceeded", 0, NULL,
	 DC_ANY, 0, NULL, "heuristic: words 'too large'/'too big'/'size limit'"},
	{"size.too-big", DIAG_POSSIBLE, "<size>&exceed|limit|too|maximum|larger|allowed", 0, NULL,
	 DC_MAIL | DC_DATA | DC_DOT, 0, NULL, "heuristic: word 'size' with 'exceeds'/'limit'/'too'"},

	/* Connections, failed logins, recipients and sending rates. */
	{"conn.too-many", DIAG_POSSIBLE,
	 "too many connections|too many concurrent|too many simultaneous|concurrent connections|"
	 "simultaneous connections|maximum number of connections|connection limit|"
	 "too many open connections&!per minute|per hour|per second|<rate>", 0, NULL, DC_ANY, 0, NULL,
	 "heuristic: words 'too many connections'"},
	{"conn.rate", DIAG_POSSIBLE,
	 "connection rate|connections per|too many connection attempts|connecting too fast|"
	 "too many connections", 0, NULL, DC_ANY, 0, NULL,
	 "heuristic: words 'connection rate'/'connections per minute'"},
	{"auth.too-many-failures", DIAG_POSSIBLE,
	 "too many&<auth|<login|password|credentials&fail|invalid|bad|wrong|incorrect|attempts|errors",
	 0, NULL, DC_ANY, 0, NULL, "heuristic: words 'too many failed login/authentication attempts'"},
	{"rcpt.too-many", DIAG_POSSIBLE,
	 "too many recipients|too many rcpt|too many addresses|maximum number of recipients|"
	 "max recipients|number of recipients|recipient count|recipients limit|recipient limit&"
	 "!per hour|per day|per minute|daily|hourly|<rate>|24 hours", 0, NULL, DC_ANY, 0, NULL,
	 "heuristic: words 'too many recipients'"},
	{"rate.sending", DIAG_POSSIBLE,
	 "rate limit|rate-limit|ratelimit|sending limit|send limit|sending quota|sending rate|"
	 "message limit|messages limit|too many messages|too many mails|too many emails|"
	 "too many e-mails|messages per|mails per|emails per|recipients per|recipient rate|daily limit|"
	 "hourly limit|daily quota|hourly quota|limit exceeded|exceeded the limit|limit reached|"
	 "<throttl", 0, NULL, DC_ANY, 0, NULL,
	 "heuristic: words 'rate limit'/'too many messages'/'sending limit'"},
	{"rate.sending", DIAG_POSSIBLE,
	 "outgoing messages|outgoing mail|outgoing e-mail|outgoing email|outbound messages|"
	 "outbound mail&<limit|<quota|too many", 0, NULL, DC_ANY, 0, NULL,
	 "heuristic: words 'outgoing messages' with 'limit'/'quota'"},

	/* Loops. */
	{"dns.lookup-failed", DIAG_POSSIBLE,
	 "<dns query failed|<dns lookup failed|<dns failure|<dns error|name service error", 0, NULL,
	 DC_ANY, 0, NULL, "heuristic: words 'DNS query failed'/'DNS lookup failed'/'DNS error'"},
	{"server.loop", DIAG_POSSIBLE, "<loop|too many hops|hop count&!loopback", 0, NULL, DC_ANY, 0,
	 NULL, "heuristic: words 'loop'/'too many hops'"},

	/* TLS. */
	{"tls.requiretls", DIAG_POSSIBLE, "<requiretls", 0, NULL, DC_ANY, 0, NULL,
	 "heuristic: word 'REQUIRETLS'"},
	{"tls.unavailable", DIAG_POSSIBLE,
	 "tls not available|tls is not available|tls unavailable|tls temporarily|starttls not available|"
	 "tls not supported|starttls not supported|tls is not supported|cannot start tls|"
	 "can't start tls|tls initiali", 0, NULL, DC_ANY, 0, NULL,
	 "heuristic: words 'TLS not available'/'STARTTLS not supported'"},
	{"auth.encryption-required", DIAG_POSSIBLE,
	 "plaintext auth|plain text auth|plaintext login|cleartext auth|clear text auth|"
	 "authentication mechanism requires encryption|encryption required for requested authentication|"
	 "authentication requires tls|auth requires tls|tls before auth|starttls before auth", 0, NULL,
	 DC_ANY, 0, NULL,
	 "heuristic: words 'plaintext authentication'/'encryption required for ... authentication'"},
	{"tls.required", DIAG_POSSIBLE,
	 "starttls first|starttls required|starttls is required|must issue a starttls|must use starttls|"
	 "tls required|tls is required|tls-required|requires tls|require tls|must use tls|tls first|"
	 "encryption required|encryption is required|requires encryption|encrypted connection required|"
	 "requires an encrypted|secure connection required|requires a secure", 0, NULL, DC_ANY, 0, NULL,
	 "heuristic: words 'TLS required'/'STARTTLS first'"},

	/* Relaying, AUTH, sending as someone else. */
	{"relay.denied", DIAG_POSSIBLE,
	 "<relay&denied|not permitted|not allowed|prohibited|refused|unable to|cannot|can't|do not|"
	 "don't|not authorized|not authorised&!relay at your|relay of your|provider's relay|isp's relay|"
	 "your provider|smarthost", 0, NULL, DC_ANY, 0, NULL,
	 "heuristic: word 'relay' with 'denied'/'not permitted'/'not allowed'/'prohibited'"},
	{"auth.app-password", DIAG_POSSIBLE,
	 "app password|app-password|application-specific password|app-specific password|"
	 "application specific password|application password", 0, NULL, DC_ANY, 0, NULL,
	 "heuristic: words 'app password'/'application-specific password'"},
	{"auth.disabled", DIAG_POSSIBLE,
	 "authentication is disabled|authentication disabled|auth is disabled|auth disabled|"
	 "smtpclientauthentication|basic authentication is disabled|basic auth is disabled|"
	 "smtp access is disabled|smtp access disabled|"
	 "smtp is disabled|smtp auth is disabled|smtp auth disabled", 0, NULL, DC_ANY, 0, NULL,
	 "heuristic: words 'authentication is disabled'/'SMTP access disabled'"},
	{"auth.credentials", DIAG_POSSIBLE,
	 "authentication failed|authentication failure|authentication unsuccessful|auth failed|"
	 "invalid credentials|bad credentials|wrong credentials|incorrect credentials|"
	 "incorrect password|bad password|wrong password|invalid password|password incorrect|"
	 "password is incorrect|password not accepted|invalid login|login failed|login incorrect|"
	 "invalid user name or password|invalid username or password|incorrect username|"
	 "incorrect authentication data|username and password not accepted&!too many|disabled", 0, NULL,
	 DC_ANY, 0, NULL,
	 "heuristic: words 'authentication failed'/'invalid credentials'/'incorrect password'"},
	{"auth.required", DIAG_POSSIBLE,
	 "authentication required|authentication is required|auth required|must authenticate|"
	 "must be authenticated|please authenticate|login required|requires authentication|"
	 "need to authenticate|not authenticated|authenticate first|authentication needed&!for group|"
	 "delivery restriction|restricted|unauthenticated", 0, NULL, DC_ANY, 0, NULL,
	 "heuristic: words 'authentication required'/'must authenticate'/'login required'"},
	{"sender.login-mismatch", DIAG_POSSIBLE,
	 "not owned by|sendasdenied|send as permission|send-as|not allowed to send as|"
	 "not authorized to send as|not authorised to send as|permission to send as", 0, NULL, DC_ANY, 0,
	 NULL, "heuristic: words 'not owned by user'/'send as'"},

	/* Sender authentication: DMARC before SPF and DKIM (its texts name them). */
	{"dmarc.reject", DIAG_POSSIBLE, "<dmarc&!dmarc=pass|dmarc pass", 0, NULL, DC_ANY, 0, NULL,
	 "heuristic: word 'DMARC'"},
	{"spf.error", DIAG_POSSIBLE,
	 "<spf>|sender policy framework&temperror|permerror|temporary error|permanent error|"
	 "record error|syntax error|invalid record|too many dns lookups|lookup limit|void lookup|"
	 "multiple spf|more than one spf|dns error|dns timeout|<bad spf|<invalid spf|"
	 "<malformed spf|<broken spf", 0, NULL, DC_ANY, 0, NULL,
	 "heuristic: word 'SPF' with 'temperror'/'permerror'/'record error'"},
	{"spf.fail", DIAG_POSSIBLE,
	 "<spf>|sender policy framework|designated as permitted sender|not permitted by domain|"
	 "not authorized by domain|does not designate&!spf=pass|spf pass|spf: pass", 0, NULL, DC_ANY, 0,
	 NULL, "heuristic: word 'SPF'"},
	{"dkim.fail", DIAG_POSSIBLE, "<dkim|domainkey&!dkim=pass|dkim pass&!duplicate header", 0,
	 NULL, DC_ANY, 0, NULL, "heuristic: word 'DKIM'"},

	/* Recipients: the clear phrases, then the domain. */
	{"rcpt.unknown-user", DIAG_POSSIBLE,
	 "user unknown|unknown user|no such user|no such recipient|no such mailbox|no such address|"
	 "unknown recipient|recipient unknown|unknown mailbox|mailbox unknown|recipient not found|"
	 "user not found|mailbox not found|address not found|invalid recipient|recipient invalid|"
	 "invalid mailbox|mailbox does not exist|user does not exist|recipient does not exist|"
	 "address does not exist|account does not exist|mailbox doesn't exist|user doesn't exist|"
	 "no mailbox here|not a valid mailbox|not a valid recipient|unknown or illegal alias&"
	 "!sender address rejected|sender verify|verification failed|verify failed|callout",
	 0, NULL, DC_RCPTS, 0, NULL,
	 "heuristic: words 'no such user'/'user unknown'/'does not exist'/'invalid recipient'"},
	{"sender.unknown-domain", DIAG_POSSIBLE,
	 "sender domain|sender's domain|sender address domain|domain of sender|"
	 "sender address rejected: domain&not found|does not exist|unknown|unresolv|no mx|"
	 "no a record|non-existent|nonexistent|invalid", 0, NULL, DC_ANY, 0, NULL,
	 "heuristic: words 'sender domain' with 'not found'/'does not exist'"},
	{"rcpt.unknown-domain", DIAG_POSSIBLE,
	 "domain not found|domain does not exist|no such domain|unknown domain|non-existent domain|"
	 "nonexistent domain|host or domain name not found|unrouteable|unroutable|"
	 "domain is not valid|invalid domain&!sender", 0, NULL, DC_RCPTS, 0, NULL,
	 "heuristic: words 'domain not found'/'no such domain'"},
	{"rcpt.disabled", DIAG_POSSIBLE,
	 "account disabled|account is disabled|account has been disabled|mailbox disabled|"
	 "mailbox is disabled|mailbox has been disabled|account is inactive|mailbox is inactive|"
	 "inactive account|inactive mailbox|account suspended|account has been suspended|"
	 "mailbox suspended|deactivated|user disabled|user is disabled|user account disabled|"
	 "user account is disabled|user has been disabled", 0, NULL, DC_RCPTS, 0, NULL,
	 "heuristic: words 'account disabled'/'inactive'/'suspended'"},

	/* Reverse DNS. */
	{"rdns.generic", DIAG_POSSIBLE,
	 "dynamic ip|dynamic address|dynamic pool|dynamic range|dynamic host|dynamically assigned|"
	 "residential ip|residential address|dialup|dial-up|generic reverse|generic rdns|generic ptr|"
	 "generic hostname|generic host name|looks generic|looks dynamic|end-user ip|end user ip|"
	 "dynamic helo|generic helo|generic / dynamic|generic/dynamic|dynamic reverse|"
	 "dynamic_reverse|dynamic rdns|dynamic ptr", 0,
	 NULL, DC_ANY, 0, NULL, "heuristic: words 'dynamic IP'/'generic reverse DNS'/'dial-up'"},
	{"rdns.missing", DIAG_POSSIBLE,
	 "<rdns|reverse dns|reverse-dns|reverse lookup|reverse hostname|reverse host name|"
	 "reverse mapping|reverse resolution|<ptr>|<fcrdns|forward-confirmed|forward confirmed|"
	 "cannot find your hostname|can't find your hostname|cannot find your reverse", 0, NULL, DC_ANY,
	 0, NULL, "heuristic: words 'reverse DNS'/'PTR record'/'rDNS'"},

	/* The HELO name: the most specific first. */
	{"helo.required", DIAG_POSSIBLE,
	 "send helo|send ehlo|helo first|ehlo first|say helo|say ehlo|helo required|ehlo required|"
	 "helo/ehlo first|hello first", 0, NULL, DC_ANY, 0, NULL, "heuristic: words 'send HELO first'"},
	{"helo.forged", DIAG_POSSIBLE,
	 "<helo|<ehlo&you are not me|is my name|my hostname|my host name|my domain|my own|my address|"
	 "<forged|<spoof|impersonat|pretend|claims to be|not who you say|not who you claim", 0,
	 NULL, DC_ANY, 0, NULL,
	 "heuristic: words 'HELO' with 'my name'/'forged'"},
	{"helo.not-fqdn", DIAG_POSSIBLE,
	 "<helo|<ehlo&fully qualified|fully-qualified|<fqdn|not qualified|unqualified|dotless|"
	 "domain name required", 0, NULL, DC_ANY, 0, NULL,
	 "heuristic: words 'HELO' with 'fully qualified'/'FQDN'"},
	{"helo.unknown", DIAG_POSSIBLE,
	 "<helo|<ehlo&host not found|not found|does not resolve|doesn't resolve|cannot resolve|"
	 "can't resolve|unresolvable|no dns|no a record|no address record|not resolve|unknown host",
	 0, NULL, DC_ANY, 0, NULL, "heuristic: words 'HELO' with 'not found'/'does not resolve'"},
	{"helo.invalid", DIAG_POSSIBLE,
	 "<helo|<ehlo&invalid|syntax|malformed|illegal|not valid|<bad|incorrect|bogus|<broken", 0, NULL,
	 DC_ANY, 0, NULL, "heuristic: words 'HELO' with 'invalid'/'syntax'/'bad'"},

	/* Protocol. */
	{"conn.pregreet", DIAG_POSSIBLE,
	 "before greeting|before the greeting|pregreet|pre-greet|before the banner|before banner|"
	 "talked before|talking before|spoke before|too eager", 0, NULL, DC_ANY, 0, NULL,
	 "heuristic: words 'before greeting'/'PREGREET'"},
	{"protocol.sync", DIAG_POSSIBLE, "pipelining|synchroni|out of sync|sync error", 0, NULL, DC_ANY,
	 0, NULL, "heuristic: words 'pipelining'/'synchronization error'"},
	{"protocol.bare-lf", DIAG_POSSIBLE,
	 "bare lf|bare <lf>|bare linefeed|bare line feed|bare newline|bare cr|bare <cr>|"
	 "lf without cr|line ending|<crlf", 0, NULL, DC_ANY, 0, NULL,
	 "heuristic: words 'bare LF'/'line ending'"},
	{"content.smtputf8", DIAG_POSSIBLE,
	 "smtputf8|non-ascii address|utf-8 address|utf8 address|internationalized address|"
	 "internationalised address", 0, NULL, DC_ANY, 0, NULL, "heuristic: word 'SMTPUTF8'"},
	{"content.8bit", DIAG_POSSIBLE, "8bitmime|<8bit|<8-bit|<8 bit|non-ascii|8th bit", 0, NULL,
	 DC_ANY, 0, NULL, "heuristic: words '8BITMIME'/'8-bit'/'non-ASCII'"},
	{"content.headers", DIAG_POSSIBLE,
	 "message-id|missing header|header missing|required header|malformed header|invalid header|"
	 "duplicate header|header is missing|headers are missing|<from: header|from header|date header|"
	 "rfc 5322|rfc5322|rfc 2822|rfc2822|rfc 822|rfc822", 0, NULL, DC_ANY, 0, NULL,
	 "heuristic: words 'Message-ID'/'missing header'/'RFC 5322'"},

	/* Content: malware and attachments before spam. */
	{"content.virus", DIAG_POSSIBLE,
	 "<virus|malware|<infected|trojan|<worm>|clamav|<eicar&!scan failed|scanner unavailable|"
	 "scanner error|scanning failed|unable to scan|could not scan|cannot scan|"
	 "scanner not available|temporar", 0, NULL, DC_ANY, 0, NULL,
	 "heuristic: words 'virus'/'malware'/'infected'"},
	{"content.attachment", DIAG_POSSIBLE,
	 "attachment|file type|file extension|filename|file name|executable|<exe>&block|reject|"
	 "not allowed|forbidden|prohibit|banned|unsafe|dangerous|security|not permitted|unacceptable",
	 0, NULL, DC_ANY, 0, NULL,
	 "heuristic: words 'attachment'/'file type' with 'blocked'/'not allowed'"},

	/* Reputation and spam. A temporary code means a deferral. */
	{"reputation.deferred", DIAG_POSSIBLE,
	 "unusual rate|unusual amount|unusual volume|unexpected volume|high volume|complaint|"
	 "temporarily deferred|temporarily rate|<reputation|suspicious activity", 4, NULL, DC_ANY, 0,
	 NULL, "heuristic: words 'unusual rate'/'complaints'/'reputation' with a 4xx code"},
	{"reputation.blocked", DIAG_POSSIBLE,
	 "spam source|source of spam|sources of spam|known spammer|<spammer|<spamming|sending spam|"
	 "sent spam|spam list|spam blacklist|spam blocklist|spam database|spam trap|spamtrap", 5, NULL,
	 DC_ANY, 0, NULL, "heuristic: words 'spam source'/'spammer'/'spam trap'"},
	{"reputation.deferred", DIAG_POSSIBLE,
	 "spam source|source of spam|sources of spam|known spammer|<spammer|<spamming|sending spam|"
	 "sent spam|spam list|spam blacklist|spam blocklist|spam database|spam trap|spamtrap", 4, NULL,
	 DC_ANY, 0, NULL, "heuristic: words 'spam source'/'spammer'/'spam trap' with a 4xx code"},
	{"reputation.blocked", DIAG_POSSIBLE,
	 "<spam>|anti-spam|antispam&<ip>|ip address|your ip|your server|client host|sending host&"
	 "<blocked|<banned|<blacklist|<blocklist|black list|block list|<listed", 5, NULL, DC_ANY, 0,
	 NULL, "heuristic: words 'spam' with 'IP' and 'blocked'/'listed'"},
	{"reputation.deferred", DIAG_POSSIBLE,
	 "<spam>|anti-spam|antispam&<ip>|ip address|your ip|your server|client host|sending host&"
	 "<blocked|<banned|<blacklist|<blocklist|black list|block list|<listed", 4, NULL, DC_ANY, 0,
	 NULL, "heuristic: words 'spam' with 'IP' and 'blocked'/'listed', with a 4xx code"},
	{"content.spam", DIAG_POSSIBLE,
	 "<spam>|<spams>|<spammy|unsolicited|bulk mail|bulk e-mail|bulk email|<junk mail|<junk>|<uce>|"
	 "<ube>|<spamassassin|<spamd>|<phish", 0, NULL, DC_ANY, 0, NULL,
	 "heuristic: words 'spam'/'unsolicited'/'bulk mail'"},
	{"reputation.blocked", DIAG_POSSIBLE,
	 "<blocked|<banned|<blacklist|<blocklist|black list|block list|poor reputation|bad reputation|"
	 "low reputation|<reputation", 5, NULL, DC_ANY, 0, NULL,
	 "heuristic: words 'blocked'/'blacklist'/'banned'/'poor reputation' with a 5xx code"},
	{"reputation.deferred", DIAG_POSSIBLE,
	 "<blocked|<banned|<blacklist|<blocklist|black list|block list|poor reputation|bad reputation|"
	 "low reputation", 4, NULL, DC_ANY, 0, NULL,
	 "heuristic: words 'blocked'/'blacklist'/'banned'/'poor reputation' with a 4xx code"},
	{"policy.access-denied", DIAG_POSSIBLE,
	 "access denied|administrative prohibition|denied by policy|policy violation|"
	 "rejected by policy|prohibited by policy|rejected for policy reasons|policy rejection|"
	 "not allowed by policy", 0, NULL, DC_ANY, 0, NULL,
	 "heuristic: words 'access denied'/'administrative prohibition'/'policy'"},

	/* Recipients: the vaguer phrases, only after everything above. */
	{"rcpt.unknown-user", DIAG_POSSIBLE,
	 "mailbox unavailable|mailbox not available|does not exist|doesn't exist|no valid recipients|"
	 "recipient address rejected|undeliverable address&!sender|domain|client host|host not found",
	 5, NULL, DC_RCPTS, 0,
	 NULL,
	 "heuristic: words 'mailbox unavailable'/'does not exist'/'address rejected' with a 5xx code"},

	/* The server itself, timeouts, and the protocol's generic words. */
	{"server.local-error", DIAG_POSSIBLE,
	 "milter|scanner|<spamd|<clamd|policy service|policy server|amavis|"
	 "lookup failure&timeout|timed out|time out|unavailable|error|fail|not respond", 0, NULL,
	 DC_ANY, 0, NULL, "heuristic: words 'milter'/'scanner'/'policy service' with 'timeout'/'error'"},
	{"conn.timeout", DIAG_POSSIBLE,
	 "<timeout|timed out|time out|time-out|too slow|took too long|idle too long|<idle>&!lookup|<dns|"
	 "resolv|connect to", 0, NULL, DC_ANY, 0, NULL, "heuristic: words 'timeout'/'timed out'"},
	{"server.local-error", DIAG_POSSIBLE,
	 "local error|internal error|server error|configuration error|config error|"
	 "temporary lookup failure|local problem|system error|unexpected error|internal failure",
	 0, NULL, DC_ANY, 0, NULL,
	 "heuristic: words 'local error'/'internal error'/'configuration error'"},
	{"protocol.sequence", DIAG_POSSIBLE,
	 "bad sequence|out of sequence|need mail|need rcpt|mail first|rcpt first|mail from first|"
	 "rcpt to first|nested mail|sender already specified|already authenticated|must precede", 0,
	 NULL, DC_ANY, 0, NULL, "heuristic: words 'bad sequence'/'need MAIL'"},
	{"protocol.unknown-command", DIAG_POSSIBLE,
	 "unrecognized command|unrecognised command|command not recognized|command not recognised|"
	 "unknown command|command unrecognized|not implemented|unsupported command|"
	 "command not supported|command is disabled|command disabled", 0, NULL, DC_ANY, 0, NULL,
	 "heuristic: words 'unrecognized command'/'not implemented'"},
	{"protocol.syntax", DIAG_POSSIBLE,
	 "syntax error|invalid syntax|bad syntax|syntactically invalid|invalid parameter|"
	 "unknown parameter|unrecognized parameter|invalid argument|bad argument", 0, NULL, DC_ANY, 0,
	 NULL, "heuristic: words 'syntax error'/'invalid parameter'"},
};
const size_t diag_rules_words_n = sizeof diag_rules_words / sizeof diag_rules_words[0];
