/* The prompts of an AUTH exchange typed by hand: a 334 turns the input
 * into a labelled field whose answer is Base64-encoded for the user; PLAIN
 * and CRAM-MD5 ask for a user and a password and compute the response;
 * :auth runs a whole exchange; PLAIN and LOGIN in clear ask first. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "session_impl.h"
#include "smtpdbg/b64.h"
#include "smtpdbg/caps.h"
#include "smtpdbg/escape.h"
#include "smtpdbg/i18n.h"
#include "smtpdbg/xmalloc.h"

static void wipe_str(char **p)
{
	if (*p) {
		wipe(*p, strlen(*p));
		free(*p);
		*p = NULL;
	}
}

void session_auth_reset(struct session *s)
{
	wipe_str(&s->user);
	wipe_str(&s->pending_line);
	s->pending_secret = false;
	s->mech = NULL;
	s->field_secret = false;
	s->flow = FLOW_SMTP;
}

bool session_cleartext_auth(const struct session *s, const char *mech)
{
	const struct sasl_mech *m = sasl_find(mech);
	return m && m->reveals_password && !smtp_client_tls(s->c);
}

const char *session_cleartext_advice(const struct session *s)
{
	const struct smtp_caps *caps = smtp_client_caps(s->c);
	if (!caps->known)
		return _("No TLS: AUTH PLAIN and LOGIN carry the password only Base64-encoded, so anyone on the path can read it. Send EHLO first: if the server offers STARTTLS, type STARTTLS before AUTH. Or answer y to send anyway.");
	if (caps->starttls)
		return _("No TLS: AUTH PLAIN and LOGIN carry the password only Base64-encoded, so anyone on the path can read it. The server offers STARTTLS: type STARTTLS first (then EHLO again), or answer y to send anyway.");
	return _("No TLS, and this server does not offer STARTTLS: AUTH PLAIN and LOGIN carry the password only Base64-encoded, so anyone on the path can read it. Use the server's implicit-TLS port (465, --tls) or a mechanism that does not send the password (CRAM-MD5, SCRAM), or answer y to send anyway.");
}

static void ask(struct session *s, enum session_flow flow, bool secret, const char *label)
{
	s->flow = flow;
	s->field_secret = secret;
	snprintf(s->label, sizeof s->label, "%s", label);
}

/* Whether a prompt plainly asks for the user name ("Username:", "User
 * Name", "login:"). */
static bool asks_user(const uint8_t *p, size_t n)
{
	static const char *const words[] = {"user", "name", "login", "benutzer"};
	for (size_t i = 0; i < n; i++)
		for (size_t w = 0; w < sizeof words / sizeof words[0]; w++) {
			size_t wl = strlen(words[w]);
			if (i + wl <= n && !strncasecmp((const char *)p + i, words[w], wl))
				return true;
		}
	return false;
}

/* Whether the answer to this challenge is a secret, by the mechanism's
 * step and never by what the prompt claims: of a password mechanism every
 * answer is, except LOGIN's first when it plainly asks for the user name
 * (its second is the password whatever the prompt says); an empty or
 * unknown prompt counts as a password prompt. */
static bool answer_is_secret(const struct session *s, const uint8_t *chal, size_t len)
{
	const struct sasl_mech *m = sasl_find(s->auth_mech);
	if (m && !m->needs_password && !m->needs_token && !m->kerberos)
		return false; /* EXTERNAL and the like: nothing secret */
	bool login = m && !strcmp(m->name, "LOGIN");
	if ((login || !m) && s->sasl_answers == 0 && asks_user(chal, len))
		return false;
	return true;
}

/* What text is, decoded, when it is strict Base64 of printable text (the
 * escaped form changes nothing but doubled backslashes): someone pasted
 * Base64 where the field encodes for them. NULL otherwise; the caller
 * wipes and frees the result (it may be a password). */
