// zlib: raw DEFLATE inflation and CRC-32 of zip entries (.npz members, torch archives).
#include <zlib.h>
