/* Acknowledging at once what was read. */
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include "smtpdbg/tls.h"

/* A server with Nagle's algorithm on holds a small reply while its earlier
 * bytes are unacknowledged; Linux delays our ACK by up to 40 ms when we
 * have nothing to send. After STARTTLS that is a TLS 1.3 NewSessionTicket
 * that no command of ours answers: the EHLO reply behind it waited 40 ms
 * (bench/README.md). Acknowledge at once after every read; Linux leaves
 * quick-ACK mode by itself, so it is set each time. */
void net_quickack(int fd)
{
#ifdef TCP_QUICKACK
	int one = 1;
	setsockopt(fd, IPPROTO_TCP, TCP_QUICKACK, &one, sizeof one);
#else
	(void)fd;
#endif
}
