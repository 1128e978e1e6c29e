/* :export: a session as a run script, a run command line and a swaks
 * command line (script_export.h). */
#include "smtpdbg/script_export.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "smtpdbg/b64.h"
#include "smtpdbg/i18n.h"
#include "smtpdbg/sasl.h"

/* What the walk over the records learned. */
struct walk {
	bool starttls, started, in_auth, data_pending, in_data, auth_ok;
	char ehlo[256];
	char mech[32];
	char user[256];
	bool user_known;
	char from[512];
	struct buf to;          /* "a@b,c@d" for swaks */
	struct buf data;        /* the message for swaks, "\n" between lines */
	bool had_data, two_mails;
	struct buf swaks_no;    /* verbs swaks cannot send, for the note */
};

/* A word a shell takes as is, or the text in single quotes. */
static void sh_quote(struct buf *b, const char *s, size_t n)
{
	bool plain = n > 0;
	for (size_t i = 0; i < n && plain; i++)
		plain = strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
			       "@%+=:,./_-",
			       s[i]) != NULL && s[i];
	if (plain) {
		buf_add(b, s, n);
		return;
	}
	buf_addc(b, '\'');
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\'')
			buf_adds(b, "'\\''");
		else
			buf_addc(b, s[i]);
	}
	buf_addc(b, '\'');
}

static void sh_word(struct buf *b, const char *s)
{
	buf_addc(b, ' ');
	sh_quote(b, s, strlen(s));
}

static void note(struct buf *notes, const char *text)
{
	if (!strstr(notes->data ? notes->data : "", text)) {
		buf_adds(notes, text);
		buf_addc(notes, '\n');
	}
}

/* The verb (upper case) and where its argument starts. */
static const char *verb_of(const char *s, size_t n, char *verb, size_t cap)
{
	size_t i = 0;
	while (i < n && s[i] != ' ' && i + 1 < cap) {
		char ch = s[i];
		verb[i] = (char)(ch >= 'a' && ch <= 'z' ? ch - 32 : ch);
		i++;
	}
	verb[i] = '\0';
	while (i < n && s[i] == ' ')
		i++;
	return s + i;
}

/* The address between < and > of "MAIL FROM:<x> ..." into out. */
static void address_of(const char *arg, char *out, size_t cap)
{
	const char *lt = strchr(arg, '<'), *gt = lt ? strchr(lt, '>') : NULL;
	out[0] = '\0';
	if (lt && gt && (size_t)(gt - lt - 1) < cap) {
		memcpy(out, lt + 1, (size_t)(gt - lt - 1));
		out[gt - lt - 1] = '\0';
	}
}

/* The user name in a SASL message: LOGIN's first answer, PLAIN's
 * authcid. Only from bytes that are there (not masked). */
static void learn_user(struct walk *w, const char *b64, size_t n)
{
	uint8_t *d = NULL;
	size_t dn = 0, pos;
	const char *err;
	if (w->user_known || !n || b64_decode(b64, n, &d, &dn, &err, &pos) < 0)
		return;
	const uint8_t *u = d;
	size_t un = dn;
	if (!strcasecmp(w->mech, "PLAIN")) { /* authzid NUL authcid NUL password */
		const uint8_t *z = memchr(d, 0, dn);
		const uint8_t *z2 = z ? memchr(z + 1, 0, dn - (size_t)(z + 1 - d)) : NULL;
		u = z ? z + 1 : NULL;
		un = z2 ? (size_t)(z2 - u) : 0;
	}
	if (u && un && un < sizeof w->user && !memchr(u, 0, un)) {
		memcpy(w->user, u, un);
		w->user[un] = '\0';
		w->user_known = true;
	}
	if (d) {
		memset(d, 0, dn); /* PLAIN's message holds the password */
		free(d);
	}
}