static char *already_b64(const struct session *s, const char *text)
{
	uint8_t *dec;
	size_t n, pos;
	const char *err;
	if (!*text || b64_decode(text, strlen(text), &dec, &n, &err, &pos) < 0)
		return NULL;
	size_t backslashes = 0;
	bool printable = n > 0;
	for (size_t i = 0; i < n && printable; i++) {
		printable = dec[i] >= 0x20 && dec[i] != 0x7f;
		backslashes += dec[i] == '\\';
	}
	char *check = printable ? esc_str(dec, n, 0) : NULL;
	char *shown = NULL;
	/* Anything else escaped: invalid UTF-8, or a format character. */
	if (check && strlen(check) == n + backslashes)
		shown = esc_str(dec, n, s->esc);
	if (check) {
		wipe(check, strlen(check));
		free(check);
	}
	wipe(dec, n);
	free(dec);
	return shown;
}

void session_on_challenge(struct session *s, const uint8_t *chal, size_t len)
{
	free(s->challenge);
	s->have_challenge = len <= SESSION_CHALLENGE_MAX;
	s->challenge = xmalloc(len + 1);
	s->challenge_len = s->have_challenge ? len : 0;
	memcpy(s->challenge, chal, s->challenge_len);
	s->challenge[s->challenge_len] = 0;

	const struct sasl_mech *m = sasl_find(s->auth_mech);
	wipe_str(&s->user);
	if (m && m->needs_password && (!strcmp(m->name, "PLAIN") || !strcmp(m->name, "CRAM-MD5"))) {
		s->mech = m;
		s->use = USE_CHALLENGE;
		ask(s, FLOW_MECH_USER, false, _("Username: "));
		session_say(s, _("%s: type the user name, then the password (hidden); the response is computed and Base64-encoded for you (Esc or Ctrl-C cancels with \"*\")"),
			    m->name);
		return;
	}
	char *shown = esc_str(chal, len < 60 ? len : 60, s->esc);
	struct buf l;
	buf_init(&l, 0);
	if (*shown)
		buf_printf(&l, "%s ", shown);
	else
		buf_adds(&l, _("Response: "));
	ask(s, FLOW_SASL_FIELD, answer_is_secret(s, chal, len), l.data);
	session_say(s, "%s", s->field_secret
				     ? _("The server asks for the password: it is hidden, Base64-encoded for you and masked in the transcript (:raw BASE64 sends Base64 you encoded yourself)")
				     : _("The server asks (decoded from Base64): your answer is Base64-encoded for you (:raw BASE64 sends Base64 you encoded yourself); \"*\" cancels"));
	buf_free(&l);
	free(shown);
}

/* SCRAM-*-PLUS binds the exchange to this TLS connection. */
static int channel_binding(void *ctx, const char **type, uint8_t *out, size_t *len)
{
	struct session *s = ctx;
	return session_tls(s) ? tls_channel_binding(session_tls(s), type, out, len) : -1;
}

static struct sasl_creds creds_for(struct session *s, const char *password)
{
	return (struct sasl_creds){.user = s->user, .password = password,
				   .host = s->o->conn.host,
				   .port = s->o->conn.port ? (unsigned)atoi(s->o->conn.port) : 0,
				   .channel_binding = channel_binding, .cb_ctx = s,
				   .gss_service = s->o->creds.gss_service,
				   .gss_host = s->o->creds.gss_host,
				   .gss_keytab = s->o->creds.gss_keytab,
				   .gss_principal = s->o->creds.gss_principal,
				   .ntlm_v1 = s->o->creds.ntlm_v1};
}

/* PLAIN or CRAM-MD5 typed by hand: answer the stored challenge. */
static void answer_challenge(struct session *s, const char *password)
{
	struct sasl_creds cr = creds_for(s, password);
	void *st = s->mech->init(&cr);
	if (!st) {
		session_say(s, "%s", _("the mechanism could not start"));
		return;
	}
	struct sasl_step step;
	sasl_step_init(&step);
	enum sasl_status rc = s->mech->step(st, s->challenge, s->challenge_len, &step);
	if (step.explain.len) {
		annot_items_free(&s->pending);
		sasl_step_items(&step, &s->pending); /* S reveals what it masks */
	}
	if (rc == SASL_FAIL) {
		session_say(s, "%s", step.explain.len ? step.explain.data : _("the mechanism failed"));
		session_send(s, "*", 1, 0);
	} else {
		char *b = b64_encode(step.response.data ? step.response.data : "", step.response.len);
		session_send(s, b, strlen(b), step.secret ? SMTP_F_SECRET : 0);
		wipe(b, strlen(b));
		free(b);
	}
	sasl_step_free(&step);
	s->mech->done(st);
}

