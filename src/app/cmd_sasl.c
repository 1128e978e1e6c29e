/* smtpdbg sasl MECH: compute a SASL client response offline and show how,
 * step by step, in the S:/C: form of a transcript. */
#include <stdlib.h>
#include <string.h>

#include "smtpdbg/b64.h"
#include "smtpdbg/cli.h"
#include "smtpdbg/escape.h"
#include "smtpdbg/i18n.h"
#include "smtpdbg/narrate.h"
#include "smtpdbg/sasl.h"
#include "smtpdbg/xmalloc.h"

#define MAX_CHALLENGES 8

static void usage(FILE *f)
{
	fputs(_("Usage: smtpdbg sasl MECH --user USER [--authzid ID]\n"
		"         [--password-env VAR | --password-file FILE] [--challenge BASE64]...\n"
		"Compute what an SMTP client sends for a SASL mechanism, and show the steps.\n\n"
		"MECH is one of: "),
	      f);
	const struct sasl_mech *const *all = sasl_all();
	for (size_t i = 0; all[i]; i++)
		fprintf(f, "%s%s", i ? ", " : "", all[i]->name);
	fputs(_(" (any case).\n\n"
		"Options:\n"
		"  --user USER           the authentication identity\n"
		"  --authzid ID          act as this identity (PLAIN only)\n"
		"  --password-env VAR    take the password from environment variable VAR\n"
		"  --password-file FILE  take it from the first line of FILE\n"
		"  --password PASS       take it from the command line (visible to other\n"
		"                        users in the process list: avoid)\n"
		"                        Without any of these, a terminal prompt that does not\n"
		"                        echo asks for it.\n"
		"  --challenge BASE64    a challenge from the server's 334 line, as sent;\n"
		"                        repeat for each round. CRAM-MD5 needs one. LOGIN\n"
		"                        defaults to the usual prompts Username: and Password:\n"
		"  --show-secrets        show lines that reveal the password instead of ********\n"
		"  -h, --help            show this help\n"
		"  -V, --version         show the version\n\n"
		"Output: the exchange as \"S:\" (server) and \"C:\" (client) lines, with the\n"
		"explanation of each step on lines starting \"  # \". The C: lines are what to\n"
		"send. Lines that reveal the password are masked unless --show-secrets.\n\n"
		"Example (RFC 2195):\n"
		"  P=tanstaaftanstaaf smtpdbg sasl cram-md5 --user tim --password-env P \\\n"
		"      --challenge PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+\n"
		"Exit status: 0 success, 1 the mechanism refused a challenge, 2 usage error.\n"),
	      f);
}

struct opts {
	const char *mech, *user, *authzid, *pw_env, *pw_file, *pw_arg;
	const char *challenges[MAX_CHALLENGES];
	size_t nchallenges;
	bool show_secrets;
};

/* Returns -1 on a usage error (reported), 1 for help or version, 0 to go on. */
static int parse(int argc, char **argv, struct opts *o)
{
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char **slot = NULL;
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			usage(stdout);
			return 1;
		} else if (!strcmp(a, "-V") || !strcmp(a, "--version")) {
			cli_version(stdout);
			return 1;
		} else if (!strcmp(a, "--show-secrets")) {
			o->show_secrets = true;
			continue;
		} else if (!strcmp(a, "--user")) {
			slot = &o->user;
		} else if (!strcmp(a, "--authzid")) {
			slot = &o->authzid;
		} else if (!strcmp(a, "--password-env")) {
			slot = &o->pw_env;
		} else if (!strcmp(a, "--password-file")) {
			slot = &o->pw_file;
		} else if (!strcmp(a, "--password")) {
			slot = &o->pw_arg;
		} else if (!strcmp(a, "--challenge")) {
			if (o->nchallenges == MAX_CHALLENGES) {
				cli_usage_error("sasl", _("at most %d challenges"), MAX_CHALLENGES);
				return -1;
			}
			slot = &o->challenges[o->nchallenges++];
		} else if (a[0] == '-') {
			cli_usage_error("sasl", _("unknown option '%s'"), a);
			return -1;
		} else if (!o->mech) {
			o->mech = a;
			continue;
		} else {
			cli_usage_error("sasl", _("unexpected argument '%s'"), a);
			return -1;
		}
		if (++i >= argc) {
			cli_usage_error("sasl", _("%s needs a value"), a);
			return -1;
		}
		*slot = argv[i];
	}
	if (!o->mech) {
		cli_usage_error("sasl", _("name a mechanism (PLAIN, LOGIN or CRAM-MD5)"));
		return -1;
	}
	if (!o->user) {
		cli_usage_error("sasl", _("--user is required"));
		return -1;
	}
	if (!!o->pw_env + !!o->pw_file + !!o->pw_arg > 1) {
		cli_usage_error("sasl", _("give the password one way only"));
		return -1;
	}
	return 0;
}

