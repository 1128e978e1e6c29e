/* The one argv parser: names, values, layers. */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli_impl.h"
#include "smtpdbg/cli.h"
#include "smtpdbg/escape.h"
#include "smtpdbg/i18n.h"
#include "smtpdbg/theme.h"
#include "smtpdbg/xmalloc.h"

char *cli_safe(const char *s)
{
	return esc_str(s, strlen(s), esc_flags_for_locale());
}

/* The whole message is escaped, so nothing the user typed (an option
 * such as $'--bad\e[31m', a file name) reaches the terminal raw. */
int cli_fail(const struct cli_cmd *cmd, const char *fmt, ...)
{
	const char *name = cmd && cmd->name[0] ? cmd->name : NULL;
	struct buf msg;
	buf_init(&msg, 0);
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	char *safe = esc_str(msg.data ? msg.data : "", msg.len, esc_flags_for_locale());
	fprintf(stderr, "smtpdbg%s%s: %s\n", name ? " " : "", name ? name : "", safe);
	fprintf(stderr, _("Try 'smtpdbg%s%s --help' for more information.\n"), name ? " " : "",
		name ? name : (cmd ? " HOST" : ""));
	free(safe);
	buf_free(&msg);
	return EXIT_USAGE;
}

const char *opt_name(const struct opt *o, char *buf, size_t size)
{
	if (o->lng)
		snprintf(buf, size, "--%s", o->lng);
	else
		snprintf(buf, size, "-%c", o->shrt);
	return buf;
}

static bool is_end(const struct opt *o)
{
	return !o->lng && !o->shrt;
}

const struct opt *cli_find_long(const struct cli_cmd *cmd, const char *name, size_t *base)
{
	for (size_t g = 0; g < OPT_GROUPS_MAX && cmd->groups[g].opts; g++)
		for (const struct opt *o = cmd->groups[g].opts; !is_end(o); o++)
			if (o->lng && !strcmp(o->lng, name)) {
				*base = cmd->groups[g].base;
				return o;
			}
	return NULL;
}

static const struct opt *find_short(const struct cli_cmd *cmd, char c, size_t *base)
{
	for (size_t g = 0; g < OPT_GROUPS_MAX && cmd->groups[g].opts; g++)
		for (const struct opt *o = cmd->groups[g].opts; !is_end(o); o++)
			if (o->shrt == c) {
				*base = cmd->groups[g].base;
				return o;
			}
	return NULL;
}

/* A decimal number, digits only (no sign, no spaces, no "0x"). */
static int parse_digits(const char *s, const char **end, long long *v)
{
	if (*s < '0' || *s > '9')
		return -1;
	long long n = 0;
	for (; *s >= '0' && *s <= '9'; s++) {
		n = n * 10 + (*s - '0');
		if (n > INT32_MAX)
			return -1;
	}
	*end = s;
	*v = n;
	return 0;
}

static int parse_bool(const char *s, bool *b)
{
	if (!strcasecmp(s, "true") || !strcasecmp(s, "yes") || !strcmp(s, "1"))
		*b = true;
	else if (!strcasecmp(s, "false") || !strcasecmp(s, "no") || !strcmp(s, "0"))
		*b = false;
	else
		return -1;
	return 0;
}