static void client_line(struct walk *w, struct script_export *x, const struct tf_record *r)
{
	const char *s = (const char *)r->data;
	size_t n = r->len;
	bool secret = r->flags & (TF_F_SECRET | TF_F_MASKED);
	if (w->in_data) {
		if (n == 1 && s[0] == '.') {
			w->in_data = false;
		} else {
			if (w->data.len)
				buf_adds(&w->data, "\\n");
			/* swaks stuffs dots itself: give it the line as written */
			buf_add(&w->data, s + (n > 1 && s[0] == '.' && s[1] == '.'), n - (n > 1 && s[0] == '.' && s[1] == '.'));
		}
		buf_add(&x->script, s, n);
		buf_addc(&x->script, '\n');
		x->lines++;
		return;
	}
	if (w->in_auth) { /* a SASL answer: never in the script */
		if (!strcasecmp(w->mech, "LOGIN") && !secret && !w->user_known)
			learn_user(w, s, n);
		return;
	}
	char verb[16];
	const char *arg = verb_of(s, n, verb, sizeof verb);
	size_t argn = n - (size_t)(arg - s);
	if (r->flags & TF_F_RAW) {
		note(&x->notes, _("a :raw line is sent without CRLF; a script line always ends "
				  "with one: left out"));
		return;
	}
	if (!w->started && (!strcmp(verb, "EHLO") || !strcmp(verb, "HELO") ||
			    !strcmp(verb, "LHLO"))) {
		if (argn < sizeof w->ehlo) {
			memcpy(w->ehlo, arg, argn);
			w->ehlo[argn] = '\0';
		}
		return;
	}
	if (!strcmp(verb, "STARTTLS") || !strcmp(verb, "AUTH")) {
		if (w->started) {
			note(&x->notes, _("STARTTLS and AUTH after the first other command cannot be "
					  "played by run --script (it does them first, from its "
					  "options): left out"));
			w->in_auth = !strcmp(verb, "AUTH");
			return;
		}
		if (!strcmp(verb, "STARTTLS")) {
			w->starttls = true;
			return;
		}
		char m[sizeof w->mech];
		const char *ir = verb_of(arg, argn, m, sizeof m);
		snprintf(w->mech, sizeof w->mech, "%s", m);
		w->in_auth = true;
		w->user_known = false;
		size_t irn = n - (size_t)(ir - s);
		if (irn && !(r->flags & TF_F_MASKED) && strcmp(ir, "="))
			learn_user(w, ir, irn);
		return;
	}
	if (secret) {
		note(&x->notes, _("a line that reveals a secret is never written to a script: "
				  "left out"));
		return;
	}
	w->started = true;
	buf_add(&x->script, s, n);
	buf_addc(&x->script, '\n');
	x->lines++;
	if (!strcmp(verb, "MAIL")) {
		if (w->from[0] || w->two_mails)
			w->two_mails = true;
		else
			address_of(arg, w->from, sizeof w->from);
	} else if (!strcmp(verb, "RCPT")) {
		char a[512];
		address_of(arg, a, sizeof a);
		if (!w->two_mails && a[0]) {
			if (w->to.len)
				buf_addc(&w->to, ',');
			buf_adds(&w->to, a);
		}
	} else if (!strcmp(verb, "DATA")) {
		w->data_pending = true;
	} else if (strcmp(verb, "QUIT") && !strstr(w->swaks_no.data ? w->swaks_no.data : "",
						    verb)) {
		buf_printf(&w->swaks_no, "%s%s", w->swaks_no.len ? ", " : "", verb);
	}
}

static void server_line(struct walk *w, const struct tf_record *r)
{
	const char *s = (const char *)r->data;
	size_t n = r->len;
	if (n < 3 || (n > 3 && s[3] == '-'))
		return; /* only a reply's last line decides */
	int code = (s[0] - '0') * 100 + (s[1] - '0') * 10 + (s[2] - '0');
	if (w->in_auth && code != 334) {
		w->in_auth = false;
		w->auth_ok = code == 235;
	}
	if (w->data_pending) {
		w->data_pending = false;
		w->in_data = code == 354;
		w->had_data |= w->in_data;
	}
}

/* The target as options: HOST:PORT as is, --pipe, unix:/path as is. */
static void target_run(struct buf *b, const char *target)
{
	if (!strncmp(target, "pipe:", 5)) {
		buf_adds(b, " --pipe");
		sh_word(b, target + 5);
	} else {
		sh_word(b, target);
	}
}

static void target_swaks(struct buf *b, const char *target)
{
	if (!strncmp(target, "pipe:", 5)) {
		buf_adds(b, " --pipe");
		sh_word(b, target + 5);
	} else if (!strncmp(target, "unix:", 5)) {
		buf_adds(b, " --socket");
		sh_word(b, target + 5);
	} else {
		buf_adds(b, " --server");
		sh_word(b, target);
	}
}

static void run_line(const struct walk *w, const struct script_export_in *in, struct buf *b)
{
	const struct sasl_mech *m = w->mech[0] ? sasl_find(w->mech) : NULL;
	if (m && m->needs_token)
		buf_adds(b, SCRIPT_EXPORT_TOKEN_ENV "=... ");
	else if (m && m->needs_password)
		buf_adds(b, SCRIPT_EXPORT_PASSWORD_ENV "=... ");
	buf_adds(b, "smtpdbg run");
	if (in->implicit_tls)
		buf_adds(b, " --tls");
	else if (w->starttls)
		buf_adds(b, " --starttls");
	if (in->insecure && (in->implicit_tls || w->starttls))
		buf_adds(b, " --insecure");
	if (w->ehlo[0]) {
		buf_adds(b, " --ehlo");
		sh_word(b, w->ehlo);
	}
	if (w->mech[0]) {
		buf_adds(b, " --auth");
		sh_word(b, w->mech);
		if (!m || m->needs_password) {
			buf_adds(b, " --user");
			sh_word(b, w->user_known ? w->user : "USER");
		}
		if (m && m->needs_token)
			buf_adds(b, " --token-env " SCRIPT_EXPORT_TOKEN_ENV);
		else if (!m || m->needs_password)
			buf_adds(b, " --password-env " SCRIPT_EXPORT_PASSWORD_ENV);
	}
	buf_adds(b, " --script");
	sh_word(b, in->file ? in->file : "FILE");
	target_run(b, in->target);
}

