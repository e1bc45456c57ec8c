/* gf_help.h - the footer's line of main keys. */
#ifndef GF_HELP_H
#define GF_HELP_H

/* One line of the main keys for the footer (English; see gf_tr). */
const char *gf_help_footer(void);

#endif
