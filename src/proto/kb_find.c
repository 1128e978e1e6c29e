#include "kb_find.h"

#include <string.h>
#include <strings.h>

const struct kb_entry *kb_find(const struct kb_entry *t, size_t count, const char *s, size_t n)
{
	if (!s)
		return NULL;
	for (size_t i = 0; i < count; i++)
		if (strlen(t[i].key) == n && !strncasecmp(t[i].key, s, n))
			return &t[i];
	return NULL;
}
