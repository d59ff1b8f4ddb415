// dlib behind the C interface of include/cdlib.h. Each entry point wraps its whole body in one try block.
#include "cdlib.h"
#include "parallel_detector.h"
#include "parallel_upsample.h"

#include <dlib/image_processing.h>
#include <dlib/image_processing/frontal_face_detector.h>
#include <dlib/image_transforms.h>

#include <cstring>
#include <new>
#include <string>
#include <vector>

struct cdlib_detector {
    cdlib::parallel_detector detector;
};

struct cdlib_image {
    dlib::array2d<dlib::rgb_pixel> pixels;
};

struct cdlib_predictor {
    dlib::shape_predictor predictor;
};

namespace {

void write_message(char *message, const std::string &text) {
    if (message == nullptr) return;
    std::strncpy(message, text.c_str(), CDLIB_MESSAGE_LENGTH - 1);
    message[CDLIB_MESSAGE_LENGTH - 1] = 0;
}

// Runs `body`, turning every exception into a status and a message.
template <typename Body>
int guarded(char *message, Body body) {
    if (message != nullptr) message[0] = 0;
    try {
        body();
        return CDLIB_OK;
    } catch (const std::bad_alloc &) {
        write_message(message, "out of memory");
        return CDLIB_NO_MEMORY;
    } catch (const dlib::serialization_error &error) {
        write_message(message, error.what());
        return CDLIB_CORRUPT;
    } catch (const std::exception &error) {
        write_message(message, error.what());
        return CDLIB_FAILED;
    } catch (...) {
        write_message(message, "unknown C++ exception");
        return CDLIB_FAILED;
    }
}

// Copies interleaved RGB bytes into a dlib image.
void copy_rgb(const unsigned char *rgb, long width, long height, dlib::array2d<dlib::rgb_pixel> &image) {
    image.set_size(height, width);
    for (long r = 0; r < height; ++r) {
        const unsigned char *row = rgb + static_cast<size_t>(r) * static_cast<size_t>(width) * 3;
        for (long c = 0; c < width; ++c) {
            image[r][c] = dlib::rgb_pixel(row[3 * c], row[3 * c + 1], row[3 * c + 2]);
        }
    }
}

}  // namespace

extern "C" int cdlib_image_create(const unsigned char *rgb, long width, long height, cdlib_image **image,
                                  char *message) {
    *image = nullptr;
    return guarded(message, [&] {
        auto made = new cdlib_image();
        try {
            copy_rgb(rgb, width, height, made->pixels);
        } catch (...) {
            delete made;
            throw;
        }
        *image = made;
    });
}

extern "C" void cdlib_image_free(cdlib_image *image) { delete image; }

extern "C" int cdlib_detector_create(cdlib_detector **detector, char *message) {
    *detector = nullptr;
    return guarded(message, [&] {
        auto made = new cdlib_detector{cdlib::parallel_detector(dlib::get_frontal_face_detector())};
        *detector = made;
    });
}

extern "C" void cdlib_detector_free(cdlib_detector *detector) { delete detector; }

extern "C" int cdlib_detect(cdlib_detector *detector, const cdlib_image *source, unsigned upsample, unsigned threads, cdlib_box *boxes, size_t capacity, size_t *count, char *message) {
    *count = 0;
    return guarded(message, [&] {
        dlib::pyramid_down<2> pyramid;
        std::vector<dlib::rect_detection> found;
        if (upsample > 0) {
            dlib::array2d<dlib::rgb_pixel> up;
            if (threads == 0) {
                dlib::pyramid_up(source->pixels, up, pyramid);                  // dlib's own (the tests' reference)
            } else {
                cdlib::parallel_pyramid_up(source->pixels, up, threads);          // the same bytes, in row bands
            }
            for (unsigned level = 1; level < upsample; ++level) dlib::pyramid_up(up);
            detector->detector.detect(up, found, 0.0, threads);
        } else {
            detector->detector.detect(source->pixels, found, 0.0, threads);
        }
        *count = found.size();
        for (size_t i = 0; i < found.size() && i < capacity; ++i) {
            dlib::rectangle box = found[i].rect;
            if (upsample > 0) box = dlib::rectangle(pyramid.rect_down(box, upsample));  // rounds, as the binding
            boxes[i] = cdlib_box{box.left(), box.top(), box.right(), box.bottom(), found[i].detection_confidence};
        }
    });
}

extern "C" int cdlib_predictor_load(const char *path, cdlib_predictor **predictor, char *message) {
    *predictor = nullptr;
    return guarded(message, [&] {
        auto loaded = new cdlib_predictor();
        try {
            dlib::deserialize(path) >> loaded->predictor;
        } catch (...) {
            delete loaded;
            throw;
        }
        if (loaded->predictor.num_parts() == 0) {
            delete loaded;
            throw dlib::serialization_error("the model has no landmark points");
        }
        *predictor = loaded;
    });
}

extern "C" void cdlib_predictor_free(cdlib_predictor *predictor) { delete predictor; }

extern "C" size_t cdlib_predictor_parts(const cdlib_predictor *predictor) { return predictor->predictor.num_parts(); }

extern "C" int cdlib_predict(const cdlib_predictor *predictor, const cdlib_image *image, cdlib_box box, long *xy, size_t capacity, char *message) {
    return guarded(message, [&] {
        dlib::rectangle rect(box.left, box.top, box.right, box.bottom);
        dlib::full_object_detection shape = predictor->predictor(image->pixels, rect);
        for (unsigned long i = 0; i < shape.num_parts() && 2 * i + 1 < capacity; ++i) {
            xy[2 * i] = shape.part(i).x();
            xy[2 * i + 1] = shape.part(i).y();
        }
    });
}
