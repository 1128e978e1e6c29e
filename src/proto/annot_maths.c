/* The arithmetic of a Base64 line, as items of the annotated line: the
 * bytes in hex, the 6-bit groups and their places in the alphabet (so a
 * class sees how "Max" becomes "TWF4"), and what the bytes are for the
 * mechanism in use: PLAIN's three fields with the NULs visible, CRAM-MD5's
 * user and digest. Everything is AK_CALC and AIF_MATHS; a secret is masked
 * with its revealed form beside it, and what only a secret shows (its
 * groups) is AIF_SECRET_ONLY, so even a count never tells a length. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "smtpdbg/annot.h"
#include "smtpdbg/b64.h"
#include "smtpdbg/escape.h"
#include "smtpdbg/i18n.h"
#include "smtpdbg/xmalloc.h"

#define HEX_MAX 32   /* bytes shown in hex; more is noise on a screen */
#define GROUPS_MAX 6 /* blocks of 3 bytes shown as bits; then the first and the last */
#define PLAIN_HEX_MAX 96 /* a PLAIN message's bytes: room for a long user and password */

static const char alphabet[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static void wipe_buf(struct buf *b)
{
	buf_wipe_free(b);
}

/* An item whose text full holds a secret or not: a secret shows masked
 * (NULL: nothing) with full beside it; anything else shows full. */
static void item(struct annot_items *out, unsigned depth, unsigned flags, bool secret,
		 const char *masked, const char *full)
{
	annot_add_item(out, AK_CALC, depth, flags, secret ? masked : full, secret ? full : NULL);
}

/* Bytes as spaced hex, at most max of them ("... (N bytes)" after). */
static void add_hex(struct buf *b, const uint8_t *p, size_t n, size_t max)
{
	for (size_t i = 0; i < n && i < max; i++)
		buf_printf(b, "%s%02x", i ? " " : "", p[i]);
	if (n > max)
		buf_adds(b, " ...");
}

static void add_bits(struct buf *b, unsigned v, unsigned nbits)
{
	for (unsigned k = nbits; k-- > 0;)
		buf_addc(b, (v >> k) & 1 ? '1' : '0');
}

/* One block of up to 3 bytes in two lines: the bytes as bits, then the
 * 6-bit groups, their places in the alphabet and the characters. Short
 * enough for a narrow pane: the hex is on the line above. */
static void block_items(struct annot_items *out, unsigned depth, unsigned flags,
			const uint8_t *p, size_t n, unsigned esc, bool secret)
{
	struct buf a, g;
	buf_init(&a, 0);
	buf_init(&g, 0);
	buf_adds(&a, "\"");
	esc_append(&a, p, n, esc);
	buf_adds(&a, "\"");
	for (size_t i = 0; i < n; i++) {
		buf_addc(&a, ' ');
		add_bits(&a, p[i], 8);
	}
	if (n < 3)
		buf_printf(&a, _(" + %u zero bits to fill the last group"), n == 1 ? 4u : 2u);

	uint32_t v = (uint32_t)p[0] << 16 | (n > 1 ? (uint32_t)p[1] << 8 : 0) | (n > 2 ? p[2] : 0);
	size_t chars = n + 1;
	char enc[5] = {0};
	for (size_t k = 0; k < chars; k++) {
		unsigned six = (v >> (18 - 6 * k)) & 63;
		if (k)
			buf_addc(&g, ' ');
		add_bits(&g, six, 6);
		enc[k] = alphabet[six];
	}
	buf_adds(&g, " =");
	for (size_t k = 0; k < chars; k++)
		buf_printf(&g, " %u", (v >> (18 - 6 * k)) & 63);
	buf_printf(&g, " = %s", enc);
	if (n < 3)
		buf_printf(&g, _(", then \"%s\": %zu bytes give %zu characters, padded to 4"),
			   n == 1 ? "==" : "=", n, chars);
	item(out, depth, flags, secret, NULL, a.data);
	item(out, depth + 1, flags, secret, NULL, g.data);
	wipe_buf(&a);
	wipe_buf(&g);
	wipe(enc, sizeof enc);
}

void annot_b64_maths(struct annot_items *out, unsigned depth, const uint8_t *p, size_t n,
		     bool secret, unsigned esc)
{
	if (!n)
		return;
	struct buf b;
	buf_init(&b, 0);
	buf_printf(&b, P_("%zu byte, in hex: ", "%zu bytes, in hex: ", n), n);
	add_hex(&b, p, n, HEX_MAX);
	item(out, depth, AIF_MATHS, secret, _("bytes, in hex: ********"), b.data);
	wipe_buf(&b);

	unsigned f = AIF_MATHS | AIF_B64_BITS;
	const char *how = _("Base64 (RFC 4648 section 4) writes every 3 bytes, 24 bits, as four "
			    "groups of 6 bits; each group is a number from 0 to 63, the place of a "
			    "character in A-Z a-z 0-9 + /");
	item(out, depth, f, secret, NULL, how);
	size_t blocks = (n + 2) / 3;
	for (size_t k = 0; k < blocks; k++) {
		if (blocks > GROUPS_MAX && k == GROUPS_MAX - 2) {
			char skip[160];
			snprintf(skip, sizeof skip,
				 P_("... %zu more block of 3 bytes, the same way ...",
				    "... %zu more blocks of 3 bytes, the same way ...",
				    blocks - GROUPS_MAX + 1),
				 blocks - GROUPS_MAX + 1);
			item(out, depth, f, secret, NULL, skip);
			k = blocks - 1; /* the last block: where the padding is */
		}
		size_t at = 3 * k, len = n - at < 3 ? n - at : 3;
		block_items(out, depth, f, p + at, len, esc, secret);
	}
}

/* PLAIN: authzid NUL authcid NUL passwd (RFC 4616 section 2). */
static void plain_maths(struct annot_items *out, unsigned depth, const uint8_t *p, size_t n,
			bool secret, unsigned esc)
{
	const uint8_t *n1 = memchr(p, '\0', n);
	const uint8_t *n2 = n1 ? memchr(n1 + 1, '\0', n - (size_t)(n1 + 1 - p)) : NULL;
	const uint8_t *n3 = n2 ? memchr(n2 + 1, '\0', n - (size_t)(n2 + 1 - p)) : NULL;
	annot_add_item(out, AK_CALC, depth, AIF_MATHS,
		       _("PLAIN message = authzid NUL authcid NUL passwd (RFC 4616 section 2)"),
		       NULL);
	if (!n2 || n3) {
		annot_add(out, AK_WARNING, depth + 1, NULL, "%s",
			  _("not a PLAIN message: it needs exactly two NUL bytes between its "
			    "three fields; the server will refuse it"));
		out->v[out->n - 1].flags |= AIF_MATHS;
		return;
	}
	size_t zl = (size_t)(n1 - p), ul = (size_t)(n2 - n1 - 1), pl = n - (size_t)(n2 + 1 - p);
	struct buf b, r;
	buf_init(&b, 0);
	buf_init(&r, 0);
	if (zl) {
		buf_adds(&b, _("authzid: "));
		esc_append(&b, p, zl, esc);
		buf_adds(&b, _(" (act as this identity, if the server allows it)"));
	} else {
		buf_adds(&b, _("authzid: empty (act as the user who authenticates)"));
	}
	annot_add_item(out, AK_CALC, depth + 1, AIF_MATHS, b.data, NULL);
	buf_reset(&b);
	buf_adds(&b, _("authcid: "));
	esc_append(&b, n1 + 1, ul, esc);
	annot_add_item(out, AK_CALC, depth + 1, AIF_MATHS, b.data, NULL);
	buf_reset(&b);
	buf_adds(&r, _("passwd: "));
	esc_append(&r, n2 + 1, pl, esc);
	item(out, depth + 1, AIF_MATHS, secret, _("passwd: ********"), r.data);
	buf_reset(&r);

	/* The bytes with the NULs as "00", the password's masked. */
	const char *label = _("as bytes (00 is NUL): ");
	buf_adds(&b, label);
	buf_adds(&r, label);
	add_hex(&b, p, zl + 1 + ul + 1, PLAIN_HEX_MAX);
	add_hex(&r, p, n, PLAIN_HEX_MAX);
	if (zl + 1 + ul + 1 <= PLAIN_HEX_MAX)
		buf_adds(&b, " " ANNOT_MASK);
	item(out, depth + 1, AIF_MATHS, secret, b.data, r.data);
	buf_reset(&b);
	buf_reset(&r);
	label = _("as text: ");
	buf_adds(&b, label);
	buf_adds(&r, label);
	esc_append(&b, p, zl + 1 + ul + 1, esc);
	esc_append(&r, p, n, esc);
	buf_adds(&b, ANNOT_MASK);
	item(out, depth + 1, AIF_MATHS, secret, b.data, r.data);
	buf_free(&b);
	wipe_buf(&r);
}

static bool lower_hex(const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!((p[i] >= '0' && p[i] <= '9') || (p[i] >= 'a' && p[i] <= 'f')))
			return false;
	return true;
}

