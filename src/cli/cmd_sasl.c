/* smtpdbg sasl: compute a SASL client response offline and show the steps.
 * Output: "S: 334 <base64>" for each challenge, explanation lines indented
 * by three spaces, and "C: <base64>" for each response, so
 * `sed -n 's/^C: //p'` extracts exactly what to send. */
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "smtpdbg/b64.h"
#include "smtpdbg/buf.h"
#include "cli_impl.h"
#include "smtpdbg/cli.h"
#include "smtpdbg/escape.h"
#include "smtpdbg/i18n.h"
#include "smtpdbg/sasl.h"
#include "smtpdbg/secret_guard.h"
#include "smtpdbg/xmalloc.h"

/* LOGIN's usual prompts, "Username:" and "Password:", for when the user
 * gives no --challenge. */
static const char *const login_prompts[] = {"VXNlcm5hbWU6", "UGFzc3dvcmQ6"};

#define MAX_CHALLENGES 16

struct sasl_opts {
	const char *user, *authzid, *pw_env, *pw_file;
	const char *nonce, *digest_uri, *host, *timestamp;
	const char *tok_env, *tok_file;
	int port;
	const char *pw_argv; /* --password as typed (wiped once copied) */
	char *pw_arg;        /* --password: a copy */
	struct opt_list challenges;
	bool show_secrets;
	bool ir; /* LOGIN: the user name as initial response */
	bool ntlm_v1;
	unsigned esc_flags;
};

#define O(field) offsetof(struct sasl_opts, field)

static const struct opt sasl_opt_table[] = {
	{.lng = "user", .shrt = 'u', .kind = OPT_STR, .off = O(user), .metavar = N_("USER"),
	 .help = N_("the authentication identity (EXTERNAL: none)")},
	{.lng = "authzid", .shrt = 'z', .kind = OPT_STR, .off = O(authzid), .metavar = "ID",
	 .help = N_("PLAIN, SCRAM, DIGEST-MD5, OAUTHBEARER, EXTERNAL: act as this identity")},
	{.lng = "password-env", .kind = OPT_STR, .off = O(pw_env), .metavar = "VAR",
	 .complete = COMPLETE_ENV, .help = N_("read the password from environment variable VAR")},
	{.lng = "password-file", .kind = OPT_STR, .off = O(pw_file), .metavar = N_("FILE"),
	 .complete = COMPLETE_FILE, .help = N_("read the password from the first line of FILE")},
	{.lng = "password", .kind = OPT_STR, .off = O(pw_argv), .metavar = "P",
	 .flags = OPT_F_NOCONF,
	 .help = N_("the password itself (visible to other users: avoid); none of these: a "
		    "prompt that does not echo")},
	{.lng = "challenge", .shrt = 'c', .kind = OPT_LIST, .off = O(challenges),
	 .metavar = "B64",
	 .help = N_("a server challenge, the text after \"334 \"; repeat it for each step. "
		    "CRAM-MD5 needs one; LOGIN defaults to the usual prompts; with PLAIN it "
		    "models AUTH PLAIN without an initial response; SCRAM takes the "
		    "server-first, then the server-final message; DIGEST-MD5 the challenge, "
		    "then rspauth=")},
	{.lng = "nonce", .kind = OPT_STR, .off = O(nonce), .metavar = N_("VALUE"),
	 .help = N_("SCRAM: the client nonce; DIGEST-MD5: the cnonce; NTLM: the client "
		    "challenge, 16 hex digits; OAUTH10A: oauth_nonce (default: random; pin it "
		    "to reproduce an example)")},
	{.lng = "digest-uri", .kind = OPT_STR, .off = O(digest_uri), .metavar = "URI",
	 .help = N_("DIGEST-MD5: the digest-uri (default smtp/HOST)")},
	{.lng = "host", .kind = OPT_STR, .off = O(host), .metavar = "NAME",
	 .help = N_("DIGEST-MD5: the server's name, for smtp/NAME; OAUTHBEARER, OAUTH10A: "
		    "the host= field")},
	{.lng = "port", .kind = OPT_PORT, .off = O(port), .metavar = "N", .min = 1,
	 .help = N_("OAUTHBEARER, OAUTH10A: the port= field")},
	{.lng = "token-env", .kind = OPT_STR, .off = O(tok_env), .metavar = "VAR",
	 .complete = COMPLETE_ENV,
	 .help = N_("OAUTHBEARER, XOAUTH2: the bearer token from VAR; OAUTH10A: the line "
		    "CONSUMER-KEY:CONSUMER-SECRET:TOKEN:TOKEN-SECRET")},
	{.lng = "token-file", .kind = OPT_STR, .off = O(tok_file), .metavar = N_("FILE"),
	 .complete = COMPLETE_FILE, .help = N_("... or from the first line of FILE")},
	{.lng = "timestamp", .kind = OPT_STR, .off = O(timestamp), .metavar = N_("SECONDS"),
	 .help = N_("OAUTH10A: oauth_timestamp, seconds since 1970 (default: now; pin it to "
		    "reproduce an example)")},
	{.lng = "ntlm-v1", .kind = OPT_FLAG, .off = O(ntlm_v1),
	 .help = N_("NTLM: the weak NTLMv1 response instead of NTLMv2")},
	{.lng = "initial-response", .kind = OPT_FLAG, .off = O(ir),
	 .help = N_("LOGIN: send the user name on the AUTH line")},
	{.lng = "show-secrets", .kind = OPT_FLAG, .off = O(show_secrets), .flags = OPT_F_NOCONF,
	 .help = N_("also show responses that reveal the password, decoded, and the "
		    "password-equivalent values of each step (a key, SCRAM's SaltedPassword)")},
	{0},
};

