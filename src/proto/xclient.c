/* The XCLIENT command from the user's attributes (see xclient.h). */
#include "smtpdbg/xclient.h"

#include <stdbool.h>
#include <string.h>
#include <strings.h>

#include "smtpdbg/i18n.h"

static const char *const names[] = {"ADDR",         "NAME",     "PORT",    "PROTO", "HELO",
				    "LOGIN",        "DESTADDR", "DESTPORT", "REVERSE_NAME"};
#define NNAMES (sizeof names / sizeof *names)

int xclient_command(const char *spec, struct buf *out, struct buf *why)
{
	bool seen[NNAMES] = {false};
	size_t start = out->len;
	buf_adds(out, "XCLIENT");
	const char *p = spec;
	size_t count = 0;
	for (;;) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p)
			break;
		size_t n = strcspn(p, " \t");
		const char *eq = memchr(p, '=', n);
		if (!eq || eq == p) {
			buf_printf(why, _("--xclient: \"%.*s\" is not NAME=value"), (int)(n > 60 ? 60 : n),
				   p);
			goto bad;
		}
		size_t nl = (size_t)(eq - p), k;
		for (k = 0; k < NNAMES; k++)
			if (strlen(names[k]) == nl && !strncasecmp(names[k], p, nl))
				break;
		if (k == NNAMES) {
			buf_printf(why, _("--xclient: unknown attribute %.*s (known: ADDR, NAME, PORT, "
					  "PROTO, HELO, LOGIN, REVERSE_NAME, DESTADDR, DESTPORT)"),
				   (int)(nl > 40 ? 40 : nl), p);
			goto bad;
		}
		if (seen[k]) {
			buf_printf(why, _("--xclient: %s is given twice"), names[k]);
			goto bad;
		}
		seen[k] = true;
		buf_printf(out, " %s=", names[k]);
		/* xtext: '+', '=' and anything outside '!'..'~' as +XX. */
		for (const char *v = eq + 1; v < p + n; v++) {
			unsigned char ch = (unsigned char)*v;
			if (ch < '!' || ch > '~' || ch == '+' || ch == '=')
				buf_printf(out, "+%02X", ch);
			else
				buf_addc(out, (char)ch);
		}
		count++;
		p += n;
	}
	if (!count) {
		buf_adds(why, _("--xclient needs at least one NAME=value, as in "
				"'ADDR=192.0.2.1 NAME=mail.example.org'"));
		goto bad;
	}
	if (out->len - start > 510) { /* the line with CRLF: 512 octets (RFC 5321 4.5.3.1.4) */
		buf_adds(why, _("--xclient: the command would be longer than 512 octets"));
		goto bad;
	}
	return 0;
bad:
	out->len = start;
	if (out->data)
		out->data[start] = 0;
	return -1;
}
