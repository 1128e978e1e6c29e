/* smtpdbg sasl: compute a SASL client response offline and show the steps.
 * Output: "S: 334 <base64>" for each challenge, explanation lines indented
 * by three spaces, and "C: <base64>" for each response, so
 * `sed -n 's/^C: //p'` extracts exactly what to send. */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "smtpdbg/b64.h"
#include "smtpdbg/buf.h"
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
	const char *nonce, *digest_uri, *host;
	const char *tok_env, *tok_file;
	unsigned port;
	char *pw_arg; /* --password: a copy, the argv bytes are wiped */
	const char *challenges[MAX_CHALLENGES];
	size_t nchallenges;
	bool show_secrets;
	bool ir; /* LOGIN: the user name as initial response */
	unsigned esc_flags;
};

static void usage(FILE *f)
{
	fputs(_("Usage: smtpdbg sasl MECH --user USER [OPTIONS]\n"
		"Compute the client's SASL responses offline and explain each step.\n"
		"MECH is SCRAM-SHA-256, SCRAM-SHA-1, CRAM-MD5, DIGEST-MD5 (historic),\n"
		"PLAIN, LOGIN, OAUTHBEARER, XOAUTH2 or EXTERNAL (any case). The -PLUS\n"
		"variants of SCRAM need a live TLS connection for channel binding, so\n"
		"they work only with `smtpdbg run`.\n\n"
		"Options:\n"
		"  -u, --user USER        the authentication identity (EXTERNAL: none)\n"
		"  -z, --authzid ID       PLAIN, SCRAM, DIGEST-MD5, OAUTHBEARER, EXTERNAL:\n"
		"                         act as this identity\n"
		"      --password-env VAR read the password from environment variable VAR\n"
		"      --password-file F  read the password from the first line of file F\n"
		"      --password P       the password itself (visible to other users: avoid)\n"
		"                         (none of these: a prompt that does not echo)\n"
		"  -c, --challenge B64    a server challenge, the text after \"334 \";\n"
		"                         repeat it for each step. CRAM-MD5 needs one;\n"
		"                         LOGIN defaults to the usual prompts; with PLAIN\n"
		"                         it models AUTH PLAIN without an initial response;\n"
		"                         SCRAM takes the server-first, then the server-final\n"
		"                         message; DIGEST-MD5 the challenge, then rspauth=\n"
		"      --nonce VALUE      SCRAM: the client nonce; DIGEST-MD5: the cnonce\n"
		"                         (default: random; pin it to reproduce an example)\n"
		"      --digest-uri URI   DIGEST-MD5: the digest-uri (default smtp/HOST)\n"
		"      --host NAME        DIGEST-MD5: the server's name, for smtp/NAME;\n"
		"                         OAUTHBEARER: its host= field\n"
		"      --port N           OAUTHBEARER: its port= field\n"
		"      --token-env VAR    OAUTHBEARER, XOAUTH2: the bearer token from VAR\n"
		"      --token-file F     ... or from the first line of file F\n"
		"      --initial-response LOGIN: send the user name on the AUTH line\n"
		"      --show-secrets     also show responses that reveal the password, decoded\n"
		"  -h, --help             show this help\n"
		"  -V, --version          show the version\n\n"
		"Output: \"S: 334 ...\" lines are the server's challenges, indented lines\n"
		"explain, and each \"C: ...\" line is a Base64 response to send as is.\n"
		"The password is never printed in the explanations (unless --show-secrets).\n"
		"SCRAM and DIGEST-MD5 check the server's proof (v= or rspauth=) and say\n"
		"whether it verifies; a wrong one is refused like a bad challenge.\n"
		"OAUTHBEARER and XOAUTH2 decode a server's JSON error challenge.\n\n"
		"Exit status: 0 success, 2 usage error, invalid input, or a challenge\n"
		"the mechanism refuses (a client would then cancel with \"*\").\n"), f);
}

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
	const char *const *chal = o->challenges;
	size_t nchal = o->nchallenges;
	bool ok = true;

	if (m->needs_token)
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
	char *shown = esc_str(name, strlen(name), esc_flags_for_locale());
	int rc = cli_usage_error("sasl", _("unknown mechanism '%s'; known: %s"), shown,
				 known.data);
	free(shown);
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

