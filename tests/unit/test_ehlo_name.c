/* The default EHLO name: a real FQDN, or an address literal; never
 * localhost (servers refuse it: "need fully-qualified hostname"). */
#include <criterion/criterion.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "smtpdbg/ehlo_name.h"

Test(ehlo_name, what_is_a_fqdn)
{
	const char *yes[] = {"mail.example.org", "a.b", "x-1.example.net", "MX1.EXAMPLE.ORG"};
	const char *no[] = {"localhost", "laptop", "localhost.localdomain", "box.local",
			    "a.localhost", ".example.org", "example.org.", "a..b", "-a.example",
			    "a-.example", "192.0.2.1", "a_b.example", "", "a b.example"};
	for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
		cr_assert(ehlo_name_is_fqdn(yes[i]), "%s", yes[i]);
	for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
		cr_assert(!ehlo_name_is_fqdn(no[i]), "%s", no[i]);
	cr_assert(!ehlo_name_is_fqdn(NULL));
}

/* The hosts file names the FQDN beside the short host name. */
Test(ehlo_name, fqdn_from_the_hosts_file)
{
	char host[256];
	cr_assert_eq(gethostname(host, sizeof host), 0);
	char path[] = "/tmp/smtpdbg-hosts-XXXXXX";
	int fd = mkstemp(path);
	cr_assert_geq(fd, 0);
	FILE *f = fdopen(fd, "w");
	fprintf(f, "127.0.0.1 localhost\n# 127.0.1.1 %s.commented.example %s\n"
		   "127.0.1.1\t%s.example.org %s # the FQDN first\n",
		host, host, host, host);
	fclose(f);
	char out[300], want[300];
	snprintf(want, sizeof want, "%s.example.org", host);
	bool got = ehlo_name_fqdn(out, sizeof out, path);
	if (strchr(host, '.') && ehlo_name_is_fqdn(host)) {
		cr_assert(got);
		cr_assert_str_eq(out, host, "a host name that is an FQDN is taken as it is");
	} else if (!strchr(host, '.')) {
		cr_assert(got, "found in the hosts file");
		cr_assert_str_eq(out, want);
	}
	/* No FQDN in the file: none. */
	f = fopen(path, "w");
	fprintf(f, "127.0.0.1 localhost %s\n", host);
	fclose(f);
	if (!strchr(host, '.'))
		cr_assert(!ehlo_name_fqdn(out, sizeof out, path));
	unlink(path);
}

Test(ehlo_name, address_literal_of_the_socket)
{
	int fd = socket(AF_INET, SOCK_DGRAM, 0);
	cr_assert_geq(fd, 0);
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	cr_assert_eq(bind(fd, (struct sockaddr *)&a, sizeof a), 0);
	char out[64];
	cr_assert(ehlo_name_literal(fd, out, sizeof out));
	cr_assert_str_eq(out, "[127.0.0.1]");
	close(fd);
	fd = socket(AF_INET6, SOCK_DGRAM, 0);
	if (fd >= 0) {
		struct sockaddr_in6 b = {.sin6_family = AF_INET6, .sin6_addr = IN6ADDR_LOOPBACK_INIT};
		if (bind(fd, (struct sockaddr *)&b, sizeof b) == 0) {
			cr_assert(ehlo_name_literal(fd, out, sizeof out));
			cr_assert_str_eq(out, "[IPv6:::1]");
		}
		close(fd);
	}
	cr_assert(!ehlo_name_literal(-1, out, sizeof out));
	ehlo_name_default(-1, out, sizeof out);
	cr_assert(strcmp(out, "localhost"), "never localhost");
}
