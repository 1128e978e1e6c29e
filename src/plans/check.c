/* run --check's judgement and status line (check.h). */
#include "smtpdbg/check.h"

#include "smtpdbg/i18n.h"

const char *check_status_name(enum check_status s)
{
	switch (s) {
	case CHECK_OK: return "OK";
	case CHECK_WARNING: return "WARNING";
	case CHECK_CRITICAL: return "CRITICAL";
	case CHECK_UNKNOWN: break;
	}
	return "UNKNOWN";
}

static enum check_status worse(enum check_status a, enum check_status b)
{
	return a > b ? a : b;
}

/* Perfdata of one time: 'label'=1.234s;warn;crit;0 (the plugins'
 * format: seconds with a unit, thresholds in the same unit). */
static void perf_time(struct buf *b, const char *label, int64_t ms, int64_t warn, int64_t crit)
{
	if (ms < 0)
		return;
	buf_printf(b, " %s=%lld.%03llds;", label, (long long)(ms / 1000), (long long)(ms % 1000));
	if (warn)
		buf_printf(b, "%lld.%03lld", (long long)(warn / 1000), (long long)(warn % 1000));
	buf_addc(b, ';');
	if (crit)
		buf_printf(b, "%lld.%03lld", (long long)(crit / 1000), (long long)(crit % 1000));
	buf_adds(b, ";0");
}

enum check_status check_report(const struct check_facts *f, const struct check_limits *l,
			       struct buf *out)
{
	enum check_status st = CHECK_OK;
	struct buf why;
	buf_init(&why, 0);
	if (f->run_exit != 0 && f->run_exit != 18) {
		st = CHECK_CRITICAL;
		buf_printf(&why, _("failed at the %s stage: %s"), f->stage ? f->stage : "?",
			   f->reason ? f->reason : "?");
	} else if (f->run_exit == 18) {
		st = CHECK_WARNING;
		buf_printf(&why, "%s", f->reason ? f->reason : _("some recipients were refused"));
	} else {
		buf_printf(&why, _("session completed in %lld.%03lld s"),
			   (long long)(f->total_ms / 1000), (long long)(f->total_ms % 1000));
	}
	if (f->run_exit == 0 && f->total_ms >= 0) {
		if (l->crit_ms && f->total_ms > l->crit_ms)
			st = worse(st, CHECK_CRITICAL);
		else if (l->warn_ms && f->total_ms > l->warn_ms)
			st = worse(st, CHECK_WARNING);
	}
	if (f->have_cert) {
		if (f->cert_days < 0) {
			buf_printf(&why, _("; the certificate expired %d days ago"), -f->cert_days);
			st = worse(st, CHECK_CRITICAL);
		} else {
			buf_printf(&why, _("; the certificate expires in %d days"), f->cert_days);
			if (l->crit_days && f->cert_days < l->crit_days)
				st = worse(st, CHECK_CRITICAL);
			else if (l->warn_days && f->cert_days < l->warn_days)
				st = worse(st, CHECK_WARNING);
		}
	}
	/* '|' starts the perfdata: none in the text (a server's words may have one). */
	for (size_t i = 0; i < why.len; i++)
		if (why.data[i] == '|' || why.data[i] == '\n')
			why.data[i] = why.data[i] == '|' ? '/' : ' ';
	buf_printf(out, "SMTP %s - %s: %s |", check_status_name(st), f->target ? f->target : "?",
		   why.data);
	perf_time(out, "connect", f->connect_ms, 0, 0);
	perf_time(out, "banner", f->banner_ms, 0, 0);
	perf_time(out, "tls", f->tls_ms, 0, 0);
	perf_time(out, "auth", f->auth_ms, 0, 0);
	perf_time(out, "time", f->total_ms, l->warn_ms, l->crit_ms);
	if (f->have_cert) {
		buf_printf(out, " cert_days=%d;", f->cert_days);
		if (l->warn_days)
			buf_printf(out, "%d", l->warn_days);
		buf_addc(out, ';');
		if (l->crit_days)
			buf_printf(out, "%d", l->crit_days);
	}
	buf_addc(out, '\n');
	buf_free(&why);
	return st;
}