enum {
	OPT_PW_ENV = 256,
	OPT_PW_FILE,
	OPT_PW,
	OPT_SHOW,
	OPT_NONCE,
	OPT_URI,
	OPT_HOST,
	OPT_PORT,
	OPT_TOK_ENV,
	OPT_TOK_FILE,
	OPT_IR,
};

/* Parse the options into o; returns -1 to go on, or an exit status. */
static int parse(int argc, char **argv, struct sasl_opts *o)
{
	static const struct option opts[] = {
		{"user", required_argument, NULL, 'u'},
		{"authzid", required_argument, NULL, 'z'},
		{"challenge", required_argument, NULL, 'c'},
		{"password-env", required_argument, NULL, OPT_PW_ENV},
		{"password-file", required_argument, NULL, OPT_PW_FILE},
		{"password", required_argument, NULL, OPT_PW},
		{"show-secrets", no_argument, NULL, OPT_SHOW},
		{"nonce", required_argument, NULL, OPT_NONCE},
		{"digest-uri", required_argument, NULL, OPT_URI},
		{"host", required_argument, NULL, OPT_HOST},
		{"port", required_argument, NULL, OPT_PORT},
		{"token-env", required_argument, NULL, OPT_TOK_ENV},
		{"token-file", required_argument, NULL, OPT_TOK_FILE},
		{"initial-response", no_argument, NULL, OPT_IR},
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'V'},
		{NULL, 0, NULL, 0},
	};
	int c;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":u:z:c:hV", opts, NULL)) != -1) {
		switch (c) {
		case 'u':
			o->user = optarg;
			break;
		case 'z':
			o->authzid = optarg;
			break;
		case 'c':
			if (o->nchallenges == MAX_CHALLENGES)
				return cli_usage_error("sasl", _("at most %d challenges"),
						       MAX_CHALLENGES);
			o->challenges[o->nchallenges++] = optarg;
			break;
		case OPT_PW_ENV:
			o->pw_env = optarg;
			break;
		case OPT_PW_FILE:
			o->pw_file = optarg;
			break;
		case OPT_PW:
			/* Keep a copy and blank the original, so it lingers less
			 * in /proc/PID/cmdline (it was visible until now). */
			free_secret(o->pw_arg);
			secret_guard();
			o->pw_arg = xstrdup(optarg);
			wipe(optarg, strlen(optarg));
			break;
		case OPT_SHOW:
			o->show_secrets = true;
			break;
		case OPT_NONCE:
			o->nonce = optarg;
			break;
		case OPT_URI:
			o->digest_uri = optarg;
			break;
		case OPT_HOST:
			o->host = optarg;
			break;
		case OPT_PORT: {
			char *end;
			unsigned long v = strtoul(optarg, &end, 10);
			if (!*optarg || *end || v == 0 || v > 65535 || *optarg == '-')
				return cli_usage_error("sasl", _("--port needs a number from 1 to 65535"));
			o->port = (unsigned)v;
			break;
		}
		case OPT_TOK_ENV:
			o->tok_env = optarg;
			break;
		case OPT_TOK_FILE:
			o->tok_file = optarg;
			break;
		case OPT_IR:
			o->ir = true;
			break;
		case 'h':
			usage(stdout);
			return EXIT_OK;
		case 'V':
			cli_version(stdout);
			return EXIT_OK;
		default:
			return cli_getopt_error("sasl", c, argv);
		}
	}
	return -1;
}

/* Check what can be checked before asking for a password. Returns -1 to go
 * on, or an exit status. */