static void run_auth(struct session *s, const char *password)
{
	struct sasl_creds cr = creds_for(s, password);
	if (s->closed || (s->loop && !s->connected)) {
		session_say(s, "%s", _("not connected"));
		return;
	}
	snprintf(s->auth_mech, sizeof s->auth_mech, "%s", s->mech->name);
	s->engine_auth = true;
	if (smtp_client_auth(s->c, s->mech, &cr) < 0) {
		s->engine_auth = false;
		const char *why = smtp_client_auth_error(s->c);
		/* Where the person looks, and in the transcript to scroll back to. */
		if (*why) {
			session_say(s, _("%s could not start: %s"), s->mech->name, why);
			session_note(s, TR_WARN, why);
		} else {
			session_say(s, _("%s could not start"), s->mech->name);
		}
	}
	session_pump(s);
}

/* :auth after the questions: ask for what the mechanism needs. */
static void start_auth(struct session *s)
{
	if (s->mech->needs_password) {
		ask(s, FLOW_MECH_USER, false, _("Username: "));
		return;
	}
	const struct sasl_mech *m = s->mech;
	session_auth_reset(s);
	s->mech = m;
	run_auth(s, NULL);
	s->mech = NULL;
}

static bool yes(const char *line)
{
	return i18n_yes(line);
}

/* The answer to "Base64 already: as is? (Y/n)": Enter means yes. */
static bool as_is(const char *line)
{
	return !*line || yes(line);
}

/* Answer a 334 with text: Base64-encoded first (encode), or as typed; the
 * message line says what went out (never a secret's text), and the line's
 * explanation too when the text was Base64 already. */
static void send_answer(struct session *s, const char *text, bool secret, bool encode,
			bool already)
{
	char *b = encode ? b64_encode(text, strlen(text)) : xstrdup(text);
	s->sasl_answers++;
	if (session_send(s, b, strlen(b), secret ? SMTP_F_SECRET : 0) == 0) {
		/* Said on the line too: the message gives way to the next prompt. */
		long i = session_last_protocol_line(&s->tr);
		if (i >= 0 && s->tr.v[i].kind == TR_CLIENT && (!encode || already))
			tr_explain_add(&s->tr, (size_t)i, AK_NOTE,
				       encode ? _("What you typed was Base64 already; at your answer n it was encoded again, so the server decodes it to the Base64 text itself.")
					      : _("Sent as you typed it: Base64 you encoded yourself, not encoded again."));
		char *shown = esc_str(text, strlen(text), s->esc);
		if (secret)
			session_say(s, "%s", encode ? _("sent: the Base64 of what you typed (masked)")
						    : _("sent: what you typed, as is (masked)"));
		else if (encode)
			session_say(s, _("sent: %s, the Base64 of \"%s\""), b, shown);
		else
			session_say(s, _("sent as typed, not encoded again: %s"), shown);
		free(shown);
	}
	wipe(b, strlen(b));
	free(b);
}

/* Text typed where the field encodes is Base64 of printable text already:
 * ask before encoding it a second time. dec (its decoded form) is used for
 * the question and freed. */
static void confirm_b64(struct session *s, enum session_flow flow, const char *typed, char *dec,
			bool secret)
{
	/* The mechanism and its use stay: the user name's question is a step
	 * of the same exchange. */
	wipe_str(&s->pending_line);
	s->pending_line = xstrdup(typed);
	s->pending_secret = secret;
	struct buf q;
	buf_init(&q, 0);
	if (flow == FLOW_CONFIRM_B64_USER) {
		ask(s, flow, false, _("Use the decoded user name? (Y/n) "));
		buf_printf(&q, _("What you typed is Base64 already, of \"%s\". Enter or y: use \"%s\" as the user name (smtpdbg encodes it for you); n: use what you typed, letter for letter."),
			   dec, dec);
	} else if (secret) {
		ask(s, flow, false, _("Send it as is, without encoding it again? (Y/n) "));
		buf_adds(&q, _("What you typed is valid Base64 of printable text already. Enter or y: send it as typed (the server decodes it); n: encode it again (the server then receives the Base64 text itself)."));
	} else {
		ask(s, flow, false, _("Send it as is, without encoding it again? (Y/n) "));
		buf_printf(&q, _("What you typed is Base64 already, of \"%s\". Enter or y: send it as typed (the server decodes it to \"%s\"); n: encode it again (the server then receives the Base64 text itself)."),
			   dec, dec);
	}
	session_say(s, "%s", q.data);
	buf_free(&q);
	wipe(dec, strlen(dec));
	free(dec);
}