/* CRAM-MD5: user SP digest, the digest 32 lowercase hex digits (RFC 2195). */
static void cram_maths(struct annot_items *out, unsigned depth, const uint8_t *p, size_t n,
		       unsigned esc)
{
	annot_add_item(out, AK_CALC, depth, AIF_MATHS,
		       _("CRAM-MD5 response = user SP digest (RFC 2195 section 2)"), NULL);
	const uint8_t *sp = NULL;
	for (size_t i = n; i-- > 0;)
		if (p[i] == ' ') {
			sp = p + i;
			break;
		}
	size_t dl = sp ? n - (size_t)(sp + 1 - p) : 0;
	if (!sp || sp == p || dl != 32 || !lower_hex(sp + 1, dl)) {
		annot_add(out, AK_WARNING, depth + 1, NULL, "%s",
			  _("not a CRAM-MD5 response: it must be the user name, a space and 32 "
			    "lowercase hex digits; the server will refuse it"));
		out->v[out->n - 1].flags |= AIF_MATHS;
		return;
	}
	struct buf b;
	buf_init(&b, 0);
	buf_adds(&b, _("user: "));
	esc_append(&b, p, (size_t)(sp - p), esc);
	annot_add_item(out, AK_CALC, depth + 1, AIF_MATHS, b.data, NULL);
	buf_reset(&b);
	buf_printf(&b, _("digest: %.32s = HMAC-MD5(key = the password, message = the challenge), "
			 "16 bytes as 32 hex digits"),
		   (const char *)sp + 1);
	annot_add_item(out, AK_CALC, depth + 1, AIF_MATHS, b.data, NULL);
	buf_free(&b);
}

void annot_sasl_maths(struct annot_items *out, const char *mech, const uint8_t *p, size_t n,
		      bool secret, unsigned esc)
{
	if (!mech || !n)
		return;
	if (!strcasecmp(mech, "PLAIN"))
		plain_maths(out, 0, p, n, secret, esc);
	else if (!strcasecmp(mech, "CRAM-MD5") && !secret)
		cram_maths(out, 0, p, n, esc);
}
