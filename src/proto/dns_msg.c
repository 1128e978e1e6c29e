/* The DNS message format (RFC 1035 §4): a response's header, its answer
 * records and compressed names, read without trusting a single length. */
#include <string.h>

#include "smtpdbg/dns_records.h"

static unsigned u16(const uint8_t *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

int dns_name_read(const uint8_t *p, size_t n, size_t off, char out[DNS_NAME_MAX], size_t *end)
{
	size_t len = 0, jumps = 0;
	bool jumped = false;
	*end = off;
	for (;;) {
		if (off >= n)
			return -1;
		unsigned c = p[off];
		if ((c & 0xc0) == 0xc0) {
			if (off + 1 >= n || ++jumps > 64) /* a pointer loop */
				return -1;
			if (!jumped)
				*end = off + 2;
			jumped = true;
			off = (c & 0x3f) << 8 | p[off + 1];
			continue;
		}
		if (c & 0xc0) /* the reserved label types */
			return -1;
		if (c == 0) {
			if (!jumped)
				*end = off + 1;
			break;
		}
		if (off + 1 + c > n || len + c + (len ? 1 : 0) > DNS_NAME_MAX - 1)
			return -1;
		if (len)
			out[len++] = '.';
		for (unsigned i = 0; i < c; i++) {
			uint8_t b = p[off + 1 + i];
			/* A name is shown to a person: anything unprintable or a
			 * dot inside a label would lie about it. */
			out[len++] = b > ' ' && b < 0x7f && b != '.' ? (char)b : '?';
		}
		off += 1 + c;
	}
	if (!len)
		out[len++] = '.';
	out[len] = 0;
	return 0;
}

int dns_msg_parse(const uint8_t *p, size_t n, struct dns_msg *m)
{
	memset(m, 0, sizeof *m);
	if (n < 12)
		return -1;
	m->p = p;
	m->n = n;
	m->qr = p[2] & 0x80;
	m->aa = p[2] & 0x04;
	m->tc = p[2] & 0x02;
	m->ad = p[3] & 0x20;
	m->rcode = p[3] & 0x0f;
	m->qd = u16(p + 4);
	m->an = u16(p + 6);
	size_t off = 12;
	for (unsigned i = 0; i < m->qd; i++) {
		char name[DNS_NAME_MAX];
		if (dns_name_read(p, n, off, name, &off) < 0 || off + 4 > n)
			return -1;
		off += 4;
	}
	m->an_off = off;
	return m->qr ? 0 : -1;
}

int dns_msg_next(const struct dns_msg *m, size_t *off, unsigned *i, struct dns_rr *rr)
{
	if (*i >= m->an)
		return 0;
	size_t o;
	if (dns_name_read(m->p, m->n, *off, rr->owner, &o) < 0 || o + 10 > m->n)
		return -1;
	rr->type = u16(m->p + o);
	rr->cls = u16(m->p + o + 2);
	rr->ttl = (uint32_t)u16(m->p + o + 4) << 16 | u16(m->p + o + 6);
	rr->rdlen = u16(m->p + o + 8);
	rr->rdata_off = o + 10;
	if (rr->rdata_off + rr->rdlen > m->n)
		return -1;
	*off = rr->rdata_off + rr->rdlen;
	++*i;
	return 1;
}

bool dns_name_ok(const char *s)
{
	size_t n = strlen(s), label = 0;
	if (n && s[n - 1] == '.')
		n--;
	if (n == 0 || n > 253)
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '.') {
			if (label == 0)
				return false;
			label = 0;
			continue;
		}
		if (c <= ' ' || c >= 0x7f || ++label > 63)
			return false;
	}
	return label > 0;
}

int dns_rr_mx(const struct dns_msg *m, const struct dns_rr *rr, unsigned *pref,
	      char host[DNS_NAME_MAX])
{
	size_t end;
	if (rr->type != DNS_T_MX || rr->rdlen < 3)
		return -1;
	*pref = u16(m->p + rr->rdata_off);
	if (dns_name_read(m->p, rr->rdata_off + rr->rdlen, rr->rdata_off + 2, host, &end) < 0)
		return -1;
	return end == rr->rdata_off + rr->rdlen ? 0 : -1;
}

int dns_rr_name(const struct dns_msg *m, const struct dns_rr *rr, char name[DNS_NAME_MAX])
{
	size_t end;
	if (dns_name_read(m->p, rr->rdata_off + rr->rdlen, rr->rdata_off, name, &end) < 0)
		return -1;
	return end == rr->rdata_off + rr->rdlen ? 0 : -1;
}

int dns_rr_txt(const struct dns_msg *m, const struct dns_rr *rr, char *out, size_t size)
{
	const uint8_t *p = m->p + rr->rdata_off;
	size_t off = 0, len = 0;
	if (rr->type != DNS_T_TXT || size == 0)
		return -1;
	while (off < rr->rdlen) {
		size_t c = p[off];
		if (off + 1 + c > rr->rdlen)
			return -1;
		for (size_t i = 0; i < c && len + 1 < size; i++)
			if (p[off + 1 + i])
				out[len++] = (char)p[off + 1 + i];
		off += 1 + c;
	}
	out[len] = 0;
	return (int)len;
}
