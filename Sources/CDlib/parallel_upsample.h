// dlib::pyramid_up(img, out, pyramid_down<2>) of an RGB image — bilinear resize_image to the up-rectangle — with the
// output rows split into bands over threads. Each band computes its rows with the same arithmetic as dlib's RGB
// bilinear resize (dlib's simd4f/simd4i types, the same row accumulator), so the image is byte-identical to dlib's.
#ifndef RESTYLE_CDLIB_PARALLEL_UPSAMPLE_H
#define RESTYLE_CDLIB_PARALLEL_UPSAMPLE_H

#include <dlib/image_processing.h>

namespace cdlib {

/// As `dlib::pyramid_up(in, out, dlib::pyramid_down<2>())` on `threads` threads (1: one band).
void parallel_pyramid_up(const dlib::array2d<dlib::rgb_pixel> &in, dlib::array2d<dlib::rgb_pixel> &out, unsigned threads);

}  // namespace cdlib

#endif
