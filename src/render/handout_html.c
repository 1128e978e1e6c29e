/* The HTML handout: one file, its style inside, no script and no external
 * resource (the Content-Security-Policy forbids both, should anything slip
 * through). Every element and attribute is written here from fixed
 * strings; the rows' text only ever goes through handout_html_text. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "smtpdbg/handout.h"
#include "smtpdbg/i18n.h"

void handout_html_text(FILE *f, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		switch (s[i]) {
		case '&': fputs("&amp;", f); break;
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '"': fputs("&quot;", f); break;
		case '\'': fputs("&#39;", f); break;
		default: fputc(s[i], f); break;
		}
	}
}

static void text(FILE *f, const char *s)
{
	if (s)
		handout_html_text(f, s, strlen(s));
}

/* Each line of s inside <open>...</close>. */
static void lines(FILE *f, const char *s, const char *open, const char *close)
{
	while (s) {
		const char *nl = strchr(s, '\n');
		size_t n = nl ? (size_t)(nl - s) : strlen(s);
		fputs(open, f);
		handout_html_text(f, s, n);
		fputs(close, f);
		s = nl ? nl + 1 : NULL;
	}
}

static void paragraphs(FILE *f, const char *s)
{
	lines(f, s, "<p>", "</p>\n");
}

static const char *party_name(char p)
{
	switch (p) {
	case 'S': return _("Server");
	case 'C': return _("Client");
	case '!': return _("Warning");
	default: return _("Note");
	}
}

static const char *party_class(char p)
{
	switch (p) {
	case 'S': return "srv";
	case 'C': return "cli";
	case '!': return "warn";
	default: return "note";
	}
}

/* The length of a reply code at the start of s ("250", "550"), or 0. */
static size_t code_len(const char *s, size_t n)
{
	if (n < 3 || s[0] < '2' || s[0] > '5' || s[1] < '0' || s[1] > '9' || s[2] < '0' ||
	    s[2] > '9')
		return 0;
	return n == 3 || s[3] == ' ' || s[3] == '-' ? 3 : 0;
}

/* An enhanced status code at the start of s ("5.7.1"), or 0. */
static size_t enhanced_len(const char *s, size_t n)
{
	size_t i = 0;
	for (int part = 0; part < 3; part++) {
		size_t d = 0;
		while (i < n && s[i] >= '0' && s[i] <= '9' && d < 3)
			i++, d++;
		if (!d || (part == 0 && d != 1))
			return 0;
		if (part < 2) {
			if (i >= n || s[i] != '.')
				return 0;
			i++;
		}
	}
	return i == n || s[i] == ' ' ? i : 0;
}

/* A server line: its code and enhanced code in the theme's colours. */
static void server_line(FILE *f, const char *s, size_t n)
{
	size_t c = code_len(s, n);
	fputs("<div>", f);
	if (c) {
		fprintf(f, "<span class=\"c%c\">", s[0]);
		handout_html_text(f, s, c);
		fputs("</span>", f);
		if (c < n)
			handout_html_text(f, s + c, 1);
		size_t at = c < n ? c + 1 : n;
		size_t e = enhanced_len(s + at, n - at);
		if (e) {
			fputs("<span class=\"enh\">", f);
			handout_html_text(f, s + at, e);
			fputs("</span>", f);
			at += e;
		}
		handout_html_text(f, s + at, n - at);
	} else {
		handout_html_text(f, s, n);
	}
	fputs("</div>", f);
}

static void wire(FILE *f, const struct teach_row *w)
{
	const char *s = w->wire ? w->wire : "";
	if (w->party != 'S' && w->party != 'C') {
		fputs("<td class=\"line\">", f);
		lines(f, s, "<div>", "</div>");
		fputs("</td>", f);
		return;
	}
	fputs("<td class=\"line wire\">", f);
	if (!*s) {
		fputs("<span class=\"tag\">", f);
		text(f, _("(empty)"));
		fputs("</span>", f);
	}
	while (*s) {
		const char *nl = strchr(s, '\n');
		size_t n = nl ? (size_t)(nl - s) : strlen(s);
		if (w->party == 'S') {
			server_line(f, s, n);
		} else {
			fputs("<div>", f);
			handout_html_text(f, s, n);
			fputs("</div>", f);
		}
		if (!nl)
			break;
		s = nl + 1;
	}
	fputs("</td>", f);
}

