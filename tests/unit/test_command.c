#include <criterion/criterion.h>
#include <string.h>

#include "smtpdbg/command.h"

Test(command, lines_without_colon_go_to_the_server)
{
	cr_assert_eq(tool_parse("RCPT TO:<a@b>").cmd, TOOL_NONE);
	cr_assert_eq(tool_parse("quit").cmd, TOOL_NONE);
}

Test(command, parses_each_command)
{
	struct tool_parsed t = tool_parse(":b64 encode Max Mustermann");
	cr_assert_eq(t.cmd, TOOL_B64_ENCODE);
	cr_assert_str_eq(t.arg, "Max Mustermann");
	t = tool_parse(":B64 DECODE VXNlcm5hbWU6");
	cr_assert_eq(t.cmd, TOOL_B64_DECODE);
	cr_assert_str_eq(t.arg, "VXNlcm5hbWU6");
	cr_assert_eq(tool_parse(":cram").cmd, TOOL_CRAM);
	t = tool_parse(":auth login");
	cr_assert_eq(t.cmd, TOOL_AUTH);
	cr_assert_str_eq(t.arg, "login");
	t = tool_parse(":raw  two spaces\\r\\n");
	cr_assert_eq(t.cmd, TOOL_RAW);
	cr_assert_str_eq(t.arg, " two spaces\\r\\n");
	t = tool_parse(":save /tmp/x.txt");
	cr_assert_eq(t.cmd, TOOL_SAVE);
	cr_assert_str_eq(t.arg, "/tmp/x.txt");
	cr_assert_eq(tool_parse(":w out").cmd, TOOL_SAVE);
	cr_assert_eq(tool_parse(":theme mono").cmd, TOOL_THEME);
	cr_assert_eq(tool_parse(":help").cmd, TOOL_HELP);
	cr_assert_eq(tool_parse(":quit").cmd, TOOL_QUIT);
	cr_assert_eq(tool_parse(":q").cmd, TOOL_QUIT);
	cr_assert_eq(tool_parse(":q!").cmd, TOOL_QUIT_NOW);
	cr_assert_eq(tool_parse(":bits").cmd, TOOL_BITS);
	cr_assert_eq(tool_parse(": BITS").cmd, TOOL_BITS);
}

Test(command, errors_say_what_is_missing)
{
	cr_assert_eq(tool_parse(":b64").cmd, TOOL_ERROR);
	cr_assert_eq(tool_parse(":b64 encode").cmd, TOOL_ERROR);
	cr_assert_eq(tool_parse(":auth").cmd, TOOL_ERROR);
	cr_assert_eq(tool_parse(":save").cmd, TOOL_ERROR);
	cr_assert_eq(tool_parse(":nonsense").cmd, TOOL_ERROR);
	cr_assert_eq(tool_parse(":quitx").cmd, TOOL_ERROR);
}

Test(command, table_covers_every_command)
{
	size_t n;
	const struct tool_info *t = tool_table(&n);
	const char *want[] = {"b64", "cram", "auth", "raw", "save", "export", "theme", "bits", "help", "quit"};
	cr_assert_eq(n, sizeof want / sizeof want[0]);
	for (size_t i = 0; i < n; i++) {
		cr_assert_str_eq(t[i].name, want[i]);
		cr_assert(t[i].usage[0] == ':' && *t[i].help);
	}
}

Test(command, export)
{
	struct tool_parsed t = tool_parse(":export session.txt");
	cr_assert_eq(t.cmd, TOOL_EXPORT);
	cr_assert_str_eq(t.arg, "session.txt");
	cr_assert_not(t.force);
	t = tool_parse(":export! session.txt");
	cr_assert_eq(t.cmd, TOOL_EXPORT);
	cr_assert(t.force);
	t = tool_parse(":export swaks");
	cr_assert_eq(t.cmd, TOOL_EXPORT);
	cr_assert_str_eq(t.arg, "swaks");
	t = tool_parse(":export");
	cr_assert_eq(t.cmd, TOOL_ERROR);
}

Test(command, raw_escapes)
{
	char out[16];
	const char *err = NULL;
	cr_assert_eq(tool_unescape("a\\r\\n\\t\\\\\\x00\\x7f", out, sizeof out, &err), 7);
	cr_assert_eq(memcmp(out, "a\r\n\t\\\0\x7f", 7), 0);
	cr_assert_eq(tool_unescape("\\q", out, sizeof out, &err), -1);
	cr_assert_eq(tool_unescape("\\x4", out, sizeof out, &err), -1);
	cr_assert_eq(tool_unescape("0123456789abcdefg", out, sizeof out, &err), -1);
}