const struct cli_cmd cli_cmd_sasl = {
	.name = "sasl",
	.section = "sasl",
	.usage = N_("MECH --user USER [OPTIONS]"),
	.summary = N_("compute a SASL client response and show the steps"),
	.about = N_("Compute the client's SASL responses offline and explain each step.\n"
		    "MECH is SCRAM-SHA-256, SCRAM-SHA-1, CRAM-MD5, DIGEST-MD5 (historic),\n"
		    "PLAIN, LOGIN, OAUTHBEARER, XOAUTH2, OAUTH10A (obsolete), EXTERNAL or\n"
		    "NTLM (any case). The -PLUS\n"
		    "variants of SCRAM need a live TLS connection for channel binding, so\n"
		    "they work only with `smtpdbg run`; so does GSSAPI (Kerberos), which\n"
		    "needs a KDC and the server's answers.\n"),
	.epilog = N_("Output: \"S: 334 ...\" lines are the server's challenges, indented lines\n"
		     "explain, and each \"C: ...\" line is a Base64 response to send as is.\n"
		     "The password is never printed in the explanations (unless --show-secrets).\n"
		     "SCRAM and DIGEST-MD5 check the server's proof (v= or rspauth=) and say\n"
		     "whether it verifies; a wrong one is refused like a bad challenge.\n"
		     "OAUTHBEARER and XOAUTH2 decode a server's JSON error challenge.\n\n"
		     "Exit status: 0 success, 2 usage error, invalid input, or a challenge\n"
		     "the mechanism refuses (a client would then cancel with \"*\").\n"),
	.groups = {{N_("Options"), sasl_opt_table, 0},
		   {N_("Language"), lang_opt_table, 0}},
	.operand = COMPLETE_MECH,
	.uses_config = true,
	.run = cmd_sasl,
};

/* Print an explanation with each line indented. Explanations are UTF-8 and
 * free of controls; outside a UTF-8 locale their non-ASCII bytes are shown
 * as \xNN so the terminal never sees a stray high byte. */
static void print_explain(const struct buf *e, unsigned flags)
{
	const char *p = e->data ? e->data : "";
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		fputs("   ", stdout);
		for (size_t i = 0; i < n; i++) {
			unsigned char c = (unsigned char)p[i];
			if (c >= 0x80 && (flags & ESC_ASCII))
				printf("\\x%02x", c);
			else
				putchar(c);
		}
		putchar('\n');
		p += n + (nl != NULL);
	}
}

/* Print one step's explanation and response; returns false on SASL_FAIL.
 * initial: the response rides on the AUTH line, where an empty one is
 * written "=" (RFC 4954 section 4). */
static bool print_step(const struct sasl_opts *o, enum sasl_status st, struct sasl_step *s,
		       bool initial)
{
	print_explain(&s->explain, o->esc_flags);
	if (st == SASL_FAIL) {
		puts("C: *");
		return false;
	}
	/* The steps' masked values (a key, a password's bytes) in full. */
	for (size_t i = 0; o->show_secrets && i < s->items.n; i++) {
		const char *r = s->items.v[i].revealed;
		if (!r)
			continue;
		struct buf line;
		buf_init(&line, 0);
		buf_printf(&line, "%s%s", _("revealed (--show-secrets): "), r);
		print_explain(&line, o->esc_flags);
		buf_wipe_free(&line);
	}
	if (s->secret && o->show_secrets) {
		struct buf line;
		buf_init(&line, 0);
		buf_adds(&line, _("decoded response (--show-secrets): "));
		esc_append(&line, s->response.data, s->response.len, o->esc_flags);
		printf("   %s\n", line.data);
		buf_wipe_free(&line);
	}
	char *b64 = b64_encode(s->response.data ? s->response.data : "", s->response.len);
	printf("C: %s\n", initial && !*b64 ? "=" : b64);
	wipe(b64, strlen(b64));
	free(b64);
	return true;
}