static void tag(FILE *f, const char *cls, const char *s)
{
	/* The words come from the catalogue with the TUI's spacing around. */
	while (*s == ' ')
		s++;
	fprintf(f, "<span class=\"%s\">", cls);
	text(f, s);
	fputs("</span>", f);
}

static void row(FILE *f, const struct teach_row *w)
{
	fprintf(f, "<tr class=\"%s%s\"><td class=\"party\">", party_class(w->party),
		w->tls ? " tls" : "");
	text(f, party_name(w->party));
	if (w->tls)
		tag(f, "tag", "TLS");
	if (w->typed)
		tag(f, "tag", _("  (typed)"));
	fputs("</td>", f);
	wire(f, w);
	fprintf(f, "<td class=\"dec%s\">", w->secret ? " secret" : "");
	if (w->decoded)
		lines(f, w->decoded, "<div>", "</div>");
	fputs("</td><td class=\"ex\">", f);
	if (w->unexpected) {
		fputs("<p class=\"unexp\">", f);
		tag(f, "unexp", _("  (not the reply the lesson expected)"));
		fputs("</p>", f);
	}
	if (w->explain) {
		paragraphs(f, w->explain);
		if (w->detail) {
			fputs("<details class=\"notes\"><summary>", f);
			text(f, _("What smtpdbg says"));
			fputs("</summary>", f);
			lines(f, w->detail, "<div>", "</div>\n");
			fputs("</details>", f);
		}
	} else if (w->detail) {
		lines(f, w->detail, "<div class=\"d\">", "</div>\n");
	}
	fputs("</td></tr>\n", f);
}

void handout_html_head(FILE *f, const struct handout_meta *m, const struct theme *t, bool mono,
		       const char *lang)
{
	fprintf(f, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n",
		lang && !strcmp(lang, "de") ? "de" : "en");
	fputs("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
	      "style-src 'unsafe-inline'\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	      "<meta name=\"generator\" content=\"smtpdbg " SMTPDBG_VERSION "\">\n<title>",
	      f);
	text(f, m->title ? m->title : "smtpdbg");
	fputs("</title>\n<style>\n", f);
	handout_css(f, t, mono);
	fputs("</style>\n</head>\n<body>\n", f);
	if (m->title) {
		fputs("<h1>", f);
		text(f, m->title);
		fputs("</h1>\n", f);
	}
	if (m->subtitle) {
		fputs("<p class=\"sub\">", f);
		text(f, m->subtitle);
		fputs("</p>\n", f);
	}
	if (m->about) {
		fputs("<div class=\"about\">\n", f);
		paragraphs(f, m->about);
		fputs("</div>\n", f);
	}
	fputs("<table>\n<colgroup><col class=\"party\"><col class=\"line\"><col class=\"dec\">"
	      "<col class=\"ex\"></colgroup>\n<thead><tr><th>",
	      f);
	text(f, _("Party"));
	fputs("</th><th>", f);
	text(f, _("Line"));
	fputs("</th><th>", f);
	text(f, _("Decoded"));
	fputs("</th><th>", f);
	text(f, _("Explanation"));
	fputs("</th></tr></thead>\n<tbody>\n", f);
}

void handout_html_rows(FILE *f, const struct teach_rows *r, size_t from, size_t to)
{
	for (size_t i = from; i < to && i < r->n; i++)
		row(f, &r->v[i]);
}

void handout_html_foot(FILE *f, const char *note)
{
	fputs("</tbody>\n</table>\n", f);
	if (note) {
		fputs("<p class=\"foot\">", f);
		text(f, note);
		fputs("</p>\n", f);
	}
	fputs("</body>\n</html>\n", f);
}
