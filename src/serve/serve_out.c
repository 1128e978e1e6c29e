/* One served session's log and file (serve_out.h): the I/O and the clock
 * around the pure serve_log. */
#include "smtpdbg/serve_out.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "smtpdbg/buf.h"
#include "smtpdbg/i18n.h"
#include "smtpdbg/serve_log.h"
#include "smtpdbg/serve_save.h"
#include "smtpdbg/xmalloc.h"

struct serve_out {
	struct serve_out_opts o;
	void *owner;
	unsigned id;
	struct serve_log *log;
	struct serve_save *save;
	struct timespec t0;
	struct buf line; /* an entry's lines, written in one go */
};

static int64_t elapsed_ms(const struct serve_out *so)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (int64_t)(now.tv_sec - so->t0.tv_sec) * 1000 +
	       (now.tv_nsec - so->t0.tv_nsec) / 1000000;
}

static void flush(struct serve_out *so)
{
	if (so->line.len && so->o.log) {
		fwrite(so->line.data, 1, so->line.len, so->o.log);
		fflush(so->o.log);
	}
	buf_reset(&so->line);
}

static void save_failed(struct serve_out *so, const char *why)
{
	struct buf b;
	buf_init(&b, 0);
	buf_printf(&b, _("cannot save the transcript: %s"), why);
	serve_log_note(so->log, b.data, elapsed_ms(so), &so->line);
	buf_free(&b);
}

static void on_record(void *arg, const struct tf_record *r)
{
	struct serve_out *so = arg;
	char why[256];
	if (so->save && serve_save_record(so->save, r, why, sizeof why) < 0)
		save_failed(so, why); /* once: the file takes nothing more */
}

static void peer_parts(const struct sockaddr_storage *ss, char *addr, size_t n, unsigned *port)
{
	snprintf(addr, n, "?");
	*port = 0;
	if (ss->ss_family == AF_INET6) {
		const struct sockaddr_in6 *v6 = (const struct sockaddr_in6 *)ss;
		inet_ntop(AF_INET6, &v6->sin6_addr, addr, (socklen_t)n);
		*port = ntohs(v6->sin6_port);
	} else if (ss->ss_family == AF_INET) {
		const struct sockaddr_in *v4 = (const struct sockaddr_in *)ss;
		inet_ntop(AF_INET, &v4->sin_addr, addr, (socklen_t)n);
		*port = ntohs(v4->sin_port);
	}
}

struct serve_out *serve_out_open(const struct serve_out_opts *o, unsigned id,
				 const struct sockaddr_storage *peer, void *owner)
{
	struct serve_out *so = xcalloc(1, sizeof *so);
	so->o = *o;
	so->owner = owner;
	so->id = id;
	clock_gettime(CLOCK_MONOTONIC, &so->t0);
	buf_init(&so->line, 0);
	so->log = serve_log_new(&(struct serve_log_opts){
		.id = id, .explain = o->explain, .show_secrets = o->show_secrets,
		.esc_flags = o->esc_flags, .record = o->save_dirfd >= 0 ? on_record : NULL,
		.arg = so});
	if (o->save_dirfd >= 0) {
		char addr[INET6_ADDRSTRLEN], why[256];
		unsigned port;
		peer_parts(peer, addr, sizeof addr, &port);
		so->save = serve_save_open(o->save_dirfd, time(NULL), addr, port, id, why, sizeof why);
		if (!so->save)
			save_failed(so, why);
	}
	flush(so);
	return so;
}

void *serve_out_owner(const struct serve_out *so)
{
	return so->owner;
}

void serve_out_log(void *arg, unsigned id, const struct server_log *e)
{
	struct serve_out *so = arg;
	(void)id; /* the log knows it */
	serve_log_entry(so->log, e, elapsed_ms(so), &so->line);
	flush(so);
}

void serve_out_end(struct serve_out *so, const char *why)
{
	serve_log_end(so->log, why, elapsed_ms(so), &so->line);
	if (so->save) {
		char err[256];
		if (serve_save_close(so->save, err, sizeof err) < 0) {
			buf_printf(&so->line, "[%u]   # ", so->id);
			buf_printf(&so->line, _("cannot save the transcript: %s"), err);
			buf_addc(&so->line, '\n');
		}
		so->save = NULL;
	}
	flush(so);
	serve_log_free(so->log);
	buf_free(&so->line);
	free(so);
}
