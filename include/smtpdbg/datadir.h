/* Where the shipped data (themes, lessons) is: found relative to the
 * running executable, never through a path compiled in from the build
 * tree, so a writable build directory cannot feed data to an installed
 * binary. */
#ifndef SMTPDBG_DATADIR_H
#define SMTPDBG_DATADIR_H

/* The data directory ("/usr/local/share/smtpdbg"; in a build tree its
 * "share/smtpdbg", which the build links to the sources), or NULL when
 * neither exists. */
const char *datadir(void);

#endif
