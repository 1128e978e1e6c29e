#include "smtpdbg/smtp_state.h"

static const char *const names[] = {
#define X(name, label) label,
	SMTP_STATES(X)
#undef X
};

const char *smtp_state_name(enum smtp_state s)
{
	return (unsigned)s < SMTP_ST_COUNT ? names[s] : "invalid";
}
