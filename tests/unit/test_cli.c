/* The command-line layer: strict values, the shared connection options,
 * generated help, and the config file's layers and refusals. Each Criterion
 * test runs in its own process, so each reads its own config file. */
#include <criterion/criterion.h>
#include <criterion/redirect.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "smtpdbg/cli.h"
#include "smtpdbg/opt.h"
#include "smtpdbg/session.h"

static char dir[64];

/* A config file with text and mode in a fresh XDG_CONFIG_HOME. */
static void config(const char *text, mode_t mode)
{
	snprintf(dir, sizeof dir, "/tmp/smtpdbg-cfg-XXXXXX");
	cr_assert_not_null(mkdtemp(dir));
	char sub[128], path[160];
	snprintf(sub, sizeof sub, "%s/smtpdbg", dir);
	cr_assert_eq(mkdir(sub, 0700), 0);
	snprintf(path, sizeof path, "%s/config", sub);
	FILE *f = fopen(path, "w");
	cr_assert_not_null(f);
	fputs(text, f);
	cr_assert_eq(fclose(f), 0);
	cr_assert_eq(chmod(path, mode), 0);
	setenv("XDG_CONFIG_HOME", dir, 1);
}

static void no_config(void)
{
	setenv("XDG_CONFIG_HOME", "/nonexistent-smtpdbg-test", 1);
}

static int parse(struct session_opts *o, struct cli_args *a, int argc, char **argv)
{
	return tui_cli_parse(o, a, argc, argv);
}

static void done(struct session_opts *o, struct cli_args *a)
{
	conn_opts_free(&o->conn);
	free(a->operands);
}

TestSuite(cli, .init = no_config);

Test(cli, tui_options_and_target)
{
	struct session_opts o;
	struct cli_args a;
	char *a1[] = {"smtpdbg", "mx.test:587", "--starttls", "--cafile", "ca.pem", "-4",
		      "--theme=mono"};
	cr_assert_eq(parse(&o, &a, 7, a1), -1);
	cr_assert_str_eq(o.conn.host, "mx.test");
	cr_assert_str_eq(o.conn.port, "587");
	cr_assert_eq(o.conn.tls, CONN_TLS_STARTTLS);
	cr_assert_str_eq(o.conn.cafile, "ca.pem");
	cr_assert_eq(o.conn.family, AF_INET);
	cr_assert_str_eq(o.theme, "mono");
	cr_assert_eq(o.conn.timeout_s, 30, "the default timeout");
	done(&o, &a);
	char *a2[] = {"smtpdbg", "mx.test:465"};
	cr_assert_eq(parse(&o, &a, 2, a2), -1);
	cr_assert_eq(o.conn.tls, CONN_TLS_IMPLICIT, "port 465 means implicit TLS");
	done(&o, &a);
	char *a3[] = {"smtpdbg", "mx.test:465", "--no-tls"};
	cr_assert_eq(parse(&o, &a, 3, a3), -1);
	cr_assert_eq(o.conn.tls, CONN_TLS_NONE);
	done(&o, &a);
	char *a4[] = {"smtpdbg", "mx.test", "--tls"};
	cr_assert_eq(parse(&o, &a, 3, a4), -1);
	cr_assert_str_eq(o.conn.port, "465", "--tls without a port means 465");
	done(&o, &a);
}

Test(cli, usage_errors_exit_2, .init = cr_redirect_stderr)
{
	no_config();
	struct session_opts o;
	struct cli_args a;
	char *bad[][4] = {
		{"smtpdbg", "mx.test", "--tls", "--starttls"},
		{"smtpdbg", "mx.test", "--bogus", NULL},
		{"smtpdbg", "mx.test", "--timeout", "5x"},
		{"smtpdbg", "mx.test", "--timeout", "-1"},
		{"smtpdbg", "mx.test", "--timeout", "0"},
		{"smtpdbg", "mx.test", "--timeout", "90000"},
		{"smtpdbg", "mx.test:99999", NULL, NULL},
		{"smtpdbg", "mx.test", "--cert", "c.pem"},
		{"smtpdbg", "mx.test", "-4", "-6"},
		{"smtpdbg", "mx.test", "--theme", NULL},
		{"smtpdbg", "--starttls", NULL, NULL},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		int n = 0;
		while (n < 4 && bad[i][n])
			n++;
		cr_assert_eq(parse(&o, &a, n, bad[i]), 2, "case %zu", i);
		done(&o, &a);
	}
	fflush(stderr);
}

Test(cli, durations_take_units)
{
	struct session_opts o;
	struct cli_args a;
	const char *in[] = {"45", "45s", "2m", "1h"};
	const int want[] = {45, 45, 120, 3600};
	for (size_t i = 0; i < 4; i++) {
		char *v[] = {"smtpdbg", "mx.test", "--timeout", (char *)in[i]};
		cr_assert_eq(parse(&o, &a, 4, v), -1, "%s", in[i]);
		cr_assert_eq(o.conn.timeout_s, want[i], "%s", in[i]);
		done(&o, &a);
	}
}

