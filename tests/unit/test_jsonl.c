#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "smtpdbg/jsonl.h"

static char *session_json(bool show_secrets)
{
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);
	struct narrate_opts o = {.explain = true, .show_secrets = show_secrets};
	struct smtp_client *c = smtp_client_new(NULL);
	const char *server[] = {"220 mx \"quoted\" \\ \x1b[2J\r\n", "250-mx\r\n250 AUTH LOGIN\r\n",
				"334 VXNlcm5hbWU6\r\n", "334 UGFzc3dvcmQ6\r\n", "235 ok\r\n"};
	for (size_t i = 0; i < sizeof server / sizeof server[0]; i++) {
		smtp_client_feed(c, server[i], strlen(server[i]));
		if (i == 0)
			smtp_client_send(c, "EHLO x", 6, 0);
		else if (i == 1)
			smtp_client_send(c, "AUTH LOGIN", 10, 0);
		else if (i == 2)
			smtp_client_send(c, "dGlt", 4, 0);
		else if (i == 3)
			smtp_client_send(c, "c2VjcmV0", 8, SMTP_F_SECRET);
		struct smtp_event ev;
		while (smtp_client_next_event(c, &ev))
			jsonl_event(f, &o, &ev, 42, smtp_client_caps(c));
	}
	smtp_client_free(c);
	fclose(f);
	return out;
}

Test(jsonl, one_object_per_line_no_controls)
{
	char *out = session_json(false);
	size_t lines = 0;
	for (char *l = strtok(out, "\n"); l; l = strtok(NULL, "\n"), lines++) {
		cr_assert_eq(l[0], '{', "%s", l);
		cr_assert_eq(l[strlen(l) - 1], '}', "%s", l);
		cr_assert(strstr(l, "\"t\":42"));
		for (const unsigned char *p = (const unsigned char *)l; *p; p++)
			cr_assert(*p >= 0x20, "control byte in %s", l);
	}
	cr_assert_geq(lines, 10);
	free(out);
}

Test(jsonl, fields_and_masking)
{
	char *out = session_json(false);
	cr_assert(strstr(out, "\"lines\":[\"220 mx \\\"quoted\\\" \\\\\\\\ \\\\x1b[2J\"]"), "%s", out);
	cr_assert(strstr(out, "\"decoded\":\"tim\""), "%s", out);
	cr_assert(strstr(out, "\"line\":\"********\",\"secret\":true"), "%s", out);
	cr_assert_null(strstr(out, "c2VjcmV0"));
	cr_assert_null(strstr(out, ":\"secret\""), "the password itself never appears");
	cr_assert(strstr(out, "\"code\":235"));
	cr_assert(strstr(out, "\"answers\":\"SASL\""));
	free(out);
	out = session_json(true);
	cr_assert(strstr(out, "c2VjcmV0"));
	free(out);
}

Test(jsonl, string_escaping)
{
	struct buf b;
	buf_init(&b, 0);
	jsonl_string(&b, "a\"b\\c\nd\x01");
	cr_assert_str_eq(b.data, "\"a\\\"b\\\\c\\nd\\u0001\"");
	buf_free(&b);
}