static int check(const struct sasl_opts *o, const struct sasl_mech *m)
{
	bool scram = !strncmp(m->name, "SCRAM-", 6), digest = !strcmp(m->name, "DIGEST-MD5");
	bool bearer = !strcmp(m->name, "OAUTHBEARER"), external = !strcmp(m->name, "EXTERNAL");
	if (!o->user && !external)
		return cli_usage_error("sasl", _("--user is required"));
	if (o->user && external)
		return cli_usage_error("sasl", _("EXTERNAL takes the identity from the client "
						 "certificate: no --user (use --authzid to act "
						 "as another identity)"));
	if (o->authzid && strcmp(m->name, "PLAIN") && !scram && !digest && !bearer && !external)
		return cli_usage_error("sasl", _("--authzid applies to PLAIN, SCRAM, DIGEST-MD5, "
						 "OAUTHBEARER and EXTERNAL only"));
	if (o->nonce && !scram && !digest)
		return cli_usage_error("sasl", _("--nonce applies to SCRAM and DIGEST-MD5 only"));
	if (o->digest_uri && !digest)
		return cli_usage_error("sasl", _("--digest-uri applies to DIGEST-MD5 only"));
	if (o->host && !digest && !bearer)
		return cli_usage_error("sasl", _("--host applies to DIGEST-MD5 and OAUTHBEARER "
						 "only"));
	if (o->ir && strcmp(m->name, "LOGIN"))
		return cli_usage_error("sasl", _("--initial-response applies to LOGIN only (the "
						 "others send one when they can)"));
	if (o->port && !bearer)
		return cli_usage_error("sasl", _("--port applies to OAUTHBEARER only"));
	if ((o->tok_env || o->tok_file) && !m->needs_token)
		return cli_usage_error("sasl", _("--token-env and --token-file apply to "
						 "OAUTHBEARER and XOAUTH2 only"));
	if (o->tok_env && o->tok_file)
		return cli_usage_error("sasl", _("give only one of --token-env and --token-file"));
	if (m->needs_token && !o->tok_env && !o->tok_file)
		return cli_usage_error("sasl", _("%s needs a bearer token: --token-env VAR or "
						 "--token-file FILE"),
				       m->name);
	if (!m->needs_password && (o->pw_env || o->pw_file || o->pw_arg))
		return cli_usage_error("sasl", _("%s uses no password"), m->name);
	if (digest && !o->digest_uri && !o->host)
		return cli_usage_error("sasl", _("DIGEST-MD5 needs the server's name for its "
						 "digest-uri: --host NAME (for smtp/NAME) or "
						 "--digest-uri URI"));
	if (m->plus)
		return cli_usage_error("sasl",
				       _("%s binds the exchange to a TLS connection (channel "
					 "binding), which needs a live connection: use it with "
					 "smtpdbg run, or try %.*s offline"),
				       m->name, (int)(strlen(m->name) - 5), m->name);
	if (!o->nchallenges && !m->client_first && strcmp(m->name, "LOGIN"))
		return cli_usage_error("sasl",
				       _("%s needs the server's challenge: --challenge B64 "
					 "(the text after \"334 \")"),
				       m->name);
	if ((o->pw_env != NULL) + (o->pw_file != NULL) + (o->pw_arg != NULL) > 1)
		return cli_usage_error("sasl", _("give only one of --password-env, "
						 "--password-file and --password"));
	for (size_t i = 0; i < o->nchallenges; i++) {
		uint8_t *dec;
		size_t len, pos;
		const char *err;
		const char *c = o->challenges[i];
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
	int rc = parse(argc, argv, &o);

	if (rc >= 0)
		goto out;
	if (optind >= argc) {
		rc = cli_usage_error("sasl", _("name a mechanism, e.g. SCRAM-SHA-256, CRAM-MD5, PLAIN or LOGIN"));
		goto out;
	}
	if (argc - optind > 1) {
		rc = cli_usage_error("sasl", _("unexpected argument '%s'"), argv[optind + 1]);
		goto out;
	}
	m = sasl_find(argv[optind]);
	if (!m) {
		rc = unknown_mech(argv[optind]);
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
					     .host = o.host, .port = o.port,
					     .ir = o.ir ? SASL_IR_ALWAYS : SASL_IR_DEFAULT});
	if (fflush(stdout) != 0 && rc == EXIT_OK) {
		fputs(_("smtpdbg sasl: cannot write to standard output\n"), stderr);
		rc = EXIT_NEGATIVE;
	}
out:
	free_secret(password);
	free_secret(o.pw_arg);
	return rc;
}