bool session_auth_submit(struct session *s, const char *line)
{
	switch (s->flow) {
	case FLOW_SMTP:
		return false;
	case FLOW_CONFIRM_LINE: {
		char *l = s->pending_line;
		s->pending_line = NULL;
		s->flow = FLOW_SMTP;
		if (yes(line))
			session_send_line(s, l);
		else
			session_say(s, "%s", _("not sent"));
		if (l) {
			wipe(l, strlen(l));
			free(l);
		}
		return false;
	}
	case FLOW_CONFIRM_AUTH:
		s->flow = FLOW_SMTP;
		if (yes(line))
			start_auth(s);
		else
			session_auth_reset(s), session_say(s, "%s", _("not sent"));
		return false;
	case FLOW_SASL_FIELD: {
		bool secret = s->field_secret;
		session_auth_reset(s);
		if (!strcmp(line, "*")) {
			session_send(s, "*", 1, 0);
			return false;
		}
		/* :raw TEXT: Base64 encoded by hand, sent as typed. */
		if (!strncmp(line, ":raw ", 5)) {
			send_answer(s, line + 5, secret, false, true);
			return false;
		}
		char *dec = already_b64(s, line);
		if (dec) {
			confirm_b64(s, FLOW_CONFIRM_B64, line, dec, secret);
			return false;
		}
		send_answer(s, line, secret, true, false);
		return false;
	}
	case FLOW_CONFIRM_B64: {
		char *typed = s->pending_line;
		bool secret = s->pending_secret;
		s->pending_line = NULL;
		session_auth_reset(s);
		send_answer(s, typed, secret, !as_is(line), true);
		wipe_str(&typed);
		return false;
	}
	case FLOW_MECH_USER: {
		char *dec = already_b64(s, line);
		if (dec) {
			confirm_b64(s, FLOW_CONFIRM_B64_USER, line, dec, false);
			return false;
		}
		wipe_str(&s->user);
		s->user = xstrdup(line);
		ask(s, FLOW_MECH_PASSWORD, true, _("Password: "));
		return false;
	}
	case FLOW_CONFIRM_B64_USER: {
		char *typed = s->pending_line;
		s->pending_line = NULL;
		wipe_str(&s->user);
		if (as_is(line)) {
			uint8_t *dec;
			size_t n, pos;
			const char *err;
			if (b64_decode(typed, strlen(typed), &dec, &n, &err, &pos) == 0) {
				s->user = xstrndup((const char *)dec, n);
				wipe(dec, n);
				free(dec);
			}
		}
		if (!s->user)
			s->user = xstrdup(typed);
		char *shown = esc_str(s->user, strlen(s->user), s->esc);
		session_say(s, _("user name: %s"), shown);
		free(shown);
		wipe_str(&typed);
		ask(s, FLOW_MECH_PASSWORD, true, _("Password: "));
		return false;
	}
	case FLOW_MECH_PASSWORD: {
		const struct sasl_mech *m = s->mech;
		enum session_use use = s->use;
		char *user = s->user;
		s->user = NULL;
		session_auth_reset(s);
		s->mech = m;
		s->user = user;
		if (use == USE_CHALLENGE)
			answer_challenge(s, line);
		else
			run_auth(s, line);
		wipe_str(&s->user);
		s->mech = NULL;
		return false;
	}
	}
	return false;
}