static void print_response(const struct opts *o, const struct sasl_step *st, const char *prefix)
{
	char *b64 = b64_encode(st->response.data ? st->response.data : "", st->response.len);
	if (st->secret && !o->show_secrets) {
		printf("C: %s********\n", prefix);
		narrate_note(stdout, _("(this line reveals the password, so it is masked: "
				       "--show-secrets prints it)"));
	} else
		printf("C: %s%s\n", prefix, *prefix && !*b64 ? "=" : b64);
	wipe(b64, strlen(b64));
	free(b64);
	if (st->explain.len)
		narrate_note(stdout, st->explain.data);
}

static int run(const struct opts *o, const struct sasl_mech *m, const char *password)
{
	struct sasl_creds creds = {.authzid = o->authzid, .user = o->user, .password = password};
	void *state = m->init(&creds);
	const char *login_prompts[] = {"VXNlcm5hbWU6", "UGFzc3dvcmQ6"};
	const char *const *chal = o->challenges;
	size_t nchal = o->nchallenges;
	int rc = EXIT_OK;

	if (m == sasl_find("LOGIN") && nchal == 0) {
		chal = login_prompts;
		nchal = 2;
	}
	if (m == sasl_find("CRAM-MD5") && nchal == 0) {
		m->done(state);
		return cli_usage_error("sasl", _("CRAM-MD5 needs the server's challenge: --challenge BASE64"));
	}
	if (m->client_first && nchal == 0) {
		struct sasl_step st;
		sasl_step_init(&st);
		enum sasl_status s = m->step(state, NULL, 0, &st);
		char prefix[64];
		snprintf(prefix, sizeof prefix, "AUTH %s ", m->name);
		if (s == SASL_FAIL) {
			narrate_note(stdout, st.explain.data);
			rc = EXIT_NEGATIVE;
		} else {
			print_response(o, &st, prefix);
		}
		sasl_step_free(&st);
	} else {
		printf("C: AUTH %s\n", m->name);
	}
	for (size_t i = 0; i < nchal && rc == EXIT_OK; i++) {
		uint8_t *dec;
		size_t dlen, pos;
		const char *err;
		printf("S: 334 ");
		char *shown = esc_str(chal[i], strlen(chal[i]), esc_flags_for_locale());
		puts(shown);
		free(shown);
		if (b64_decode(chal[i], strlen(chal[i]), &dec, &dlen, &err, &pos) < 0) {
			fprintf(stderr, _("smtpdbg sasl: challenge %zu is not valid Base64 (offset %zu: %s)\n"),
				i + 1, pos, _(err));
			rc = EXIT_USAGE;
			break;
		}
		struct sasl_step st;
		sasl_step_init(&st);
		enum sasl_status s = m->step(state, dec, dlen, &st);
		if (s == SASL_FAIL) {
			narrate_note(stdout, st.explain.data);
			puts("C: *");
			rc = EXIT_NEGATIVE;
		} else {
			print_response(o, &st, "");
		}
		sasl_step_free(&st);
		wipe(dec, dlen);
		free(dec);
	}
	m->done(state);
	return rc;
}

int cmd_sasl(int argc, char **argv)
{
	struct opts o = {0};
	int r = parse(argc, argv, &o);
	if (r)
		return r > 0 ? EXIT_OK : EXIT_USAGE;

	const struct sasl_mech *m = sasl_find(o.mech);
	if (!m) {
		struct buf known;
		buf_init(&known, 0);
		for (const struct sasl_mech *const *p = sasl_all(); *p; p++)
			buf_printf(&known, "%s%s", known.len ? ", " : "", (*p)->name);
		char *shown = esc_str(o.mech, strlen(o.mech), esc_flags_for_locale());
		r = cli_usage_error("sasl", _("unknown mechanism '%s' (known: %s)"), shown, known.data);
		free(shown);
		buf_free(&known);
		return r;
	}
	char *password;
	if (o.pw_arg) {
		fputs(_("smtpdbg sasl: warning: a password on the command line is visible to other "
			"users; prefer --password-env or --password-file\n"),
		      stderr);
		password = xstrdup(o.pw_arg);
	} else {
		password = cli_read_password("sasl", o.pw_env, o.pw_file);
		if (!password)
			return EXIT_USAGE;
	}
	r = run(&o, m, password);
	wipe(password, strlen(password));
	free(password);
	return r;
}
