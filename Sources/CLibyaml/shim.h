// libyaml (Debian: libyaml-dev), the C YAML parser dxready reads questionnaires, answers files
// and word lists with.
#ifndef DXREADY_CLIBYAML_SHIM_H
#define DXREADY_CLIBYAML_SHIM_H

#include <yaml.h>

#endif
