// json-c: manifests, study files, reports.
#include <json-c/json.h>
