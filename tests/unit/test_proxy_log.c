/* The proxy's narration: a session's lines explained as run explains its
 * own, passwords masked by their role (here AUTH LOGIN's second answer,
 * whatever the server's prompt says), flagged secret in the records, and
 * shown with --show-secrets. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "smtpdbg/proxy_log.h"

struct got {
	struct buf file;
	unsigned secret_records;
};

static void on_record(void *arg, const struct tf_record *r)
{
	struct got *g = arg;
	tf_format_record(&g->file, r, false);
	g->secret_records += (r->flags & TF_F_SECRET) != 0;
}

static char *narrate(bool show, struct got *g)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	struct proxy_log *l = proxy_log_new(&(struct proxy_log_opts){
		.out = f, .no = {.explain = true, .show_secrets = show}, .record = on_record,
		.arg = g});
	static const struct {
		enum tf_kind k;
		const char *s;
	} lines[] = {
		{TF_SERVER, "220 mx.test ESMTP"}, {TF_CLIENT, "EHLO me"},
		{TF_SERVER, "250-mx.test"},       {TF_SERVER, "250 AUTH LOGIN"},
		{TF_CLIENT, "AUTH LOGIN"},        {TF_SERVER, "334 VXNlcm5hbWU6"},
		{TF_CLIENT, "bWF4"},              {TF_SERVER, "334 UXVlc3Rpb246"},
		{TF_CLIENT, "c2VjcmV0LXB3"},      {TF_SERVER, "235 2.7.0 ok"},
	};
	for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++)
		proxy_log_line(l, lines[i].k, TF_F_TLS, lines[i].s, strlen(lines[i].s), 0);
	proxy_log_note(l, true, "a warning\nof two lines", 0);
	proxy_log_end(l, "the client closed the connection", 0);
	proxy_log_free(l);
	fclose(f);
	return text;
}

Test(proxy_log, explained_and_masked_by_role)
{
	struct got g = {0};
	buf_init(&g.file, 0);
	char *text = narrate(false, &g);
	cr_assert(strstr(text, "S: 220 mx.test ESMTP\n"), "%s", text);
	cr_assert(strstr(text, "C: bWF4\n  # Base64 of: max\n"), "%s", text);
	cr_assert(strstr(text, "C: ********\n"), "%s", text);
	cr_assert_null(strstr(text, "c2VjcmV0LXB3"));
	cr_assert_null(strstr(text, "secret-pw"));
	cr_assert(strstr(text, "  # ! a warning\n  # ! of two lines\n"), "%s", text);
	cr_assert_eq(g.secret_records, 1);
	buf_addc(&g.file, '\0');
	cr_assert_null(strstr(g.file.data, "c2VjcmV0LXB3"), "the file is masked");
	cr_assert(strstr(g.file.data, "X 0 - the client closed the connection"), "%s", g.file.data);
	free(text);
	buf_free(&g.file);
}

Test(proxy_log, show_secrets)
{
	struct got g = {0};
	buf_init(&g.file, 0);
	char *text = narrate(true, &g);
	cr_assert(strstr(text, "C: c2VjcmV0LXB3\n"), "%s", text);
	free(text);
	buf_free(&g.file);
}
