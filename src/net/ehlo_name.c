/* The default EHLO name: this machine's FQDN from its host name or
 * /etc/hosts, else the address literal of the connection's local end. */
#define _POSIX_C_SOURCE 200809L
#include "smtpdbg/ehlo_name.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && !strcasecmp(s + n - m, suffix);
}

bool ehlo_name_is_fqdn(const char *name)
{
	size_t n = name ? strlen(name) : 0;
	if (n < 3 || n > 253 || name[0] == '.' || name[n - 1] == '.')
		return false;
	size_t label = 0, labels = 1;
	bool alpha = false;
	for (size_t i = 0; i < n; i++) {
		char c = name[i];
		if (c == '.') {
			if (!label || name[i - 1] == '-')
				return false;
			labels++;
			label = 0;
			continue;
		}
		bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
		if (!letter && !(c >= '0' && c <= '9') && c != '-')
			return false;
		if (c == '-' && label == 0)
			return false;
		alpha |= letter;
		if (++label > 63)
			return false;
	}
	if (labels < 2 || !alpha || name[n - 1] == '-')
		return false;
	return strncasecmp(name, "localhost.", 10) && !ends_with(name, ".localdomain") &&
	       !ends_with(name, ".local") && !ends_with(name, ".localhost");
}

static bool copy(char *out, size_t cap, const char *s)
{
	if (strlen(s) >= cap)
		return false;
	memcpy(out, s, strlen(s) + 1);
	return true;
}

/* A line of a hosts file: an address, then names. The first FQDN on a line
 * that also names host. */
static bool hosts_line(char *line, const char *host, char *out, size_t cap)
{
	char *hash = strchr(line, '#');
	if (hash)
		*hash = 0;
	char *save = NULL, *w = strtok_r(line, " \t\r\n", &save);
	if (!w)
		return false;
	const char *fqdn = NULL;
	bool names_host = false;
	while ((w = strtok_r(NULL, " \t\r\n", &save))) {
		if (!strcasecmp(w, host))
			names_host = true;
		else if (!fqdn && ehlo_name_is_fqdn(w) && !strncasecmp(w, host, strlen(host)) &&
			 w[strlen(host)] == '.')
			fqdn = w;
	}
	return names_host && fqdn && copy(out, cap, fqdn);
}

bool ehlo_name_fqdn(char *out, size_t cap, const char *hosts_path)
{
	char host[256];
	if (gethostname(host, sizeof host) != 0)
		return false;
	host[sizeof host - 1] = 0;
	if (ehlo_name_is_fqdn(host))
		return copy(out, cap, host);
	if (!host[0] || strchr(host, '.'))
		return false;
	FILE *f = fopen(hosts_path ? hosts_path : "/etc/hosts", "r");
	if (!f)
		return false;
	char line[1024];
	bool found = false;
	while (!found && fgets(line, sizeof line, f))
		found = hosts_line(line, host, out, cap);
	fclose(f);
	return found;
}

bool ehlo_name_literal(int fd, char *out, size_t cap)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof ss;
	char a[INET6_ADDRSTRLEN];
	if (fd < 0 || getsockname(fd, (struct sockaddr *)&ss, &len) != 0)
		return false;
	if (ss.ss_family == AF_INET) {
		const struct sockaddr_in *s4 = (const struct sockaddr_in *)&ss;
		if (!inet_ntop(AF_INET, &s4->sin_addr, a, sizeof a))
			return false;
		return snprintf(out, cap, "[%s]", a) < (int)cap;
	}
	if (ss.ss_family == AF_INET6) {
		const struct sockaddr_in6 *s6 = (const struct sockaddr_in6 *)&ss;
		if (!inet_ntop(AF_INET6, &s6->sin6_addr, a, sizeof a))
			return false;
		/* An IPv4-mapped address is an IPv4 literal. */
		if (IN6_IS_ADDR_V4MAPPED(&s6->sin6_addr) && strrchr(a, ':'))
			return snprintf(out, cap, "[%s]", strrchr(a, ':') + 1) < (int)cap;
		return snprintf(out, cap, "[IPv6:%s]", a) < (int)cap;
	}
	return false;
}

void ehlo_name_default(int fd, char *out, size_t cap)
{
	if (ehlo_name_fqdn(out, cap, NULL) || ehlo_name_literal(fd, out, cap))
		return;
	snprintf(out, cap, "%s", "[127.0.0.1]");
}