int opt_parse_value(const struct opt *o, const char *text, void *field, struct buf *why)
{
	long long n = 0;
	const char *end = text;
	bool b;
	switch (o->kind) {
	case OPT_FLAG:
		if (parse_bool(text, &b) < 0)
			return buf_adds(why, _("say true or false")), -1;
		*(bool *)field = b;
		return 0;
	case OPT_SET:
		if (parse_bool(text, &b) < 0)
			return buf_adds(why, _("say true or false")), -1;
		if (b)
			*(int *)field = o->val;
		return 0;
	case OPT_STR:
		if (!*text)
			return buf_adds(why, _("an empty value")), -1;
		*(const char **)field = text;
		return 0;
	case OPT_CHOICE:
		for (const char *const *c = o->choices; *c; c++)
			if (!strcasecmp(*c, text)) {
				*(const char **)field = *c;
				return 0;
			}
		buf_adds(why, _("choose one of"));
		for (const char *const *c = o->choices; *c; c++)
			buf_printf(why, "%s %s", c == o->choices ? "" : ",", *c);
		return -1;
	case OPT_INT:
	case OPT_PORT:
		if (parse_digits(text, &end, &n) < 0 || *end || n < o->min ||
		    n > (o->kind == OPT_PORT ? 65535 : o->max)) {
			if (o->kind == OPT_PORT)
				buf_printf(why, _("not a port number from %d to 65535"), o->min);
			else
				buf_printf(why, _("not a whole number from %d to %d"), o->min, o->max);
			return -1;
		}
		*(int *)field = (int)n;
		return 0;
	case OPT_SECS: {
		long long unit = 1;
		if (parse_digits(text, &end, &n) == 0) {
			if (!strcmp(end, "s") || !*end)
				unit = 1;
			else if (!strcmp(end, "m"))
				unit = 60;
			else if (!strcmp(end, "h"))
				unit = 3600;
			else
				unit = 0;
		}
		if (!unit || *text < '0' || *text > '9' || n * unit < o->min || n * unit > o->max) {
			buf_printf(why, _("not a duration from %d to %d seconds (N, Ns, Nm or Nh)"),
				   o->min, o->max);
			return -1;
		}
		*(int *)field = (int)(n * unit);
		return 0;
	}
	case OPT_SIZE: {
		unsigned long long unit = 0, v;
		if (parse_digits(text, &end, &n) == 0) {
			if (!*end)
				unit = 1;
			else if (!strcasecmp(end, "k"))
				unit = 1ull << 10;
			else if (!strcasecmp(end, "m"))
				unit = 1ull << 20;
			else if (!strcasecmp(end, "g"))
				unit = 1ull << 30;
		}
		v = (unsigned long long)n * unit;
		if (!unit || v < ((unsigned long long)o->min << 20) ||
		    v > ((unsigned long long)o->max << 20)) {
			buf_printf(why, _("not a size from %dM to %dM (N, NK, NM or NG)"), o->min, o->max);
			return -1;
		}
		*(size_t *)field = (size_t)v;
		return 0;
	}
	case OPT_LIST: {
		/* May be empty: an empty --challenge is the empty 334. */
		struct opt_list *l = field;
		l->v = xrealloc(l->v, (l->n + 1) * sizeof *l->v);
		l->v[l->n++] = text;
		return 0;
	}
	}
	return -1;
}

int opt_apply(const struct cli_cmd *cmd, void *out, const struct opt *o, size_t base,
	      const char *value, struct opt_layer *layer, const char *where)
{
	void *field = o->global ? o->global : (char *)out + base + o->off;
	size_t i;
	for (i = 0; i < layer->n; i++)
		if (layer->seen[i].field == field)
			break;
	char n1[64], n2[64];
	bool on;
	if (i < layer->n) {
		const struct opt *before = layer->seen[i].o;
		if (o->kind == OPT_SET && before->val != o->val && parse_bool(value, &on) == 0 && on) {
			cli_fail(cmd, _("%s: %s and %s exclude each other"), where,
				 opt_name(before, n1, sizeof n1), opt_name(o, n2, sizeof n2));
			return -1;
		}
	} else if (layer->n < sizeof layer->seen / sizeof layer->seen[0]) {
		layer->seen[layer->n].field = field;
		layer->n++;
		/* A list given again in a higher layer replaces the lower one's. */
		if (o->kind == OPT_LIST)
			((struct opt_list *)field)->n = 0;
	}
	if (i < sizeof layer->seen / sizeof layer->seen[0])
		layer->seen[i].o = o;
	struct buf why;
	buf_init(&why, 0);
	int rc = opt_parse_value(o, value, field, &why);
	if (rc < 0) {
		if (strcmp(where, opt_name(o, n1, sizeof n1)))
			cli_fail(cmd, "%s: %s '%s': %s", where, n1, value, why.data);
		else
			cli_fail(cmd, "%s '%s': %s", where, value, why.data);
	}
	buf_free(&why);
	return rc;
}

/* One option from argv, kept until the config file's layers are applied. */
struct pending {
	const struct opt *o;
	size_t base;
	const char *value;
	char where[64];
};

static int unknown(const struct cli_cmd *cmd, const char *arg)
{
	return cli_fail(cmd, _("unknown option '%s'"), arg);
}

