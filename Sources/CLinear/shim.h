// liblinear: L2-regularised linear SVMs for InterFaceGAN boundary authoring.
#include <linear.h>
