/* OAUTH10A (RFC 7628 section 3.2.2): the OAuth 1.0a signature checked
 * against RFC 5849's example (the Appendix A request of OAuth Core 1.0a,
 * photos.example.net), and the SASL message it goes into. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/proto/sasl_mechs.h"
#include "sasl_harness.h"

Test(oauth10a, rfc5849_signature)
{
	const char *pairs[] = {"file", "vacation.jpg", "size", "original",
			       "oauth_consumer_key", "dpf43f3p2l4k3l03",
			       "oauth_token", "nnch734d00sl2jdk",
			       "oauth_signature_method", "HMAC-SHA1",
			       "oauth_timestamp", "1191242096",
			       "oauth_nonce", "kllo9940pd9333jh",
			       "oauth_version", "1.0"};
	char *base = sasl_oauth1_base("GET", "http://photos.example.net/photos", pairs, 8);
	cr_assert_str_eq(base, "GET&http%3A%2F%2Fphotos.example.net%2Fphotos&file%3Dvacation.jpg"
			       "%26oauth_consumer_key%3Ddpf43f3p2l4k3l03%26oauth_nonce%3Dkllo9940pd9333jh"
			       "%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D1191242096"
			       "%26oauth_token%3Dnnch734d00sl2jdk%26oauth_version%3D1.0%26size%3Doriginal");
	char *key = sasl_oauth1_key("kd94hf93k423kf44", "pfkkdhi9sl3r4s00");
	cr_assert_str_eq(key, "kd94hf93k423kf44&pfkkdhi9sl3r4s00");
	char *sig = sasl_oauth1_sign(key, base);
	cr_assert_str_eq(sig, "tR3+Ty81lMeYAr/Fid0kMTYa/WM=");
	free(base);
	free(key);
	free(sig);
}

Test(oauth10a, encoding_and_sorting)
{
	/* Encoded names sort before values; reserved bytes are %XX, upper case. */
	const char *pairs[] = {"b", "x y", "a", "2", "a", "1", "c@", "~"};
	char *base = sasl_oauth1_base("POST", "http://h/", pairs, 4);
	cr_assert_str_eq(base, "POST&http%3A%2F%2Fh%2F&a%3D1%26a%3D2%26b%3Dx%2520y%26c%2540%3D~");
	free(base);
}

static void start(struct exchange *x, const char *token)
{
	ex_open(x, sasl_find("oauth10a"),
		&(struct sasl_creds){.authzid = "user@example.com", .host = "server.example.com",
				     .port = 143, .token = token, .nonce = "7d8f3e4a",
				     .timestamp = "137131201"});
}

Test(oauth10a, message)
{
	struct exchange x;
	start(&x, "9djdj82h48djs9d2:j49sk3j29djd:kkk9d7dh3k39sjv7:dh893hdasih9");
	cr_assert_eq(ex_step(&x, NULL, 0), SASL_CONTINUE);
	const char *r = response(&x);
	cr_assert(!strncmp(r, "n,a=user@example.com,\001host=server.example.com\001port=143\001"
			      "auth=OAuth oauth_consumer_key=\"9djdj82h48djs9d2\",oauth_token="
			      "\"kkk9d7dh3k39sjv7\",oauth_signature_method=\"HMAC-SHA1\","
			      "oauth_timestamp=\"137131201\",oauth_nonce=\"7d8f3e4a\","
			      "oauth_version=\"1.0\",oauth_signature=\"",
			  strlen("n,a=user@example.com,\001host=server.example.com\001port=143\001"
				 "auth=OAuth oauth_consumer_key=\"9djdj82h48djs9d2\",oauth_token="
				 "\"kkk9d7dh3k39sjv7\",oauth_signature_method=\"HMAC-SHA1\","
				 "oauth_timestamp=\"137131201\",oauth_nonce=\"7d8f3e4a\","
				 "oauth_version=\"1.0\",oauth_signature=\"")));
	cr_assert(!memcmp(r + x.st.response.len - 3, "\"\001\001", 3));
	assert_has(&x, "obsolete");
	assert_has(&x, "OAUTHBEARER");
	assert_has(&x, "signature base string = POST&http%3A%2F%2Fserver.example.com%3A143%2F&");
	/* The secrets are masked in the words and never in the message. */
	assert_lacks(&x, "j49sk3j29djd");
	assert_lacks(&x, "dh893hdasih9");
	cr_assert_null(strstr(r, "j49sk3j29djd"));
	assert_inert(&x);
	/* An error challenge is answered with a lone kvsep, then no more. */
	cr_assert_eq(ex_step_text(&x, "{\"status\":\"401\"}"), SASL_CONTINUE);
	cr_assert_eq(x.st.response.len, 1);
	cr_assert_eq(response(&x)[0], '\001');
	cr_assert_eq(ex_step_text(&x, "again"), SASL_FAIL);
	finish(&x);
}

Test(oauth10a, bad_credential_line)
{
	struct exchange x;
	start(&x, "only-a-token");
	cr_assert_eq(ex_step(&x, NULL, 0), SASL_FAIL);
	assert_failed(&x, "CONSUMER-KEY:CONSUMER-SECRET:TOKEN:TOKEN-SECRET");
	finish(&x);
}