static void swaks_line(const struct walk *w, const struct script_export_in *in,
		       struct script_export *x)
{
	struct buf *b = &x->swaks;
	buf_adds(b, "swaks");
	target_swaks(b, in->target);
	if (in->implicit_tls)
		buf_adds(b, " --tls-on-connect");
	else if (w->starttls)
		buf_adds(b, " --tls");
	if (w->ehlo[0]) {
		buf_adds(b, " --ehlo");
		sh_word(b, w->ehlo);
	}
	if (w->mech[0]) {
		buf_adds(b, " --auth");
		sh_word(b, w->mech);
		buf_adds(b, " --auth-user");
		sh_word(b, w->user_known ? w->user : "USER");
		buf_adds(b, " --auth-password \"$" SCRIPT_EXPORT_PASSWORD_ENV "\"");
	}
	if (w->from[0]) {
		buf_adds(b, " --from");
		sh_word(b, w->from);
	}
	if (w->to.len) {
		buf_adds(b, " --to");
		sh_word(b, w->to.data);
	}
	if (w->had_data) {
		buf_adds(b, " --data");
		sh_word(b, w->data.len ? w->data.data : "");
	} else {
		const char *after = w->to.len ? "rcpt" : w->from[0] ? "mail" : w->mech[0] ? "auth"
				  : w->starttls ? "tls" : "helo";
		buf_adds(b, " --quit-after ");
		buf_adds(b, after);
	}
	if (w->two_mails)
		note(&x->notes, _("swaks sends one message: only the first transaction is in its "
				  "command line"));
	if (w->swaks_no.len) {
		struct buf t;
		buf_init(&t, 0);
		buf_printf(&t, _("swaks has no way to send %s: not in its command line"),
			   w->swaks_no.data);
		note(&x->notes, t.data);
		buf_free(&t);
	}
}

void script_export(const struct tf_list *l, const struct script_export_in *in,
		   struct script_export *x)
{
	memset(x, 0, sizeof *x);
	buf_init(&x->script, 0);
	buf_init(&x->run, 0);
	buf_init(&x->swaks, 0);
	buf_init(&x->notes, 0);
	struct walk w;
	memset(&w, 0, sizeof w);
	buf_init(&w.to, 0);
	buf_init(&w.data, 0);
	buf_init(&w.swaks_no, 0);
	struct buf body;
	buf_init(&body, 0);
	struct buf keep = x->script; /* the lines go to body, the header first */
	x->script = body;
	for (size_t i = 0; i < l->n; i++) {
		if (l->v[i].kind == TF_CLIENT)
			client_line(&w, x, &l->v[i]);
		else if (l->v[i].kind == TF_SERVER)
			server_line(&w, &l->v[i]);
	}
	body = x->script;
	x->script = keep;
	run_line(&w, in, &x->run);
	swaks_line(&w, in, x);
	if (w.mech[0] && !w.user_known)
		note(&x->notes, _("the user name was not seen (masked): put it in place of USER"));
	if (!x->lines)
		note(&x->notes, _("nothing was sent after EHLO, STARTTLS and AUTH: the script is "
				  "empty"));
	/* The script's '#' lines (run skips them) say what plays it. */
	buf_printf(&x->script, "# %s\n", _("smtpdbg run script, exported from an interactive session"));
	buf_printf(&x->script, "# %s\n#   %s\n", _("Play it with:"), x->run.data);
	buf_printf(&x->script, "# %s\n",
		   _("EHLO, STARTTLS and AUTH come from the options; each line below is sent "
		     "after the reply to the one before."));
	buf_add(&x->script, body.data ? body.data : "", body.len);
	buf_free(&body);
	buf_free(&w.to);
	buf_wipe_free(&w.data);
	buf_free(&w.swaks_no);
	memset(w.user, 0, sizeof w.user);
}

void script_export_free(struct script_export *x)
{
	buf_wipe_free(&x->script);
	buf_free(&x->run);
	buf_wipe_free(&x->swaks);
	buf_free(&x->notes);
}
