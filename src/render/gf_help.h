/* gf_help.h - the key list shown in the help overlay and the footer. */
#ifndef GF_HELP_H
#define GF_HELP_H

struct gf_help_entry {
    const char *keys;     /* e.g. "1 … 7" */
    const char *action;   /* e.g. "activation of the focused run" */
};

int gf_help_count(void);
const struct gf_help_entry *gf_help_entry(int i);

/* One line of the main keys for the footer (English; see gf_tr). */
const char *gf_help_footer(void);

#endif
