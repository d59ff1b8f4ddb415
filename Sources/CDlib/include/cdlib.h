// C interface to dlib's HOG frontal face detector and its shape predictor (dlib 19.24, Debian's libdlib-dev).
// Imported by exactly one Swift target (FaceDetection); no dlib or C++ type crosses this header.
// Every function catches every C++ exception: failures come back as a status and a message, never a throw.
#ifndef RESTYLE_CDLIB_H
#define RESTYLE_CDLIB_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define CDLIB_MESSAGE_LENGTH 512

/// Outcome of a call. The message buffer (CDLIB_MESSAGE_LENGTH bytes) holds dlib's text when not CDLIB_OK.
typedef enum {
    CDLIB_OK = 0,
    CDLIB_FAILED = 1,       // dlib threw (message: its what())
    CDLIB_NO_MEMORY = 2,    // std::bad_alloc
    CDLIB_CORRUPT = 3,      // dlib::serialization_error while reading a model file
} cdlib_status;

/// An axis-aligned face box in image pixels (inclusive corners, dlib's rectangle) and the detector's score.
typedef struct {
    long left;
    long top;
    long right;
    long bottom;
    double confidence;
} cdlib_box;

/// An RGB image copied into dlib's layout once, for detection and landmarks.
typedef struct cdlib_image cdlib_image;
/// dlib::get_frontal_face_detector(). Not safe to share between threads: one per thread.
typedef struct cdlib_detector cdlib_detector;
/// dlib::shape_predictor loaded from a file. Read-only after loading: one may serve several threads.
typedef struct cdlib_predictor cdlib_predictor;

/// Copies `rgb` (height rows of width pixels, 3 bytes R G B each, no padding) into `*image` (`cdlib_image_free`).
int cdlib_image_create(const unsigned char *rgb, long width, long height, cdlib_image **image, char *message);
void cdlib_image_free(cdlib_image *image);

/// Creates a detector in `*detector` (release with `cdlib_detector_free`).
int cdlib_detector_create(cdlib_detector **detector, char *message);
void cdlib_detector_free(cdlib_detector *detector);

/// Detects faces in `image` the way dlib's Python
/// binding does for `detector(img, upsample)`: the image is upsampled `upsample` times with pyramid_up (factor 2),
/// detections are mapped back with pyramid_down<2>::rect_down. Writes up to `capacity` boxes, in dlib's order
/// (descending confidence), and the number found to `*count` (which may exceed `capacity`: call again with more).
/// `threads` > 1 spreads the first upsampling (row bands), the feature pyramid and the filter banks over that many
/// threads (same pixels, same detections); 0 runs dlib's own pyramid_up and serial object_detector::operator() (the
/// reference for the tests).
int cdlib_detect(cdlib_detector *detector, const cdlib_image *image, unsigned upsample, unsigned threads,
                 cdlib_box *boxes, size_t capacity, size_t *count, char *message);

/// Loads a shape predictor (e.g. shape_predictor_68_face_landmarks.dat) into `*predictor`.
int cdlib_predictor_load(const char *path, cdlib_predictor **predictor, char *message);
void cdlib_predictor_free(cdlib_predictor *predictor);
/// Points per face (68 for the iBUG model).
size_t cdlib_predictor_parts(const cdlib_predictor *predictor);

/// The predictor's points inside `box` of `image`, as dlib's Python binding returns
/// them: integer pixel positions (dlib rounds), written as x0, y0, x1, y1, ... into `xy` (2 * parts values).
int cdlib_predict(const cdlib_predictor *predictor, const cdlib_image *image, cdlib_box box,
                  long *xy, size_t capacity, char *message);

#ifdef __cplusplus
}
#endif

#endif
