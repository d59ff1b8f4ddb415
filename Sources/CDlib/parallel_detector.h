// dlib's frontal face detector (object_detector<scan_fhog_pyramid<pyramid_down<6>>>::operator()) run as a task graph
// on worker threads: the pyramid images (a serial chain), the FHOG features of each level and each filter bank's
// responses on each level start as soon as what they read is ready. Each task computes exactly what dlib computes;
// the detection scan level by level, the sorts and the non-max suppression then run as dlib runs them, in the same
// order, so the detections are identical to the serial detector's.
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