Test(cli, bad_option_is_escaped, .init = cr_redirect_stderr)
{
	no_config();
	struct session_opts o;
	struct cli_args a;
	char *v[] = {"smtpdbg", "mx.test", "--bad\x1b[31m"};
	cr_assert_eq(parse(&o, &a, 3, v), 2);
	done(&o, &a);
	fflush(stderr);
	cr_assert_stderr_eq_str("smtpdbg: unknown option '--bad\\x1b[31m'\n"
				"Try 'smtpdbg HOST --help' for more information.\n");
}

Test(cli, every_command_has_help_and_a_unique_section)
{
	const struct cli_cmd *const *all = cli_commands();
	size_t n = 0;
	for (const struct cli_cmd *const *c = all; *c; c++, n++) {
		cr_assert_not_null((*c)->run);
		cr_assert_not_null((*c)->summary);
		for (const struct cli_cmd *const *d = all; d < c; d++)
			cr_assert_str_neq((*c)->section, (*d)->section);
		char *text = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&text, &len);
		cli_help(*c, f);
		fclose(f);
		cr_assert(strstr(text, "Usage: smtpdbg"), "%s", (*c)->name);
		cr_assert(strstr(text, "--version"), "%s", (*c)->name);
		free(text);
	}
	cr_assert_geq(n, 10);
	cr_assert_eq(cli_command_find("relay-test")->run != NULL, true);
}

/* --- The config file ------------------------------------------------- */

static const char layered[] =
	"# defaults for every command\n"
	"timeout = 7\n"
	"theme = dark\n"
	"\n"
	"[tui]\n"
	"timeout = 8\n"
	"no-color = true\n"
	"\n"
	"[host mx.test:587]\n"
	"timeout = 9   # this server is slow\n"
	"starttls = true\n"
	"[run]\n"
	"ehlo = client.example\n";

Test(cli, config_layers_top_command_host)
{
	config(layered, 0600);
	struct session_opts o;
	struct cli_args a;
	char *v1[] = {"smtpdbg", "other.test"};
	cr_assert_eq(parse(&o, &a, 2, v1), -1);
	cr_assert_eq(o.conn.timeout_s, 8, "[tui] beats the top section");
	cr_assert_str_eq(o.theme, "dark", "the top section applies");
	cr_assert(o.no_color);
	cr_assert_eq(o.conn.tls, CONN_TLS_NONE);
	cr_assert(a.config_path && strstr(a.config_path, "/smtpdbg/config"));
	done(&o, &a);

	char *v2[] = {"smtpdbg", "mx.test:587"};
	cr_assert_eq(parse(&o, &a, 2, v2), -1);
	cr_assert_eq(o.conn.timeout_s, 9, "[host] beats [tui]");
	cr_assert_eq(o.conn.tls, CONN_TLS_STARTTLS);
	done(&o, &a);

	char *v3[] = {"smtpdbg", "mx.test:587", "--timeout", "11", "--tls"};
	cr_assert_eq(parse(&o, &a, 5, v3), -1);
	cr_assert_eq(o.conn.timeout_s, 11, "the command line wins");
	cr_assert_eq(o.conn.tls, CONN_TLS_IMPLICIT, "--tls overrides the file's starttls");
	done(&o, &a);

	char *v4[] = {"smtpdbg", "mx.test"};
	cr_assert_eq(parse(&o, &a, 2, v4), -1);
	cr_assert_eq(o.conn.timeout_s, 8, "[host mx.test:587] is not mx.test");
	done(&o, &a);
}

static void refused(const char *text, mode_t mode, const char *want)
{
	config(text, mode);
	struct session_opts o;
	struct cli_args a;
	char *v[] = {"smtpdbg", "mx.test"};
	cr_assert_eq(parse(&o, &a, 2, v), 2, "%s", text);
	done(&o, &a);
	fflush(stderr);
	char buf[1024] = "";
	FILE *f = cr_get_redirected_stderr();
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	buf[n] = '\0';
	char where[128];
	snprintf(where, sizeof where, "%s/smtpdbg/config%s", dir, want);
	cr_assert(strstr(buf, where), "want \"%s\" in: %s", where, buf);
}

Test(cli, config_bad_line_names_file_and_line, .init = cr_redirect_stderr)
{
	refused("timeout = 5\n\nnonsense line\n", 0600, ":3: expected name = value");
}

Test(cli, config_unknown_name, .init = cr_redirect_stderr)
{
	refused("[tui]\ncolour = red\n", 0600, ":2: 'colour' is not an option of [tui]");
}

Test(cli, config_bad_value, .init = cr_redirect_stderr)
{
	refused("timeout = 5x\n", 0600, ":1: timeout '5x': not a duration");
}

Test(cli, config_refuses_insecure, .init = cr_redirect_stderr)
{
	refused("[host mx.test]\ninsecure = true\n", 0600, ":2: 'insecure' is not allowed here");
}

Test(cli, config_refuses_show_secrets_and_plaintext_auth, .init = cr_redirect_stderr)
{
	refused("show-secrets = true\n", 0600, ":1: 'show-secrets' is not allowed here");
}

Test(cli, config_refuses_group_writable_file, .init = cr_redirect_stderr)
{
	refused("timeout = 5\n", 0620, ": writable by group or others");
}

Test(cli, config_unknown_section, .init = cr_redirect_stderr)
{
	refused("[rnu]\ntimeout = 5\n", 0600, ":1: unknown section [rnu]");
}