static bool takes_value(const struct opt *o)
{
	return o->kind != OPT_FLAG && o->kind != OPT_SET;
}

/* Split argv into pending options and operands. Returns -1 to go on, or
 * an exit status. */
static int scan(const struct cli_cmd *cmd, int argc, char **argv, struct pending *p,
		size_t *np, struct cli_args *args)
{
	bool options = true;
	for (int i = 1; i < argc; i++) {
		char *a = argv[i];
		if (!options || a[0] != '-' || !a[1]) {
			args->operands[args->n++] = a;
			if (cmd->operands_end_options)
				options = false;
			continue;
		}
		if (!strcmp(a, "--")) {
			options = false;
			continue;
		}
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			cli_help(cmd, stdout);
			return EXIT_OK;
		}
		if (!strcmp(a, "-V") || !strcmp(a, "--version")) {
			cli_version(stdout);
			return EXIT_OK;
		}
		const struct opt *o;
		size_t base = 0;
		const char *inline_value = NULL;
		if (a[1] == '-') {
			char name[64];
			const char *eq = strchr(a + 2, '=');
			size_t len = eq ? (size_t)(eq - a - 2) : strlen(a + 2);
			if (len >= sizeof name)
				return unknown(cmd, a);
			memcpy(name, a + 2, len);
			name[len] = '\0';
			o = cli_find_long(cmd, name, &base);
			inline_value = eq ? eq + 1 : NULL;
		} else {
			o = a[2] ? NULL : find_short(cmd, a[1], &base);
		}
		if (!o)
			return unknown(cmd, a);
		struct pending *q = &p[(*np)++];
		q->o = o;
		q->base = base;
		opt_name(o, q->where, sizeof q->where);
		if (!takes_value(o)) {
			if (inline_value)
				return cli_fail(cmd, _("%s takes no value"), q->where);
			q->value = "true";
		} else if (inline_value) {
			q->value = inline_value;
		} else if (i + 1 < argc) {
			q->value = argv[++i];
		} else {
			return cli_fail(cmd, _("%s needs a value (%s)"), q->where, _(o->metavar));
		}
	}
	return -1;
}

int cli_parse(const struct cli_cmd *cmd, int argc, char **argv, void *out,
	      struct cli_args *args, bool host_section)
{
	memset(args, 0, sizeof *args);
	args->operands = xcalloc((size_t)argc + 1, sizeof *args->operands);
	struct pending *p = xcalloc((size_t)argc + 1, sizeof *p);
	size_t np = 0;
	int rc = scan(cmd, argc, argv, p, &np, args);
	if (rc < 0 && cmd->uses_config &&
	    config_apply(cmd, out, host_section && args->n ? args->operands[0] : NULL,
			 &args->config_path) < 0)
		rc = EXIT_USAGE;
	struct opt_layer layer = {.n = 0};
	for (size_t i = 0; rc < 0 && i < np; i++)
		if (opt_apply(cmd, out, p[i].o, p[i].base, p[i].value, &layer, p[i].where) < 0)
			rc = EXIT_USAGE;
	free(p);
	return rc;
}

void cli_free(const struct cli_cmd *cmd, void *out, struct cli_args *args)
{
	for (size_t g = 0; g < OPT_GROUPS_MAX && cmd->groups[g].opts; g++)
		for (const struct opt *o = cmd->groups[g].opts; !is_end(o); o++)
			if (o->kind == OPT_LIST) {
				struct opt_list *l =
					(void *)((char *)out + cmd->groups[g].base + o->off);
				free(l->v);
				l->v = NULL;
				l->n = 0;
			}
	if (args) {
		free(args->operands);
		args->operands = NULL;
		args->n = 0;
	}
}

int cli_check_theme(const struct cli_cmd *cmd, const char *name)
{
	struct theme t;
	if (!name || theme_load(&t, name, NULL, NULL) == 0)
		return -1;
	return cli_fail(cmd, _("--theme '%s': no such theme (smtpdbg theme list shows them)"), name);
}

bool cli_good_name(const char *s)
{
	for (const char *c = s; *c; c++)
		if (*c <= ' ' || *c >= 0x7f || *c == '<' || *c == '>')
			return false;
	return *s != '\0';
}