void session_cancel_prompt(struct session *s)
{
	/* A server waiting for the answer to a 334 is told with "*". */
	bool answering = s->flow == FLOW_SASL_FIELD || s->flow == FLOW_CONFIRM_B64 ||
			 (s->flow == FLOW_CONFIRM_B64_USER && s->use == USE_CHALLENGE) ||
			 ((s->flow == FLOW_MECH_USER || s->flow == FLOW_MECH_PASSWORD) &&
			  s->use == USE_CHALLENGE);
	if (s->flow == FLOW_SMTP)
		return;
	session_auth_reset(s);
	if (answering)
		session_send(s, "*", 1, 0);
	session_say(s, "%s", answering ? _("cancelled: sent \"*\"") : _("cancelled"));
}

static int mech_index(const char *name)
{
	const struct sasl_mech *const *all = sasl_all();
	for (int i = 0; all[i]; i++)
		if (!strcasecmp(all[i]->name, name))
			return i;
	return -1;
}

/* The strongest mechanism the server offers that was not tried yet and can
 * run here (a token mechanism cannot: the TUI has no token option; -PLUS
 * needs TLS). sasl_all() is ordered strongest first. */
static const struct sasl_mech *next_mech(const struct session *s)
{
	const struct smtp_caps *caps = smtp_client_caps(s->c);
	const struct sasl_mech *const *all = sasl_all();
	for (int i = 0; all[i]; i++) {
		if (s->auth_tried & (1u << i) || !caps_has_auth(caps, all[i]->name))
			continue;
		if (all[i]->needs_token || (all[i]->plus && !session_tls(s)))
			continue;
		return all[i];
	}
	return NULL;
}

/* Whether the server said the mechanism was the problem (504 5.5.4, 534
 * 5.7.9, 538 5.7.11): only then can another mechanism help. Wrong
 * credentials (535) stay wrong with every mechanism. */
static bool mechanism_refused(const struct diag_result *d)
{
	static const char *const ids[] = {"auth.mech-weak", "auth.mech-unsupported",
					  "auth.encryption-required"};
	for (size_t i = 0; d && d->kind && i < sizeof ids / sizeof ids[0]; i++)
		if (!strcmp(d->kind->id, ids[i]))
			return true;
	return false;
}

void session_auth_failed(struct session *s, size_t entry, const struct diag_result *d)
{
	int i = mech_index(s->auth_mech);
	if (i >= 0)
		s->auth_tried |= 1u << i;
	if (!mechanism_refused(d))
		return;
	const struct sasl_mech *m = next_mech(s);
	char hint[256];
	if (m)
		snprintf(hint, sizeof hint,
			 _("Next: :auth next (or the key A) tries %s, the strongest mechanism "
			   "the server offers that was not tried yet."),
			 m->name);
	else
		snprintf(hint, sizeof hint, "%s",
			 _("Every mechanism the server offers that can run here was tried."));
	tr_explain_add(&s->tr, entry, AK_NEXT, hint);
}

void session_auth_tool(struct session *s, const char *mech)
{
	bool next = !strcasecmp(mech, "next");
	const struct sasl_mech *m = next ? next_mech(s) : sasl_find(mech);
	if (next && !m) {
		session_say(s, "%s", _("no other mechanism to try: the server offers none that "
				       "was not tried and can run here"));
		return;
	}
	if (!next)
		s->auth_tried = 0;
	if (!m) {
		session_say(s, _("unknown mechanism %s (see smtpdbg sasl --help)"), mech);
		return;
	}
	if (m->needs_token) {
		session_say(s, _("%s needs an OAuth token: use smtpdbg run --auth %s --token-env VAR"),
			    m->name, m->name);
		return;
	}
	session_auth_reset(s);
	s->mech = m;
	s->use = USE_AUTH;
	if (session_cleartext_auth(s, m->name)) {
		ask(s, FLOW_CONFIRM_AUTH, false, _("Send credentials in clear? (y/N) "));
		session_say(s, "%s", session_cleartext_advice(s));
		return;
	}
	start_auth(s);
}

void session_cram_tool(struct session *s)
{
	if (!s->have_challenge || smtp_client_state(s->c) != SMTP_ST_AUTH) {
		session_say(s, "%s", _(":cram answers a 334 challenge: type AUTH CRAM-MD5 first"));
		return;
	}
	session_auth_reset(s);
	s->mech = sasl_find("CRAM-MD5");
	s->use = USE_CHALLENGE;
	ask(s, FLOW_MECH_USER, false, _("Username: "));
}
