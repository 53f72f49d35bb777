// libqrencode from the system (Debian: libqrencode-dev), found through pkg-config.
#include <qrencode.h>
