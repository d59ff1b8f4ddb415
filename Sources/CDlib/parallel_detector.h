// dlib's frontal face detector (object_detector<scan_fhog_pyramid<pyramid_down<6>>>::operator()) with its two
// expensive stages, the FHOG feature pyramid and the filter banks, spread over worker threads. Every other step (the
// pyramid images, the detection scan level by level, the sorts, the non-max suppression) runs exactly as dlib runs
// it, in the same order, so the detections are identical to the serial detector's.
#ifndef RESTYLE_CDLIB_PARALLEL_DETECTOR_H
#define RESTYLE_CDLIB_PARALLEL_DETECTOR_H

#include <dlib/image_processing.h>
#include <dlib/image_processing/frontal_face_detector.h>

#include <vector>

namespace cdlib {

class parallel_detector {
public:
    explicit parallel_detector(const dlib::frontal_face_detector &detector);

    /// As `detector(img, dets, adjust_threshold)`, on `threads` threads (1: serial; 0: dlib's own
    /// object_detector::operator(), the reference the tests compare with).
    void detect(const dlib::array2d<dlib::rgb_pixel> &img, std::vector<dlib::rect_detection> &final_dets,
                double adjust_threshold, unsigned threads) const;

private:
    mutable dlib::frontal_face_detector detector_;
    std::vector<dlib::frontal_face_detector::image_scanner_type::fhog_filterbank> filters_;
    std::vector<double> thresholds_;
};

}  // namespace cdlib

#endif
