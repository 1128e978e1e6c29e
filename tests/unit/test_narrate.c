#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "smtpdbg/narrate.h"

/* Run a scripted exchange and return the narrated transcript. */
static char *narrate_session(const struct narrate_opts *o, const char *const *steps)
{
	char *out = NULL;
	size_t outlen = 0;
	FILE *f = open_memstream(&out, &outlen);
	struct smtp_client *c = smtp_client_new(NULL);
	for (; *steps; steps++) {
		const char *s = *steps;
		if (s[0] == 'S')
			smtp_client_feed(c, s + 2, strlen(s + 2));
		else if (s[0] == 'C')
			smtp_client_send(c, s + 2, strlen(s + 2), 0);
		else if (s[0] == 'P') /* a secret line */
			smtp_client_send(c, s + 2, strlen(s + 2), SMTP_F_SECRET);
		else if (s[0] == 'A') {
			const struct sasl_mech *m = sasl_find(s + 2);
			cr_assert(m);
			smtp_client_auth(c, m, &(struct sasl_creds){.user = "tim",
							 .password = "tanstaaftanstaaf"});
		}
		struct smtp_event ev;
		while (smtp_client_next_event(c, &ev))
			narrate_event(f, o, &ev);
	}
	smtp_client_free(c);
	fclose(f);
	return out;
}

Test(narrate, prefixes_and_explanations)
{
	const char *steps[] = {"S 220 smtp.server.com ESMTP Postfix\r\n", "C EHLO x",
			       "S 250-smtp.server.com\r\n250 AUTH CRAM-MD5 LOGIN PLAIN\r\n", NULL};
	struct narrate_opts o = {.explain = true};
	char *out = narrate_session(&o, steps);
	cr_assert(strstr(out, "S: 220 smtp.server.com ESMTP Postfix\n"), "%s", out);
	cr_assert(strstr(out, "C: EHLO x\n"));
	cr_assert(strstr(out, "S: 250 AUTH CRAM-MD5 LOGIN PLAIN\n"));
	/* every line is protocol or annotation, nothing else */
	for (char *l = strtok(out, "\n"); l; l = strtok(NULL, "\n"))
		cr_assert(!strncmp(l, "S: ", 3) || !strncmp(l, "C: ", 3) || !strncmp(l, "  # ", 4),
			  "stray line: %s", l);
	free(out);
}

Test(narrate, secrets_are_masked)
{
	const char *steps[] = {"S 220 mx\r\n", "C EHLO x", "S 250-mx\r\n250 AUTH LOGIN PLAIN\r\n",
			       "C AUTH LOGIN", "S 334 VXNlcm5hbWU6\r\n", "C dGlt",
			       "S 334 UGFzc3dvcmQ6\r\n", "P dGFuc3RhYWZ0YW5zdGFhZg==",
			       "S 235 2.7.0 ok\r\n", "A PLAIN", NULL};
	struct narrate_opts o = {.explain = true};
	char *out = narrate_session(&o, steps);
	cr_assert(!strstr(out, "tanstaaftanstaaf"), "%s", out);
	cr_assert(!strstr(out, "dGFuc3RhYWZ0YW5zdGFhZg=="), "%s", out);
	cr_assert(!strstr(out, "AHRpbQB0YW5zdGFhZnRhbnN0YWFm"), "PLAIN initial response: %s", out);
	cr_assert(strstr(out, "C: AUTH PLAIN ********"), "%s", out);
	cr_assert(strstr(out, "Base64 of: tim"), "non-secret responses are decoded: %s", out);
	free(out);

	o.show_secrets = true;
	out = narrate_session(&o, steps);
	cr_assert(strstr(out, "C: dGFuc3RhYWZ0YW5zdGFhZg=="), "%s", out);
	free(out);
}

Test(narrate, server_bytes_are_escaped)
{
	const char *steps[] = {"S 220 \x1b]52;c;aGk=\x07 \x1b[2J\xc2\x9b \xe2\x80\xae evil\r\n", NULL};
	struct narrate_opts o = {.explain = true};
	char *out = narrate_session(&o, steps);
	for (const unsigned char *p = (const unsigned char *)out; *p; p++)
		cr_assert(*p >= 0x20 || *p == '\n', "raw control byte %#x in: %s", *p, out);
	cr_assert(strstr(out, "\\x1b]52"), "%s", out);
	cr_assert(strstr(out, "<U+202E>"), "%s", out);
	cr_assert(strstr(out, "<U+009B>"), "%s", out);
	free(out);
}
