// oneDNN (Debian libdnnl-dev 2.6, the library PyTorch CPU uses): its C API for bf16 matmul primitives with float32
// accumulation. libdnnl runs on OpenMP (libgomp, loaded with it); TensorCore looks up omp_set_num_threads at run time
// to run each primitive single-threaded on its calling thread.
#include <dnnl.h>