/* Run the exchange and print it. */
static int run(const struct sasl_opts *o, const struct sasl_mech *m,
	       const struct sasl_creds *creds)
{
	const char *const *chal = o->challenges.v;
	size_t nchal = o->challenges.n;
	bool ok = true;

	if (!strcmp(m->name, "OAUTH10A"))
		printf(_("   %s (%s) sends a signed request, not its secrets\n"), m->name, m->rfc);
	else if (m->needs_token)
		printf(_("   %s (%s) sends the bearer token itself: use it only over TLS\n"),
		       m->name, m->rfc);
	else if (m->reveals_password)
		printf(_("   %s (%s) sends the password itself: use it only over TLS\n"), m->name,
		       m->rfc);
	else
		printf(_("   %s (%s) does not send the password itself\n"), m->name, m->rfc);
	if (!nchal && !strcmp(m->name, "LOGIN")) {
		/* With the user name on the AUTH line only the password prompt
		 * remains. */
		chal = login_prompts + o->ir;
		nchal = 2 - o->ir;
		puts(_("   no --challenge given: using the usual prompts"));
	}

	void *state = m->init(creds);
	if (!state) {
		fprintf(stderr, _("smtpdbg sasl: %s could not start\n"), m->name);
		return EXIT_USAGE;
	}
	struct sasl_step s;
	/* A client-first mechanism sends its initial response on the AUTH
	 * line, unless the first challenge is empty: then AUTH was sent bare
	 * and the server asks for it with an empty 334. */
	if (!nchal || o->ir || (m->client_first && *chal[0])) {
		sasl_step_init(&s);
		ok = print_step(o, m->step(state, NULL, 0, &s), &s, m->client_first || o->ir);
		sasl_step_free(&s);
	}
	for (size_t i = 0; ok && i < nchal; i++) {
		uint8_t *dec;
		size_t len, pos;
		const char *err;
		/* check() has validated every challenge already. */
		if (b64_decode(chal[i], strlen(chal[i]), &dec, &len, &err, &pos) < 0) {
			m->done(state);
			return EXIT_USAGE;
		}
		printf("S: 334 %s\n", chal[i]);
		sasl_step_init(&s);
		ok = print_step(o, m->step(state, dec, len, &s), &s, false);
		sasl_step_free(&s);
		free(dec);
	}
	/* Mutual authentication: would a 235 now be believed? */
	if (ok && m->success) {
		sasl_step_init(&s);
		if (m->success(state, &s) == SASL_FAIL)
			puts(_("   the server has not proved itself yet, so a 235 now would be "
			       "refused: give its final message (v= or rspauth=) with another "
			       "--challenge"));
		else
			print_explain(&s.explain, o->esc_flags);
		sasl_step_free(&s);
	}
	m->done(state);
	if (!ok) {
		fprintf(stderr, _("smtpdbg sasl: %s refused the exchange; a client cancels "
				  "with \"*\" (see the explanation above)\n"),
			m->name);
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

static int unknown_mech(const char *name)
{
	struct buf known;
	buf_init(&known, 0);
	for (const struct sasl_mech *const *m = sasl_all(); *m; m++)
		buf_printf(&known, "%s%s", known.len ? ", " : "", (*m)->name);
	int rc = cli_fail(&cli_cmd_sasl, _("unknown mechanism '%s'; known: %s"), name,
			  known.data);
	buf_free(&known);
	return rc;
}

static void free_secret(char *s)
{
	if (s) {
		wipe(s, strlen(s));
		free(s);
	}
}

/* Check what can be checked before asking for a password. Returns -1 to go
 * on, or an exit status. */
static int check(const struct sasl_opts *o, const struct sasl_mech *m)
{
	bool scram = !strncmp(m->name, "SCRAM-", 6), digest = !strcmp(m->name, "DIGEST-MD5");
	bool bearer = !strcmp(m->name, "OAUTHBEARER"), external = !strcmp(m->name, "EXTERNAL");
	bool oauth1 = !strcmp(m->name, "OAUTH10A");
	if (m->kerberos)
		return cli_fail(&cli_cmd_sasl,
				_("%s gets a service ticket from the KDC and answers the server's "
				  "own tokens, so it cannot run offline: use smtpdbg run --auth %s "
				  "(after kinit, or with --keytab and --principal), or :auth %s in "
				  "the interactive mode"),
				m->name, m->name, m->name);
	if (!o->user && !external && !oauth1)
		return cli_fail(&cli_cmd_sasl, _("--user is required"));
	if (o->user && external)
		return cli_fail(&cli_cmd_sasl, _("EXTERNAL takes the identity from the client "
						 "certificate: no --user (use --authzid to act "
						 "as another identity)"));
	if (o->authzid && strcmp(m->name, "PLAIN") && !scram && !digest && !bearer && !external &&
	    !oauth1)
		return cli_fail(&cli_cmd_sasl, _("--authzid applies to PLAIN, SCRAM, DIGEST-MD5, "
						 "OAUTHBEARER, OAUTH10A and EXTERNAL only"));
	bool ntlm = !strcmp(m->name, "NTLM");
	if (o->nonce && !scram && !digest && !ntlm && !oauth1)
		return cli_fail(&cli_cmd_sasl, _("--nonce applies to SCRAM, DIGEST-MD5, NTLM and "
						 "OAUTH10A only"));
	if (o->timestamp && !oauth1)
		return cli_fail(&cli_cmd_sasl, _("--timestamp applies to OAUTH10A only"));
	if (o->timestamp && (!*o->timestamp || strspn(o->timestamp, "0123456789") !=
							   strlen(o->timestamp)))
		return cli_fail(&cli_cmd_sasl, _("--timestamp takes seconds since 1970, digits "
						 "only"));
	if (oauth1 && !o->host)
		return cli_fail(&cli_cmd_sasl, _("OAUTH10A signs the server's name: --host NAME"));
	if (o->nonce && ntlm && (strlen(o->nonce) != 16 ||
				 strspn(o->nonce, "0123456789abcdefABCDEF") != 16))
		return cli_fail(&cli_cmd_sasl, _("NTLM's --nonce is the 8-byte client challenge: "
						 "16 hex digits"));
	if (o->ntlm_v1 && !ntlm)
		return cli_fail(&cli_cmd_sasl, _("--ntlm-v1 applies to NTLM only"));
	if (o->digest_uri && !digest)
		return cli_fail(&cli_cmd_sasl, _("--digest-uri applies to DIGEST-MD5 only"));
	if (o->host && !digest && !bearer && !oauth1)
		return cli_fail(&cli_cmd_sasl, _("--host applies to DIGEST-MD5, OAUTHBEARER and "
						 "OAUTH10A only"));
	if (o->ir && strcmp(m->name, "LOGIN"))
		return cli_fail(&cli_cmd_sasl, _("--initial-response applies to LOGIN only (the "
						 "others send one when they can)"));
	if (o->port && !bearer && !oauth1)
		return cli_fail(&cli_cmd_sasl, _("--port applies to OAUTHBEARER and OAUTH10A only"));
	if ((o->tok_env || o->tok_file) && !m->needs_token)
		return cli_fail(&cli_cmd_sasl, _("--token-env and --token-file apply to "
						 "OAUTHBEARER, XOAUTH2 and OAUTH10A only"));
	if (o->tok_env && o->tok_file)
		return cli_fail(&cli_cmd_sasl, _("give only one of --token-env and --token-file"));
	if (m->needs_token && !o->tok_env && !o->tok_file)
		return cli_fail(&cli_cmd_sasl, _("%s needs a bearer token: --token-env VAR or "
						 "--token-file FILE"),
				       m->name);
	if (!m->needs_password && (o->pw_env || o->pw_file || o->pw_arg))
		return cli_fail(&cli_cmd_sasl, _("%s uses no password"), m->name);
	if (digest && !o->digest_uri && !o->host)
		return cli_fail(&cli_cmd_sasl, _("DIGEST-MD5 needs the server's name for its "
						 "digest-uri: --host NAME (for smtp/NAME) or "
						 "--digest-uri URI"));
	if (m->plus)
		return cli_fail(&cli_cmd_sasl,
				       _("%s binds the exchange to a TLS connection (channel "
					 "binding), which needs a live connection: use it with "
					 "smtpdbg run, or try %.*s offline"),
				       m->name, (int)(strlen(m->name) - 5), m->name);
	if (ntlm && !o->challenges.n)
		return cli_fail(&cli_cmd_sasl, _("NTLM needs the server's CHALLENGE message: "
						 "--challenge B64 (the text after \"334 \" that "
						 "answers the NEGOTIATE message)"));
	if (!o->challenges.n && !m->client_first && strcmp(m->name, "LOGIN"))
		return cli_fail(&cli_cmd_sasl,
				       _("%s needs the server's challenge: --challenge B64 "
					 "(the text after \"334 \")"),
				       m->name);
	if ((o->pw_env != NULL) + (o->pw_file != NULL) + (o->pw_arg != NULL) > 1)
		return cli_fail(&cli_cmd_sasl, _("give only one of --password-env, "
						 "--password-file and --password"));
	for (size_t i = 0; i < o->challenges.n; i++) {
		uint8_t *dec;
		size_t len, pos;
		const char *err;
		const char *c = o->challenges.v[i];
		if (b64_decode(c, strlen(c), &dec, &len, &err, &pos) < 0) {
			char *shown = esc_str(c, strlen(c), o->esc_flags);
			fprintf(stderr,
				_("smtpdbg sasl: challenge %zu is not valid Base64 at offset %zu: "
				  "%s\n  %s\n"),
				i + 1, pos, _(err), shown);
			free(shown);
			return EXIT_USAGE;
		}
		free(dec);
	}
	return -1;
}

int cmd_sasl(int argc, char **argv)
{
	struct sasl_opts o = {.esc_flags = esc_flags_for_locale()};
	const struct sasl_mech *m = NULL;
	char *password = NULL;
	struct cli_args args;
	int rc = cli_parse(&cli_cmd_sasl, argc, argv, &o, &args, false);

	if (o.pw_argv) {
		/* Keep a copy and blank the original, so it lingers less in
		 * /proc/PID/cmdline (it was visible until now). */
		secret_guard();
		o.pw_arg = xstrdup(o.pw_argv);
		wipe((char *)o.pw_argv, strlen(o.pw_argv));
	}
	if (rc >= 0)
		goto out;
	if (!args.n) {
		rc = cli_fail(&cli_cmd_sasl, _("name a mechanism, e.g. SCRAM-SHA-256, CRAM-MD5, PLAIN or LOGIN"));
		goto out;
	}
	if (args.n > 1) {
		rc = cli_fail(&cli_cmd_sasl, _("unexpected argument '%s'"), args.operands[1]);
		goto out;
	}
	if (o.challenges.n > MAX_CHALLENGES) {
		rc = cli_fail(&cli_cmd_sasl, _("at most %d challenges"), MAX_CHALLENGES);
		goto out;
	}
	m = sasl_find(args.operands[0]);
	if (!m) {
		rc = unknown_mech(args.operands[0]);
		goto out;
	}
	rc = check(&o, m);
	if (rc >= 0)
		goto out;
	if (m->needs_token) {
		/* The same reader as a password: a token is as good as one. */
		password = cli_read_password("sasl", o.tok_env, o.tok_file);
		if (!password) {
			rc = EXIT_USAGE;
			goto out;
		}
	} else if (!m->needs_password) {
		/* EXTERNAL: nothing secret at all. */
	} else if (o.pw_arg) {
		fputs(_("smtpdbg sasl: warning: a password on the command line can be seen by "
			"other users (ps) and stays in the shell history; prefer "
			"--password-env or --password-file\n"),
		      stderr);
		password = xstrdup(o.pw_arg);
	} else {
		password = cli_read_password("sasl", o.pw_env, o.pw_file);
		if (!password) {
			rc = EXIT_USAGE;
			goto out;
		}
	}
	rc = run(&o, m, &(struct sasl_creds){.authzid = o.authzid, .user = o.user,
					     .password = m->needs_token ? NULL : password,
					     .token = m->needs_token ? password : NULL,
					     .nonce = o.nonce, .digest_uri = o.digest_uri,
					     .host = o.host, .port = (unsigned)o.port,
					     .ir = o.ir ? SASL_IR_ALWAYS : SASL_IR_DEFAULT,
					     .timestamp = o.timestamp, .ntlm_v1 = o.ntlm_v1});
	if (fflush(stdout) != 0 && rc == EXIT_OK) {
		fputs(_("smtpdbg sasl: cannot write to standard output\n"), stderr);
		rc = EXIT_NEGATIVE;
	}
out:
	free_secret(password);
	free_secret(o.pw_arg);
	cli_free(&cli_cmd_sasl, &o, &args);
	return rc;
}
