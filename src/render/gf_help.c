/* gf_help.c - the footer's line of main keys. The full list of keys is the
 * app's key table (gf_actions.h), which the help overlay reads through the
 * view. The text is English, looked up in gf_i18n.c when drawn. */
#include "gf_help.h"

const char *gf_help_footer(void)
{
    return "1–7 activation · Tab focus · Space pause · R restart · +/− depth · [ ] width · ↑↓ learning rate · "
           "D dataset · Enter type flags · H help · Q quit";
}
