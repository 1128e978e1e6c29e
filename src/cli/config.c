/* The config file: ${XDG_CONFIG_HOME:-~/.config}/smtpdbg/config, read,
 * never written. Lines are "name = value" for long options; [COMMAND] and
 * [host TARGET] sections narrow where they apply. The whole file is
 * checked before anything of it is used, and a bad line stops the program
 * with FILE:LINE: why. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli_impl.h"
#include "smtpdbg/cli.h"
#include "smtpdbg/escape.h"
#include "smtpdbg/i18n.h"
#include "smtpdbg/xmalloc.h"

#define CONFIG_MAX (64 * 1024)
#define ENTRIES_MAX 1000

enum section_kind { SEC_TOP, SEC_COMMAND, SEC_HOST };

struct entry {
	enum section_kind kind;
	const char *section;     /* the command section's name or the host */
	const char *name, *value;
	unsigned line;
};

static struct {
	bool loaded, quiet;
	char path[4096];
	char *text;              /* the file, cut into the strings below */
	struct entry *e;
	size_t n;
} cfg;

static const struct cli_cmd *by_section(const char *s);

static void release(void)
{
	free(cfg.text);
	free(cfg.e);
	cfg.text = NULL;
	cfg.e = NULL;
}

static int bad(unsigned line, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int bad(unsigned line, const char *fmt, ...)
{
	if (cfg.quiet)
		return -1;
	struct buf msg;
	buf_init(&msg, 0);
	if (line)
		buf_printf(&msg, "%s:%u: ", cfg.path, line);
	else
		buf_printf(&msg, "%s: ", cfg.path);
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	char *safe = esc_str(msg.data, msg.len, esc_flags_for_locale());
	fprintf(stderr, "smtpdbg: %s\n", safe);
	free(safe);
	buf_free(&msg);
	return -1;
}

static bool find_path(void)
{
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	int n;
	if (xdg && xdg[0] == '/')
		n = snprintf(cfg.path, sizeof cfg.path, "%s/smtpdbg/config", xdg);
	else if (home && home[0] == '/')
		n = snprintf(cfg.path, sizeof cfg.path, "%s/.config/smtpdbg/config", home);
	else
		return false;
	return n > 0 && (size_t)n < sizeof cfg.path;
}

/* Read the file, refusing one that others could have written. Returns 1
 * when read, 0 when there is none, -1 after a message. */
static int read_file(void)
{
	int fd = open(cfg.path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK); /* a FIFO: no wait */
	if (fd < 0)
		return errno == ENOENT || errno == ENOTDIR ? 0 : bad(0, "%s", strerror(errno));
	struct stat st;
	int rc = -1;
	if (fstat(fd, &st) < 0)
		bad(0, "%s", strerror(errno));
	else if (!S_ISREG(st.st_mode))
		bad(0, _("not a regular file"));
	else if (st.st_uid != geteuid())
		bad(0, _("not owned by you (uid %u): refused, since its options would be yours"),
		    (unsigned)st.st_uid);
	else if (st.st_mode & (S_IWGRP | S_IWOTH))
		bad(0, _("writable by group or others: refused (chmod go-w)"));
	else if (st.st_size > CONFIG_MAX)
		bad(0, _("larger than %d KiB"), CONFIG_MAX / 1024);
	else
		rc = 1;
	if (rc == 1) {
		cfg.text = xmalloc((size_t)st.st_size + 1);
		size_t got = 0;
		ssize_t r;
		while (got < (size_t)st.st_size &&
		       (r = read(fd, cfg.text + got, (size_t)st.st_size - got)) > 0)
			got += (size_t)r;
		cfg.text[got] = '\0';
		if (memchr(cfg.text, '\0', got))
			rc = bad(0, _("contains a NUL byte"));
	}
	close(fd);
	return rc;
}

static char *trim(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	char *end = s + strlen(s);
	while (end > s && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r'))
		*--end = '\0';
	return s;
}

/* Which option a name means in a section, for checking: the command's own,
 * or for the top and host sections any command's that reads the file. */
static const struct opt *option_for(const struct entry *e)
{
	size_t base;
	if (e->kind == SEC_COMMAND)
		return cli_find_long(by_section(e->section), e->name, &base);
	for (const struct cli_cmd *const *c = cli_commands(); *c; c++) {
		if (!(*c)->uses_config || (e->kind == SEC_HOST && (*c)->operand != COMPLETE_HOST))
			continue;
		const struct opt *o = cli_find_long(*c, e->name, &base);
		if (o)
			return o;
	}
	return NULL;
}

static int check_entry(const struct entry *e)
{
	const struct opt *o = option_for(e);
	if (!o) {
		if (e->kind == SEC_COMMAND)
			return bad(e->line, _("'%s' is not an option of [%s]"), e->name, e->section);
		return bad(e->line, _("'%s' is not an option smtpdbg knows"), e->name);
	}
	if (o->flags & OPT_F_NOCONF)
		return bad(e->line, _("'%s' is not allowed here: it weakens safety or reveals a "
				      "secret, so it must be typed on the command line each time"),
			   e->name);
	union {
		bool b;
		int i;
		const char *s;
		struct opt_list l;
	} scratch;
	memset(&scratch, 0, sizeof scratch);
	struct buf why;
	buf_init(&why, 0);
	int rc = opt_parse_value(o, e->value, &scratch, &why);
	if (o->kind == OPT_LIST)
		free(scratch.l.v);
	if (rc < 0)
		bad(e->line, "%s '%s': %s", e->name, e->value, why.data);
	buf_free(&why);
	return rc;
}

static const struct cli_cmd *by_section(const char *s)
{
	for (const struct cli_cmd *const *c = cli_commands(); *c; c++)
		if ((*c)->uses_config && !strcmp((*c)->section, s))
			return *c;
	return NULL;
}

/* Cut the text into entries, checking each. */
static int parse(void)
{
	enum section_kind kind = SEC_TOP;
	const char *section = "";
	unsigned lineno = 0;
	for (char *next = cfg.text, *line; next; ) {
		line = next;
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		lineno++;
		line = trim(line);
		if (!*line || *line == '#')
			continue;
		if (*line == '[') {
			char *close = strchr(line, ']');
			if (!close || trim(close + 1)[0])
				return bad(lineno, _("a section is [COMMAND] or [host TARGET]"));
			*close = '\0';
			char *name = trim(line + 1);
			if (!strncmp(name, "host", 4) && (name[4] == ' ' || name[4] == '\t')) {
				kind = SEC_HOST;
				section = trim(name + 5);
				if (!*section)
					return bad(lineno, _("[host TARGET] needs a target"));
			} else if (by_section(name)) {
				kind = SEC_COMMAND;
				section = name;
			} else {
				return bad(lineno, _("unknown section [%s]"), name);
			}
			continue;
		}
		char *eq = strchr(line, '=');
		if (!eq)
			return bad(lineno, _("expected name = value"));
		*eq = '\0';
		char *name = trim(line), *value = trim(eq + 1);
		char *hash = strstr(value, " #");
		if (hash)
			*hash = '\0', value = trim(value);
		if (!*name)
			return bad(lineno, _("expected name = value"));
		if (cfg.n == ENTRIES_MAX)
			return bad(lineno, _("more than %d settings"), ENTRIES_MAX);
		struct entry *e = &cfg.e[cfg.n++];
		*e = (struct entry){kind, section, name, value, lineno};
		if (check_entry(e) < 0)
			return -1;
	}
	return 0;
}

static int load(void)
{
	if (cfg.loaded)
		return cfg.e ? 1 : 0;
	cfg.loaded = true;
	if (!find_path())
		return 0;
	int rc = read_file();
	if (rc <= 0) {
		release();
		return rc;
	}
	atexit(release);
	cfg.e = xcalloc(ENTRIES_MAX, sizeof *cfg.e);
	return parse() < 0 ? -1 : 1;
}

const char *config_lang(const char *section)
{
	static char lang[8];
	if (!find_path())
		return NULL;
	int fd = open(cfg.path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK); /* a FIFO: no wait */
	if (fd < 0)
		return NULL;
	struct stat st;
	char *text = NULL;
	/* The same refusals as load(), silently: it says why later. */
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_uid == geteuid() &&
	    !(st.st_mode & (S_IWGRP | S_IWOTH)) && st.st_size <= CONFIG_MAX) {
		text = xmalloc((size_t)st.st_size + 1);
		size_t got = 0;
		ssize_t r;
		while (got < (size_t)st.st_size &&
		       (r = read(fd, text + got, (size_t)st.st_size - got)) > 0)
			got += (size_t)r;
		text[got] = '\0';
	}
	close(fd);
	if (!text)
		return NULL;
	/* The command's section beats the top; host sections are not read
	 * this early. */
	const char *found = NULL;
	bool top = true, mine = false, found_mine = false;
	for (char *next = text, *line; next;) {
		line = next;
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		line = trim(line);
		if (*line == '[') {
			char *close = strchr(line, ']');
			if (close)
				*close = '\0';
			top = false;
			mine = section && !strcmp(trim(line + 1), section);
			continue;
		}
		char *eq = strchr(line, '=');
		if (!eq || (!top && !mine) || (top && found_mine))
			continue;
		*eq = '\0';
		char *value = trim(eq + 1), *hash = strstr(value, " #");
		if (hash)
			*hash = '\0', value = trim(value);
		if (strcmp(trim(line), "lang") || strlen(value) >= sizeof lang)
			continue;
		strcpy(lang, value);
		found = lang;
		found_mine = mine;
	}
	free(text);
	return found;
}

int cli_config_check(const char *label, const char *text, size_t len, bool quiet)
{
	release();
	snprintf(cfg.path, sizeof cfg.path, "%s", label);
	cfg.quiet = quiet;
	cfg.loaded = true;
	cfg.n = 0;
	cfg.text = xmalloc(len + 1);
	memcpy(cfg.text, text, len);
	cfg.text[len] = '\0';
	cfg.e = xcalloc(ENTRIES_MAX, sizeof *cfg.e);
	int rc = memchr(text, '\0', len) ? bad(0, _("contains a NUL byte")) : parse();
	cfg.quiet = false;
	return rc;
}

static int apply_layer(const struct cli_cmd *cmd, void *out, enum section_kind kind,
		       const char *section)
{
	struct opt_layer layer = {.n = 0};
	for (size_t i = 0; i < cfg.n; i++) {
		const struct entry *e = &cfg.e[i];
		if (e->kind != kind || strcmp(e->section, section))
			continue;
		size_t base;
		const struct opt *o = cli_find_long(cmd, e->name, &base);
		if (!o)
			continue; /* another command's option */
		char where[sizeof cfg.path + 16];
		snprintf(where, sizeof where, "%s:%u", cfg.path, e->line);
		if (opt_apply(cmd, out, o, base, e->value, &layer, where) < 0)
			return -1;
	}
	return 0;
}

int config_apply(const struct cli_cmd *cmd, void *out, const char *target, const char **path)
{
	*path = NULL;
	int rc = load();
	if (rc <= 0)
		return rc;
	*path = cfg.path;
	if (apply_layer(cmd, out, SEC_TOP, "") < 0 ||
	    apply_layer(cmd, out, SEC_COMMAND, cmd->section) < 0 ||
	    (target && apply_layer(cmd, out, SEC_HOST, target) < 0))
		return -1;
	return 0;
}
